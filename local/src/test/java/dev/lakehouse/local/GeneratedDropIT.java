package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.datagen.DropManifest;
import dev.lakehouse.datagen.GeneratorConfig;
import dev.lakehouse.datagen.SourceCounts;
import dev.lakehouse.datagen.SourceDropGenerator;
import dev.lakehouse.jobs.bronze.OrdersBronzeJob;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.erasure.ErasureJob;
import dev.lakehouse.jobs.gold.GoldJob;
import dev.lakehouse.jobs.ops.ReconciliationRecorder;
import dev.lakehouse.jobs.silver.ClickstreamSilverJob;
import dev.lakehouse.jobs.silver.OrdersSilverJob;
import dev.lakehouse.jobs.silver.SilverJob;
import dev.lakehouse.jobs.silver.TransactionsSilverJob;
import dev.lakehouse.jobs.silver.UsersSilverJob;
import dev.lakehouse.jobs.support.LakeFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole of bronze + silver + gold on a generated drop with every anomaly kind, plus re-sends
 * that carry a later timestamp, through the real transports (files in the landing layouts, order
 * events on a real Kafka broker). Expected counts come from the generator's manifest of what it
 * injected, not from the jobs. (The same drop cut into daily deliveries, through
 * {@code local run}: {@link LocalRunOverTimeIT}.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GeneratedDropIT {
  private static final LakeFixture lake = LakeFixture.get();
  /** Weeks after the drop's days: every delivery is far older than gold's look-back. */
  private static final String AS_OF = "2026-12-01";
  private static EmbeddedKafka kafka;
  private static DropManifest manifest;
  private static DropSplit.ReSends reSends;
  private static Path drop;
  private static JobConfig config;
  private static final Map<Source, SilverJob.Result> results = new LinkedHashMap<>();
  private static GoldJob.Result gold;

  @BeforeAll
  static void runPipeline() throws Exception {
    kafka = new EmbeddedKafka();
    kafka.createTopic(LakeLayout.ORDERS_TOPIC, 3);
    lake.reset();
    drop = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "drop");
    Files.delete(drop);
    manifest = SourceDropGenerator.generate(GeneratorConfig.defaults().withSeed(7).withScale(0.06), drop);
    reSends = DropSplit.addReSends(drop, 40);
    DropLander.land(drop, lake.lakeDir(), kafka);
    // as of a fixed day: with today's date, a re-run after midnight UTC would recompute the date-keyed gold tables
    config = lake.config().with(JobArgs.KAFKA_BOOTSTRAP, kafka.bootstrapServers()).with(JobArgs.AS_OF_DATE, AS_OF);

    new OrdersBronzeJob(lake.spark(), config).run();
    for (Source s : List.of(Source.CLICKSTREAM, Source.TRANSACTIONS, Source.USERS)) {
      lake.runBronze(s);
    }
    results.put(Source.CLICKSTREAM, new ClickstreamSilverJob(lake.spark(), config).run());
    results.put(Source.ORDERS, new OrdersSilverJob(lake.spark(), config).run());
    results.put(Source.TRANSACTIONS, new TransactionsSilverJob(lake.spark(), config).run());
    results.put(Source.USERS, new UsersSilverJob(lake.spark(), config).run());
    gold = new GoldJob(lake.spark(), config.with(JobArgs.RUN_ID, "whole")).run();
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private static void assertSource(Source source, long rejected) {
    SourceCounts m = manifest.source(source.id());
    ReconciliationRecorder.Counts c = results.get(source).counts();
    int resent = source == Source.CLICKSTREAM ? reSends.clickstream() : source == Source.TRANSACTIONS ? reSends.transactions() : 0;
    // a re-sent row replaces its original: one more bronze row, counted as a duplicate
    long duplicates = m.anomaly("duplicate") + resent;
    assertThat(c.bronzeRows()).as("%s bronze rows", source).isEqualTo(m.records() + resent);
    assertThat(c.rejectedRows()).as("%s rejected", source).isEqualTo(rejected);
    assertThat(c.duplicatesRemoved()).as("%s duplicates", source).isEqualTo(duplicates);
    assertThat(c.silverRows()).as("%s silver", source).isEqualTo(m.records() + resent - rejected - duplicates);
    assertThat(c.balanced()).isTrue();
    assertThat(lake.count(source.silver().toString())).isEqualTo(c.silverRows());
    assertThat(lake.count(source.rejected().toString())).isEqualTo(rejected);
  }

  @Test
  @Order(1)
  void clickstreamReconciles() {
    SourceCounts m = manifest.source("clickstream");
    assertSource(Source.CLICKSTREAM,
        m.anomaly("corrupt") + m.anomaly("null_required") + m.anomaly("future_timestamp") + m.anomaly("unknown_event_type"));
  }

  @Test
  @Order(1)
  void ordersReconcile() {
    SourceCounts m = manifest.source("orders");
    assertSource(Source.ORDERS,
        m.anomaly("corrupt") + m.anomaly("null_required") + m.anomaly("future_timestamp") + m.anomaly("bad_total") + m.anomaly("unknown_status"));
  }

  @Test
  @Order(1)
  void transactionsReconcile() {
    SourceCounts m = manifest.source("transactions");
    assertSource(Source.TRANSACTIONS,
        m.anomaly("corrupt") + m.anomaly("null_required") + m.anomaly("future_timestamp")
            + m.anomaly("negative_amount") + m.anomaly("non_numeric_amount"));
  }

  @Test
  @Order(1)
  void usersReconcile() {
    SourceCounts m = manifest.source("users");
    assertSource(Source.USERS, m.anomaly("corrupt") + m.anomaly("null_required"));
    // Every user has exactly one current version; updated users have two.
    assertThat(lake.rows("SELECT count(*) FROM silver.users WHERE is_current").get(0).getLong(0))
        .isEqualTo(lake.rows("SELECT count(DISTINCT user_id) FROM silver.users").get(0).getLong(0));
    assertThat(lake.rows("SELECT count(*) FROM silver.users WHERE NOT is_current").get(0).getLong(0)).isEqualTo(m.anomaly("updated_version"));
  }

  @Test
  @Order(2)
  void noClearEmailOrCardNumberAnywhereInSilverOrGold() {
    PiiScan.Result scan = PiiScan.silverAndGold(lake.spark(), "");
    assertThat(scan.scanned()).isGreaterThan(2_000);
    assertThat(scan.findings()).isEmpty();
    // The data did contain PII to hide: bronze has clear emails and cards.
    assertThat(lake.rows("SELECT count(*) FROM bronze.orders_raw WHERE customer_email LIKE '%@%.%' AND customer_email NOT LIKE '%*%'").get(0).getLong(0)).isPositive();
    assertThat(lake.rows("SELECT count(*) FROM bronze.transactions_raw WHERE card_number RLIKE '^[0-9]{16}$'").get(0).getLong(0)).isPositive();
  }

  @Test
  @Order(2)
  void everyGoldTableIsFilledFromEveryOrder() {
    assertThat(gold.backfill()).isTrue();
    assertThat(gold.tablesPublished()).isEqualTo(GoldJob.TABLES.size());
    for (TableId t : GoldJob.TABLES) {
      assertThat(lake.count(t.toString())).as(t.toString()).isPositive();
    }
    // gold's order facts cover every order silver holds
    assertThat(lake.rows("SELECT count(DISTINCT order_id) FROM silver.orders").get(0).getLong(0))
        .isEqualTo(lake.count("gold.order_facts"));
    // that a rerun changes nothing: GoldJobTest (incremental) and the erasure test below (all history)
  }


  @Test
  @Order(3)
  void reRunningEveryJobOnTheSameInputChangesNothing() throws Exception {
    Map<String, List<String>> before = contents();
    LakeFixture.deleteTree(Path.of(java.net.URI.create(config.lakeRoot() + "/" + LakeLayout.CHECKPOINTS)));
    // Checkpoints gone: the same Kafka offsets and the same landed files are replayed into bronze.
    assertThat(new OrdersBronzeJob(lake.spark(), config).run().rows()).isZero();
    for (Source s : List.of(Source.CLICKSTREAM, Source.TRANSACTIONS, Source.USERS)) {
      assertThat(lake.runBronze(s)).as("replayed %s files", s).isZero();
    }
    assertThat(new ClickstreamSilverJob(lake.spark(), config).run().skipped()).isTrue();
    assertThat(new OrdersSilverJob(lake.spark(), config).run().skipped()).isTrue();
    assertThat(new TransactionsSilverJob(lake.spark(), config).run().skipped()).isTrue();
    assertThat(new UsersSilverJob(lake.spark(), config).run().skipped()).isTrue();
    assertThat(contents()).isEqualTo(before);

    // A crash after silver committed but before the job recorded its progress: the rerun
    // processes the same bronze range again and silver and rejected stay exactly as they were.
    lake.spark().sql("DELETE FROM ops.job_state");
    for (SilverJob job : List.of(new ClickstreamSilverJob(lake.spark(), config), new OrdersSilverJob(lake.spark(), config),
        new TransactionsSilverJob(lake.spark(), config), new UsersSilverJob(lake.spark(), config))) {
      SilverJob.Result r = job.run();
      assertThat(r.counts().silverRows()).isZero();
      assertThat(r.counts().balanced()).isTrue();
    }
    Map<String, List<String>> after = contents();
    for (String table : before.keySet()) {
      if (table.startsWith("silver.") || table.startsWith("bronze.")) {
        assertThat(after.get(table)).as(table).isEqualTo(before.get(table));
      }
    }
  }

  /**
   * GDPR erasure of one customer chosen from the data (orders, users, clicks and payments): stopped
   * midway, then run again to the end; afterwards neither their email nor their id is in any row,
   * any live snapshot, any data file on disk or any landed object; every other row is as before;
   * gold equals gold built afresh from what remains; a repeat finds nothing; new data for the
   * same person is processed normally.
   */
  @Test
  @Order(4)
  void erasingOneCustomerRemovesThemFromEveryLayerAndNothingElse() throws Exception {
    Row who = lake.rows("SELECT u.user_id, lower(trim(u.email)) FROM bronze.users_raw u"
        + " WHERE u.email LIKE '%@%' AND u.user_id IN (SELECT customer_id FROM silver.orders WHERE status = 'shipped')"
        + " AND u.user_id IN (SELECT user_id FROM silver.clickstream_events)"
        + " AND u.user_id IN (SELECT user_id FROM silver.transactions) ORDER BY u.user_id LIMIT 1").get(0);
    String id = who.getString(0);
    String email = who.getString(1);
    java.util.regex.Pattern mentions = java.util.regex.Pattern.compile("(?i)(?<![A-Za-z0-9._%+-])" + java.util.regex.Pattern.quote(email)
        + "|(?<![A-Za-z0-9])" + java.util.regex.Pattern.quote(id) + "(?![A-Za-z0-9])");
    Map<String, List<String>> before = contents("bronze", "silver");
    assertThat(before.entrySet().stream().filter(e -> e.getKey().startsWith("bronze.") || e.getKey().startsWith("silver."))
        .flatMap(e -> e.getValue().stream()).filter(r -> mentions.matcher(r).find()).count()).as("the subject's rows").isGreaterThan(10);

    JobConfig erase = config.with(JobArgs.REQUESTED_BY, "test").with(JobArgs.ERASE_EMAILS, email.toUpperCase(java.util.Locale.ROOT));
    assertThatThrownBy(() -> new ErasureJob(lake.spark(), erase.with(JobArgs.REQUEST_ID, "r1").with(JobArgs.FAIL_AT, "silver.users")).run())
        .hasMessageContaining("stopped before silver.users");
    // until it is finished, a stopped request blocks requests for anyone else (its last tables tie the email to the id)
    assertThatThrownBy(() -> new ErasureJob(lake.spark(), erase.with(JobArgs.REQUEST_ID, "other")
        .with(JobArgs.ERASE_EMAILS, "someone.else@example.com")).run()).hasMessageContaining("erasure request r1 stopped midway");
    ErasureJob.Report done = new ErasureJob(lake.spark(), erase.with(JobArgs.REQUEST_ID, "r2")).run();
    assertThat(done.rowsByTable()).containsKeys("silver.users", "silver.orders");
    assertThat(done.goldRecomputed()).isTrue();

    // nowhere: not in any data file on disk (live or not: a superset of every live snapshot's rows), nor in any landed object
    List<String> found = new java.util.ArrayList<>();
    for (String ns : List.of("bronze", "silver", "gold", "ops")) {
      for (Row t : lake.rows("SHOW TABLES IN " + ns)) {
        Path data = Path.of(java.net.URI.create(config.warehouse() + "/" + ns + "/" + t.getString(1) + "/data"));
        if (Files.isDirectory(data)) {
          lake.spark().read().option("mergeSchema", "true").option("recursiveFileLookup", "true").parquet(data.toString())
              .collectAsList().stream().map(Row::toString).filter(r -> mentions.matcher(r).find())
              .forEach(r -> found.add(data + ": " + r));
        }
      }
    }
    try (var files = Files.walk(Path.of(java.net.URI.create(config.lakeRoot())))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(f);
        String text = new String(f.toString().endsWith(".gz")
            ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes() : bytes,
            java.nio.charset.StandardCharsets.UTF_8);
        if (mentions.matcher(text).find()) {
          found.add("object " + f);
        }
      }
    }
    assertThat(found).isEmpty();

    // everyone else's rows exactly as before
    Map<String, List<String>> after = contents("bronze", "silver");
    for (String table : before.keySet()) {
      assertThat(after.get(table)).as(table).isEqualTo(before.get(table).stream().filter(r -> !mentions.matcher(r).find()).toList());
    }
    // the audit names the subject only by its keyed hash
    assertThat(lake.rows("SELECT DISTINCT subject_hashes[0] FROM ops.erasure_log WHERE request_id = 'r2'"))
        .extracting(r -> r.getString(0))
        .containsExactly(new org.apache.commons.codec.digest.HmacUtils(org.apache.commons.codec.digest.HmacAlgorithms.HMAC_SHA_256,
            LakeFixture.PII_HASH_KEY).hmacHex(email));

    // gold after the erasure = gold recomputed from what remains: recomputing all of it changes nothing
    GoldJob.Result recomputed = new GoldJob(lake.spark(), config.with(JobArgs.BACKFILL, "true").with(JobArgs.RUN_ID, "recompute")).run();
    assertThat(recomputed.tablesPublished()).as(recomputed.summary()).isZero();

    // a repeat finds nothing, says so and is recorded
    ErasureJob.Report again = new ErasureJob(lake.spark(), erase.with(JobArgs.REQUEST_ID, "r3")).run();
    assertThat(again.rows()).isZero();
    assertThat(again.summary()).contains("0 rows");
    assertThat(lake.rows("SELECT rows_removed FROM ops.erasure_log WHERE request_id = 'r3' AND step = 'finished'"))
        .extracting(r -> r.getLong(0)).containsExactly(0L);

    // not a block list: a new event of the same person goes through as anyone's
    lake.land(Source.CLICKSTREAM, "year=2026/month=12/day=02/hour=10/after-erasure.jsonl",
        "{\"event_id\":\"evt-after-erasure\",\"session_id\":\"s-new\",\"user_id\":\"" + id
            + "\",\"event_type\":\"page_view\",\"event_timestamp\":\"2026-11-30T10:00:00Z\",\"event_details\":{}}\n");
    lake.runBronze(Source.CLICKSTREAM);
    assertThat(new ClickstreamSilverJob(lake.spark(), config).run().counts().silverRows()).isEqualTo(1);
    assertThat(lake.rows("SELECT event_id FROM silver.clickstream_events WHERE user_id = '" + id + "'"))
        .extracting(r -> r.getString(0)).containsExactly("evt-after-erasure");
  }

  /** Every row of every table, as sorted strings. */
  private static Map<String, List<String>> contents() {
    return contents("bronze", "silver", "ops");
  }

  private static Map<String, List<String>> contents(String... namespaces) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (String ns : namespaces) {
      for (Row t : lake.rows("SHOW TABLES IN " + ns)) {
        String table = ns + "." + t.getString(1);
        all.put(table, lake.spark().table(table).collectAsList().stream().map(Row::toString).sorted().collect(Collectors.toList()));
      }
    }
    return all;
  }
}
