package dev.lakehouse.lambdas.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.contract.ingest.ExtractorSettings;
import dev.lakehouse.embedded.EmbeddedPostgresDb;
import dev.lakehouse.embedded.LocalContext;
import dev.lakehouse.lambdas.common.Settings;
import dev.lakehouse.lambdas.support.LocalAws;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RdsExtractorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedPostgresDb pg;
  private static LocalAws aws;
  private static int tables;

  @TempDir Path tmp;
  private String table;
  private Map<String, String> env;

  @BeforeAll
  static void start() {
    pg = EmbeddedPostgresDb.temporary();
    aws = new LocalAws();
  }

  @AfterAll
  static void stop() {
    aws.close();
    pg.close();
  }

  @BeforeEach
  void freshTable() throws SQLException {
    env = aws.freshEnvironment();
    table = "users_" + (++tables);
    sql("CREATE TABLE " + table + " (user_id text PRIMARY KEY, email text, signup_date date, device_type text,"
        + " country text, updated_at timestamp NOT NULL)");
    sql("CREATE INDEX ON " + table + " (updated_at, user_id)");
  }

  @Test
  void watermarkTokensKeepTheTimesSeparatorsSoNoKeyHoldsACardShapedDigitRun() {
    // 2026-11-23 09:20:58.05784 as bare digits is 19 digits, and passes the Luhn check
    assertThat(RdsExtractor.token("2026-11-23 09:20:58.05784", null)).isEqualTo("2026-11-23-09-20-58-05784");
    assertThat(RdsExtractor.token("2026-11-23T09:20:58Z", "USR-73070")).isEqualTo("2026-11-23T09-20-58Z_USR-73070");
    assertThat(RdsExtractor.token(null, null)).isEqualTo("start");
  }

  @Test
  void firstRunTakesEveryRowOlderThanTheLagAndTheNextRunOnlyWhatChanged() throws Exception {
    for (int i = 1; i <= 10; i++) {
      insert("U-%02d".formatted(i), "2026-03-01 10:00:%02d".formatted(i));
    }
    insert("U-NOW", null); // updated just now: inside the safety lag, an in-flight write may still commit before it

    RdsRunReport first = extractor(1000).run(connect(), () -> Long.MAX_VALUE, 0);

    assertThat(first.rows).isEqualTo(10);
    Map<String, JsonNode> landed = landedRows();
    assertThat(landed).hasSize(10).doesNotContainKey("U-NOW");
    JsonNode u3 = landed.get("U-03");
    assertThat(u3.get("email").asText()).isEqualTo("u-03@example.com");
    assertThat(u3.get("signup_date").asText()).isEqualTo("2025-01-15");
    assertThat(u3.get("updated_at").asText()).isEqualTo("2026-03-01T10:00:03");
    assertThat(first.watermarkUpdatedAt).isEqualTo("2026-03-01 10:00:10");
    assertThat(first.watermarkKey).isEqualTo("U-10");
    assertThat(first.watermarkLagSeconds).isGreaterThan(0);

    sql("UPDATE " + table + " SET country = 'CL', updated_at = '2026-03-02 09:00:00' WHERE user_id = 'U-04'");
    insert("U-11", "2026-03-02 09:30:00");
    RdsRunReport second = extractor(1000).run(connect(), () -> Long.MAX_VALUE, 0);

    assertThat(second.rows).isEqualTo(2);
    List<JsonNode> secondRows = rows(second.keys);
    assertThat(secondRows).extracting(n -> n.get("user_id").asText()).containsExactly("U-04", "U-11");
    assertThat(secondRows.get(0).get("country").asText()).isEqualTo("CL");
    RdsRunReport third = extractor(1000).run(connect(), () -> Long.MAX_VALUE, 0);
    assertThat(third.rows).isZero();
    assertThat(third.keys).isEmpty();
  }

  @Test
  void rowsSharingOneUpdatedAtAcrossAPageBoundaryAreNeitherMissedNorRepeated() throws Exception {
    // 7 rows with the same updated_at, pages of 3: the boundary falls inside the tie twice
    for (String id : List.of("A", "B", "C", "D", "E", "F", "G")) {
      insert(id, "2026-03-01 12:00:00.123456");
    }
    insert("H", "2026-03-01 12:00:01");

    RdsRunReport r = extractor(3).run(connect(), () -> Long.MAX_VALUE, 0);

    assertThat(r.objects).isEqualTo(3);
    List<String> ids = new ArrayList<>();
    for (JsonNode n : rows(r.keys)) {
      ids.add(n.get("user_id").asText());
    }
    assertThat(ids).containsExactly("A", "B", "C", "D", "E", "F", "G", "H");
    assertThat(r.watermarkUpdatedAt).isEqualTo("2026-03-01 12:00:01");
  }

  @Test
  void aCrashAfterTheObjectAndBeforeTheWatermarkIsRepairedByTheRerunAndARewrittenPageIsItsOwnObject() throws Exception {
    for (int i = 1; i <= 5; i++) {
      insert("U-%02d".formatted(i), "2026-03-01 10:00:%02d".formatted(i));
    }
    RdsExtractor crashing =
        new RdsExtractor(new PostgresDialect(), aws.clients.s3(), watermarks(), options(2), Clock.systemUTC(),
            key -> {
              if (key.endsWith("part00001.ndjson.gz")) {
                throw new IOException("injected crash after writing " + key);
              }
            });
    assertThatThrownBy(() -> crashing.run(connect(), () -> Long.MAX_VALUE, 0)).hasMessageContaining("injected crash");
    Watermark afterCrash = watermarks().read(table);
    assertThat(afterCrash.key()).isEqualTo("U-02"); // page 0 committed, page 1 written but not committed
    assertThat(afterCrash.rangePage()).isEqualTo(1);
    List<String> crashedPage = aws.keys("landing/users/").stream().filter(k -> k.endsWith("part00001.ndjson.gz")).toList();
    // rows change between the crash and the retry: U-04 is deleted, so the retried page 1 holds
    // U-03 and U-05; one row arrives inside the range fixed before the crash, one newer than the
    // safety lag (it waits for a later range)
    sql("DELETE FROM " + table + " WHERE user_id = 'U-04'");
    insert("U-06", "2026-03-01 10:00:06");
    insert("U-NOW", null);

    RdsRunReport retry = extractor(2).run(connect(), () -> Long.MAX_VALUE, 0);
    RdsRunReport next = extractor(2).run(connect(), () -> Long.MAX_VALUE, 0);

    // the crashed page's object is kept as it was; the retry's page 1 is an object of its own, so
    // bronze reads U-05, which only the rewritten page holds (overwriting, bronze never would)
    assertThat(rows(crashedPage)).extracting(n -> n.get("user_id").asText()).containsExactly("U-03", "U-04");
    String rewritten = retry.keys.get(0);
    assertThat(rewritten).contains("part00001-r").endsWith(".ndjson.gz");
    assertThat(rows(List.of(rewritten))).extracting(n -> n.get("user_id").asText()).containsExactly("U-03", "U-05");
    List<String> all = new ArrayList<>();
    for (JsonNode n : rows(aws.keys("landing/users/"))) {
      all.add(n.get("user_id").asText());
    }
    // every row at least once; U-03 twice (silver keeps one), U-04 as it was before its deletion
    assertThat(all).containsExactlyInAnyOrder("U-01", "U-02", "U-03", "U-04", "U-03", "U-05", "U-06");
    assertThat(aws.keys("landing/users/")).hasSize(4);
    assertThat(retry.rows).isEqualTo(3);
    assertThat(next.rows).isZero();
    assertThat(watermarks().read(table).key()).isEqualTo("U-06");
  }

  @Test
  void twoConcurrentInvocationsAdvanceTheWatermarkOnceAndLandEachRowOnce() throws Exception {
    for (int i = 1; i <= 40; i++) {
      insert("U-%02d".formatted(i), "2026-03-01 10:00:%02d".formatted(i));
    }
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<RdsRunReport> reports = new ArrayList<>();
    try {
      List<Future<RdsRunReport>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(pool.submit(() -> {
          try (Connection c = connect()) {
            together.await();
            return extractor(5).run(c, () -> Long.MAX_VALUE, 0);
          }
        }));
      }
      for (Future<RdsRunReport> f : runs) {
        reports.add(f.get());
      }
    } finally {
      pool.shutdown();
    }
    // whatever the interleaving, a page is committed by exactly one of them
    assertThat(reports.get(0).rows + reports.get(1).rows).isLessThanOrEqualTo(40);
    RdsRunReport cleanup = extractor(5).run(connect(), () -> Long.MAX_VALUE, 0);
    assertThat(reports.get(0).rows + reports.get(1).rows + cleanup.rows).isEqualTo(40);
    List<String> all = new ArrayList<>();
    for (JsonNode n : rows(aws.keys("landing/users/"))) {
      all.add(n.get("user_id").asText());
    }
    assertThat(all).hasSize(40).doesNotHaveDuplicates();
    Watermark wm = watermarks().read(table);
    assertThat(wm.key()).isEqualTo("U-40");
    assertThat(wm.inRange()).isFalse();
  }

  @Test
  void aHostileTableNameInConfigurationIsRefusedAndNamed() throws Exception {
    insert("U-01", "2026-03-01 10:00:00");
    Path secret = tmp.resolve("rds.json");
    Files.writeString(secret, "{\"jdbcUrl\":\"" + pg.jdbcUrl() + "\",\"username\":\"postgres\",\"password\":\"postgres\"}");
    Map<String, String> e = new HashMap<>(env);
    e.put(ExtractorSettings.RDS_SECRET, "file:" + secret);
    e.put(ExtractorSettings.RDS_SOURCE_TABLE, table + "; DROP TABLE " + table + "; --");
    RdsExtractorHandler handler = new RdsExtractorHandler(new Settings(e), aws.clients, Clock.systemUTC());

    assertThatThrownBy(() -> handler.handleRequest(null, new LocalContext("rds-extractor", 60_000)))
        .isInstanceOf(Settings.ConfigurationException.class)
        .hasMessageContaining("RDS_SOURCE_TABLE must be a plain SQL identifier");
    e.put(ExtractorSettings.RDS_SOURCE_TABLE, table);
    e.put(ExtractorSettings.RDS_COLUMNS, "user_id,\"email\" || pg_sleep(10)");
    assertThatThrownBy(() -> new RdsExtractorHandler(new Settings(e), aws.clients, Clock.systemUTC()).options())
        .hasMessageContaining("RDS_COLUMNS must be a plain SQL identifier");
    try (Connection c = connect(); var rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1); // the table is still there
    }
    assertThat(aws.keys("")).isEmpty();
  }

  @Test
  void theHandlerReadsItsSecretAndExtracts() throws Exception {
    insert("U-01", "2026-03-01 10:00:00");
    Path secret = tmp.resolve("rds.json");
    Files.writeString(secret, "{\"jdbcUrl\":\"" + pg.jdbcUrl() + "\",\"username\":\"postgres\",\"password\":\"postgres\"}");
    Map<String, String> e = new HashMap<>(env);
    e.put(ExtractorSettings.RDS_SECRET, "file:" + secret);
    e.put(ExtractorSettings.RDS_SOURCE_TABLE, "public." + table);
    e.put(ExtractorSettings.RDS_SOURCE_NAME, "users");

    RdsRunReport r = new RdsExtractorHandler(new Settings(e), aws.clients, Clock.systemUTC())
        .handleRequest(null, new LocalContext("rds-extractor", 600_000));

    assertThat(r.rows).isEqualTo(1);
    assertThat(r.keys.get(0)).startsWith("landing/users/table=" + table + "/start__").endsWith("-part00000.ndjson.gz");
    assertThat(watermarks().read("users").key()).isEqualTo("U-01");
  }

  // ---------------------------------------------------------------------------------------------

  private RdsExtractor extractor(int pageRows) {
    return new RdsExtractor(new PostgresDialect(), aws.clients.s3(), watermarks(), options(pageRows), Clock.systemUTC());
  }

  private RdsExtractor.Options options(int pageRows) {
    return new RdsExtractor.Options(table, List.of("public", table),
        List.of("user_id", "email", "signup_date", "device_type", "country", "updated_at"), "updated_at", "user_id",
        120, pageRows, 1000, aws.bucket, null, 5 * 1024 * 1024);
  }

  private WatermarkStore watermarks() {
    return new WatermarkStore(aws.clients.dynamo(), aws.table);
  }

  private void insert(String id, String updatedAt) throws SQLException {
    String ts = updatedAt == null ? "LOCALTIMESTAMP" : "'" + updatedAt + "'";
    sql("INSERT INTO " + table + " VALUES ('" + id + "', '" + id.toLowerCase() + "@example.com', '2025-01-15', 'mobile', 'PE', " + ts + ")");
  }

  private static Connection connect() throws SQLException {
    var props = new PostgresDialect().connectionProperties();
    props.setProperty("user", "postgres");
    props.setProperty("password", "postgres");
    return DriverManager.getConnection(pg.jdbcUrl(), props);
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement s = c.createStatement()) {
      s.execute("SET TIME ZONE 'UTC'");
      s.execute(statement);
    }
  }

  private Map<String, JsonNode> landedRows() throws IOException {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode n : rows(aws.keys("landing/users/"))) {
      assertThat(out.put(n.get("user_id").asText(), n)).as("duplicate " + n).isNull();
    }
    return out;
  }

  private List<JsonNode> rows(List<String> keys) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String k : keys) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(
          new GZIPInputStream(new ByteArrayInputStream(aws.bytes(k))), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          out.add(JSON.readTree(line));
        }
      }
    }
    return out;
  }
}
