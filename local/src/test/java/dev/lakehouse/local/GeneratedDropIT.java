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
    // that a rerun changes nothing: GoldJobTest (incremental) and LocalRunOverTimeIT's erasure (all history)
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
