package dev.lakehouse.lambdas.rds;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.lakehouse.contract.ingest.ExtractorSettings;
import dev.lakehouse.contract.layout.LandingFormats;
import dev.lakehouse.lambdas.common.AwsClients;
import dev.lakehouse.lambdas.common.RunMetrics;
import dev.lakehouse.lambdas.common.SecretReader;
import dev.lakehouse.lambdas.common.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * EventBridge-scheduled entry point of the RDS incremental extractor (runs in the VPC).
 * Configuration (environment): {@code RDS_SECRET} (Secrets Manager id, or {@code file:} locally;
 * JSON with {@code jdbcUrl} or {@code host}/{@code port}/{@code dbname}, plus {@code username},
 * {@code password}), {@code RDS_SOURCE_TABLE} ({@code public.users}), {@code RDS_COLUMNS} (the
 * contract's users columns), {@code RDS_KEY_COLUMN} ({@code user_id}), {@code
 * RDS_UPDATED_AT_COLUMN} ({@code updated_at}), {@code RDS_SAFETY_LAG_SECONDS} (120), {@code
 * RDS_PAGE_ROWS} (1000000), {@code RDS_FETCH_SIZE} (10000), {@code RDS_SOURCE_NAME} ({@code
 * users}), {@code LAKE_BUCKET}, {@code LAKE_KMS_KEY_ID}, {@code LEDGER_TABLE}.
 */
public final class RdsExtractorHandler implements RequestHandler<ScheduledEvent, RdsRunReport> {
  /** Stop starting pages when less than this is left of the invocation's time. */
  private static final long TIME_MARGIN_MILLIS = 60_000;

  private final Settings settings;
  private final AwsClients aws;
  private final Clock clock;

  public RdsExtractorHandler() {
    this(Settings.fromEnvironment(), null, Clock.systemUTC());
  }

  public RdsExtractorHandler(Settings settings, AwsClients aws, Clock clock) {
    this.settings = settings;
    this.aws = aws != null ? aws : AwsClients.fromSettings(settings);
    this.clock = clock;
  }

  @Override
  public RdsRunReport handleRequest(ScheduledEvent event, Context context) {
    return PowertoolsLogging.withLogging(context, () -> run(context));
  }

  /** Reads and checks every setting before touching the database. */
  public RdsExtractor.Options options() {
    List<String> table = SqlIdentifiers.qualifiedName(ExtractorSettings.RDS_SOURCE_TABLE, settings.string(ExtractorSettings.RDS_SOURCE_TABLE, "public.users"));
    String key = SqlIdentifiers.column(ExtractorSettings.RDS_KEY_COLUMN, settings.string(ExtractorSettings.RDS_KEY_COLUMN, "user_id"));
    String updatedAt = SqlIdentifiers.column(ExtractorSettings.RDS_UPDATED_AT_COLUMN, settings.string(ExtractorSettings.RDS_UPDATED_AT_COLUMN, "updated_at"));
    List<String> columns = new ArrayList<>();
    for (String c : settings.optional(ExtractorSettings.RDS_COLUMNS).map(v -> Arrays.asList(v.split("\\s*,\\s*"))).orElse(LandingFormats.USERS_COLUMNS)) {
      columns.add(SqlIdentifiers.column(ExtractorSettings.RDS_COLUMNS, c));
    }
    for (String needed : List.of(key, updatedAt)) {
      if (!columns.contains(needed)) {
        columns.add(needed);
      }
    }
    return new RdsExtractor.Options(
        settings.string(ExtractorSettings.RDS_SOURCE_NAME, table.get(table.size() - 1)),
        table, columns, updatedAt, key,
        settings.nonNegativeLong(ExtractorSettings.RDS_SAFETY_LAG_SECONDS, 120),
        (int) settings.positiveLong(ExtractorSettings.RDS_PAGE_ROWS, 1_000_000),
        (int) settings.positiveLong(ExtractorSettings.RDS_FETCH_SIZE, 10_000),
        settings.required(ExtractorSettings.LAKE_BUCKET),
        settings.optional(ExtractorSettings.LAKE_KMS_KEY_ID).orElse(null),
        (int) settings.positiveLong(ExtractorSettings.RDS_PART_SIZE_BYTES, 8L * 1024 * 1024));
  }

  private RdsRunReport run(Context context) {
    RdsExtractor.Options options = options();
    String ledgerTable = settings.required(ExtractorSettings.LEDGER_TABLE);
    Map<String, String> secret = new SecretReader(aws.secrets()).read(settings.required(ExtractorSettings.RDS_SECRET));
    String url = jdbcUrl(secret);
    SqlDialect dialect = SqlDialect.forJdbcUrl(url);
    Properties props = dialect.connectionProperties();
    props.setProperty("user", required(secret, "username"));
    props.setProperty("password", required(secret, "password"));
    RdsRunReport report;
    try (Connection db = DriverManager.getConnection(url, props)) {
      report =
          new RdsExtractor(dialect, aws.s3(), new WatermarkStore(aws.dynamo(), ledgerTable), options, clock)
              .run(db, context::getRemainingTimeInMillis, TIME_MARGIN_MILLIS);
    } catch (SQLException e) {
      throw new IllegalStateException("RDS extract of " + String.join(".", options.table()) + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("RDS extract of " + String.join(".", options.table()) + " failed: " + e.getMessage(), e);
    }
    RunMetrics.publish(
        settings, options.source(),
        Map.of("Rows", (double) report.rows, "ObjectsWritten", (double) report.objects,
            "WatermarkLagSeconds", (double) Math.max(0, report.watermarkLagSeconds), "LostRace", report.lostRace ? 1.0 : 0.0),
        Map.of("Duration", (double) report.millis),
        Map.of("BytesLanded", (double) report.bytes));
    org.slf4j.LoggerFactory.getLogger(RdsExtractorHandler.class).info("rds extract {}: {}", options.source(), report);
    return report;
  }

  private static String jdbcUrl(Map<String, String> secret) {
    String url = secret.get("jdbcUrl");
    if (url != null && !url.isBlank()) {
      return url;
    }
    return "jdbc:postgresql://" + required(secret, "host") + ":" + secret.getOrDefault("port", "5432") + "/"
        + required(secret, "dbname") + "?sslmode=" + secret.getOrDefault("sslmode", "require");
  }

  private static String required(Map<String, String> secret, String field) {
    String v = secret.get(field);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("RDS secret has no '" + field + "' field");
    }
    return v;
  }
}
