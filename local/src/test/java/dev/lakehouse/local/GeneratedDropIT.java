package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

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
 * injected, not from the jobs. Then the invariant of running over time: the same drop cut into 2
 * and into 4 daily deliveries, each run through the pipeline's jobs in turn, gives exactly the
 * silver and gold of the one run — with gold run as of a day weeks after the data.
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

  /** The pipeline's jobs, in the ASL's order, over what has landed since the last run. */
  private static void runPipelineOnce(JobConfig c) throws Exception {
    new OrdersBronzeJob(lake.spark(), c).run();
    for (Source s : List.of(Source.CLICKSTREAM, Source.TRANSACTIONS, Source.USERS)) {
      lake.runBronze(s);
    }
    for (SilverJob job : List.of(new ClickstreamSilverJob(lake.spark(), c), new OrdersSilverJob(lake.spark(), c),
        new TransactionsSilverJob(lake.spark(), c), new UsersSilverJob(lake.spark(), c))) {
      SilverJob.Result r = job.run();
      assertThat(r.skipped() || r.counts().balanced()).as(job.jobName() + " balanced").isTrue();
    }
    new GoldJob(lake.spark(), c).run();
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
  void everyGoldTableIsFilledAndAGoldRerunChangesNothing() {
    assertThat(gold.backfill()).isTrue();
    assertThat(gold.tablesPublished()).isEqualTo(GoldJob.TABLES.size());
    for (TableId t : GoldJob.TABLES) {
      assertThat(lake.count(t.toString())).as(t.toString()).isPositive();
    }
    // gold's order facts cover every order silver holds
    assertThat(lake.rows("SELECT count(DISTINCT order_id) FROM silver.orders").get(0).getLong(0))
        .isEqualTo(lake.count("gold.order_facts"));
    GoldJob.Result again = new GoldJob(lake.spark(), config).run();
    assertThat(again.tablesPublished()).isZero();
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

  @Test
  @Order(4)
  void anySplitIntoDailyDeliveriesGivesTheSameSilverAndGold() throws Exception {
    assertThat(reSends.clickstream()).isPositive();
    assertThat(reSends.transactions()).isPositive();
    Map<String, List<String>> whole = comparable();
    assertEverySessionCarriesTheUsersVersionValidAtItsStart();
    Path splits = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "deliveries");
    // six pipeline runs on a small drop: fewer shuffle tasks per query (the results do not depend on it)
    String shuffle = lake.spark().conf().get("spark.sql.shuffle.partitions");
    lake.spark().conf().set("spark.sql.shuffle.partitions", "2");
    try {
      splitRuns(whole, splits);
    } finally {
      lake.spark().conf().set("spark.sql.shuffle.partitions", shuffle);
    }
  }

  private static void splitRuns(Map<String, List<String>> whole, Path splits) throws Exception {
    for (int k : List.of(2, 4)) {
      lake.reset();
      String topic = "orders-k" + k;
      kafka.createTopic(topic, 3);
      JobConfig c = config.with(JobArgs.KAFKA_TOPIC, topic);
      int d = 0;
      for (Path delivery : DropSplit.split(drop, k, splits.resolve("k" + k))) {
        DropLander.land(delivery, lake.lakeDir(), kafka, topic);
        runPipelineOnce(c.with(JobArgs.RUN_ID, "k" + k + "-" + (++d)));
      }
      assertThat(differences(whole, comparable())).as("silver and gold after %d deliveries vs one run", k).isEmpty();
      assertEverySessionCarriesTheUsersVersionValidAtItsStart();
    }
  }

  /**
   * Every session has the attributes of the silver.users version valid at its start (none where
   * no version is), and some sessions carry a version other than their user's first: a late
   * users row did update the sessions it is valid for.
   */
  private static void assertEverySessionCarriesTheUsersVersionValidAtItsStart() {
    String valid = " FROM gold.user_session_analysis g LEFT JOIN silver.users u ON u.user_id = g.user_id"
        + " AND u.valid_from <= g.session_start_time AND (u.valid_to IS NULL OR g.session_start_time < u.valid_to)";
    assertThat(lake.rows("SELECT count(*)" + valid
        + " WHERE NOT (g.device_type <=> u.device_type AND g.country <=> u.country AND g.signup_date <=> u.signup_date)").get(0).getLong(0))
        .isZero();
    assertThat(lake.rows("SELECT count(*)" + valid
        + " WHERE u.valid_from > (SELECT min(f.valid_from) FROM silver.users f WHERE f.user_id = u.user_id)").get(0).getLong(0))
        .isPositive();
  }

  /** Columns that say when or in which run a row was written, or where a copy came from: they differ by design. */
  private static final java.util.Set<String> RUN_METADATA = java.util.Set.of("run_id", "rejected_at", "processing_timestamp",
      "silver_ingestion_timestamp", "silver_ingestion_date", "ingestion_timestamp", "ingestion_date", "bronze_record_id", "source_ref");

  /** Every silver (rejected included) and gold table's rows without run metadata, as sorted strings. */
  private static Map<String, List<String>> comparable() {
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (String ns : List.of("silver", "gold")) {
      for (Row t : lake.rows("SHOW TABLES IN " + ns)) {
        String table = ns + "." + t.getString(1);
        String cols = java.util.Arrays.stream(lake.spark().table(table).columns()).filter(c -> !RUN_METADATA.contains(c))
            .collect(Collectors.joining(", "));
        all.put(table, lake.rows("SELECT " + cols + " FROM " + table).stream().map(Row::toString).sorted().collect(Collectors.toList()));
      }
    }
    return all;
  }

  /** Per table, the rows only one side has (at most 5 each way), so a failure shows what differs. */
  private static List<String> differences(Map<String, List<String>> expected, Map<String, List<String>> actual) {
    List<String> out = new java.util.ArrayList<>();
    for (String table : expected.keySet()) {
      Map<String, Long> balance = new java.util.HashMap<>();
      expected.get(table).forEach(r -> balance.merge(r, 1L, Long::sum));
      actual.getOrDefault(table, List.of()).forEach(r -> balance.merge(r, -1L, Long::sum));
      balance.entrySet().stream().filter(e -> e.getValue() > 0).limit(5).forEach(e -> out.add(table + " missing " + e.getKey()));
      balance.entrySet().stream().filter(e -> e.getValue() < 0).limit(5).forEach(e -> out.add(table + " extra   " + e.getKey()));
    }
    return out;
  }

  /** Every row of every table, as sorted strings. */
  private static Map<String, List<String>> contents() {
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (String ns : List.of("bronze", "silver", "ops")) {
      for (Row t : lake.rows("SHOW TABLES IN " + ns)) {
        String table = ns + "." + t.getString(1);
        all.put(table, lake.spark().table(table).collectAsList().stream().map(Row::toString).sorted().collect(Collectors.toList()));
      }
    }
    return all;
  }
}
