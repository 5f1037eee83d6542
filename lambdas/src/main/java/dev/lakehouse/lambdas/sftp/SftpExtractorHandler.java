package dev.lakehouse.lambdas.sftp;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.ingest.ExtractorSettings;
import dev.lakehouse.contract.layout.LandingFormats;
import dev.lakehouse.lambdas.common.AwsClients;
import dev.lakehouse.lambdas.common.RunMetrics;
import dev.lakehouse.lambdas.common.SecretReader;
import dev.lakehouse.lambdas.common.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * EventBridge-scheduled entry point of the SFTP extractor. Configuration (environment):
 * {@code SFTP_SECRET} (Secrets Manager id, or {@code file:} locally), {@code
 * SFTP_HOST_KEY_FINGERPRINT}, {@code SFTP_REMOTE_DIR} ({@code /outbox}), {@code SFTP_FILE_GLOB}
 * ({@code transactions_*.csv}), {@code SFTP_AFTER_INGEST} ({@code keep}|{@code move}), {@code
 * SFTP_PROCESSED_DIR}, {@code LAKE_BUCKET}, {@code LAKE_KMS_KEY_ID}, {@code LEDGER_TABLE}, {@code
 * SFTP_LEASE_SECONDS} (900), {@code SFTP_MIN_FILE_AGE_SECONDS} (60), {@code SFTP_MAX_FILES_PER_RUN}
 * (200), {@code SFTP_MAX_INVALID_ROW_RATIO} (0.2).
 */
public final class SftpExtractorHandler implements RequestHandler<ScheduledEvent, SftpRunReport> {
  private final Settings settings;
  private final AwsClients aws;
  private final Clock clock;

  /** Lambda's constructor: clients are built once per container (no network I/O here). */
  public SftpExtractorHandler() {
    this(Settings.fromEnvironment(), null, Clock.systemUTC());
  }

  public SftpExtractorHandler(Settings settings, AwsClients aws, Clock clock) {
    this.settings = settings;
    this.aws = aws != null ? aws : AwsClients.fromSettings(settings);
    this.clock = clock;
  }

  @Override
  public SftpRunReport handleRequest(ScheduledEvent event, Context context) {
    return PowertoolsLogging.withLogging(context, () -> run(context));
  }

  private SftpRunReport run(Context context) {
    String remoteDir = settings.string(ExtractorSettings.SFTP_REMOTE_DIR, "/outbox");
    SftpExtractor.AfterIngest after =
        SftpExtractor.AfterIngest.valueOf(settings.string(ExtractorSettings.SFTP_AFTER_INGEST, "keep").toUpperCase(java.util.Locale.ROOT));
    SftpExtractor.Options options =
        new SftpExtractor.Options(
            remoteDir,
            settings.string(ExtractorSettings.SFTP_FILE_GLOB, "transactions_*.csv"),
            after,
            settings.string(ExtractorSettings.SFTP_PROCESSED_DIR, remoteDir + "/processed"),
            settings.required(ExtractorSettings.LAKE_BUCKET),
            settings.optional(ExtractorSettings.LAKE_KMS_KEY_ID).orElse(null),
            settings.positiveLong(ExtractorSettings.SFTP_LEASE_SECONDS, 900),
            settings.nonNegativeLong(ExtractorSettings.SFTP_MIN_FILE_AGE_SECONDS, 60),
            (int) settings.positiveLong(ExtractorSettings.SFTP_MAX_FILES_PER_RUN, 200),
            (int) settings.positiveLong(ExtractorSettings.SFTP_PART_SIZE_BYTES, 8L * 1024 * 1024),
            (int) settings.positiveLong(ExtractorSettings.SFTP_MAX_ATTEMPTS, 3));
    FileLedger ledger =
        new FileLedger(aws.dynamo(), settings.required(ExtractorSettings.LEDGER_TABLE), Source.TRANSACTIONS.id(), context.getAwsRequestId());
    CsvFileCheck check =
        new CsvFileCheck(LandingFormats.TRANSACTIONS_CSV_HEADER, LandingFormats.TRANSACTIONS_REQUIRED,
            settings.fraction(ExtractorSettings.SFTP_MAX_INVALID_ROW_RATIO, 0.2));
    SftpEndpoint endpoint =
        SftpEndpoint.fromSecret(new SecretReader(aws.secrets()).read(settings.required(ExtractorSettings.SFTP_SECRET)),
            settings.required(ExtractorSettings.SFTP_HOST_KEY_FINGERPRINT));
    SftpRunReport report;
    try (SftpConnection sftp = SftpConnection.open(endpoint)) {
      report = new SftpExtractor(aws.s3(), ledger, check, options, clock).run(sftp);
    } catch (IOException e) {
      throw new UncheckedIOException("SFTP extract from " + endpoint + " failed: " + e.getMessage(), e);
    }
    RunMetrics.publish(
        settings, Source.TRANSACTIONS.id(),
        Map.of("FilesListed", (double) report.listed, "FilesLanded", (double) report.landed,
            "FilesQuarantined", (double) report.quarantined, "FilesFailed", (double) report.failed,
            "Rows", (double) report.rows, "RejectedRows", (double) report.invalidRows),
        Map.of("Duration", (double) report.millis),
        Map.of("BytesLanded", (double) report.bytes));
    org.slf4j.LoggerFactory.getLogger(SftpExtractorHandler.class).info("sftp extract: {}", report);
    if (report.failed > 0) {
      // the invocation fails, so its Errors alarm and the pipeline see it; what did land stays landed
      throw new FilesFailedException(report);
    }
    return report;
  }

  /** Some files did not land in this invocation (each is retried, then quarantined after its last attempt). */
  public static final class FilesFailedException extends IllegalStateException {
    private final transient SftpRunReport report;

    FilesFailedException(SftpRunReport report) {
      super(report.failed + " of " + report.listed + " SFTP files failed to land (" + report.landed + " landed): "
          + String.join("; ", report.errors));
      this.report = report;
    }

    public SftpRunReport report() {
      return report;
    }
  }
}
