package dev.lakehouse.jobs.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.jobs.catalog.TableFiles;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.erasure.ErasureJob;
import dev.lakehouse.jobs.retention.RetentionHorizon;
import dev.lakehouse.jobs.retention.RetentionJob;
import dev.lakehouse.jobs.support.LakeFixture;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Gold keeps what silver no longer holds. Three customers: A (erased below), B and C, each with an
 * order and a session in June 2024 and B and A again in November 2026. Retention as of
 * 2026-12-01 with 30 days of silver leaves silver from 2026-11-01 on; gold keeps its 2024 rows.
 * Then an erasure of A, a late event on B's 2024 order, one dated 2001 on C's, and backfills of
 * 3650 days and of all history: after each, B's and C's 2024 gold rows are the rows they were
 * before retention (read then, not recomputed), and A's per-order and per-session rows are gone.
 * Last, silver losing rows by hand makes the next gold run stop before it publishes.
 */
class GoldBeyondRetentionTest {
  private static final LakeFixture lake = LakeFixture.get();
  private static final String AS_OF = "2026-12-01";
  private static final String NOW = "now";
  private static final LocalDate HORIZON = LocalDate.parse("2026-11-01");
  private static final String ORDER_COLS = "order_id, timestamp, product_id, product_name, quantity, price, total, customer_id,"
      + " customer_email, payment_method, shipping_state, status, ingestion_timestamp, silver_ingestion_timestamp,"
      + " silver_ingestion_date, bronze_record_id";
  /** Per-order and per-session gold, without the processing time a recompute changes. */
  private static final Map<TableId, String> PER_PERSON = Map.of(
      Tables.GOLD_ORDER_FACTS, "SELECT order_id, customer_id, CAST(order_date AS STRING), status, total, is_shipped FROM gold.order_facts"
          + " WHERE order_date < DATE '" + HORIZON + "'",
      Tables.GOLD_USER_SESSION_ANALYSIS, "SELECT session_id, user_id, country, total_events, transaction_id FROM gold.user_session_analysis"
          + " WHERE session_date < DATE '" + HORIZON + "'");
  private static final String OLD_DAILY = "SELECT CAST(date AS STRING), product_id, total_revenue, total_orders FROM gold.daily_product_revenue"
      + " WHERE date < DATE '" + HORIZON + "'";

  private final SparkSession spark = lake.spark();
  private int runs;

  @Test
  void retentionThenErasureLateEventsAndBackfillsKeepEveryoneElsesHistory() throws Exception {
    lake.reset();
    silverOverTwoYears();
    GoldJob.Result first = gold();
    assertThat(first.backfill()).isTrue();
    Map<TableId, List<String>> before = perPerson();
    // by hand: every 2024 order and session is in gold
    assertThat(before.get(Tables.GOLD_ORDER_FACTS)).containsExactly(
        "OA1|USR-A|2024-06-10|shipped|40.00|true", "OB1|USR-B|2024-06-10|shipped|60.00|true", "OC1|USR-C|2024-06-11|shipped|80.00|true");
    assertThat(before.get(Tables.GOLD_USER_SESSION_ANALYSIS)).containsExactly(
        "SA1|USR-A|ES|2|TA1", "SB1|USR-B|PE|1|null", "SC1|USR-C|MX|1|null");
    List<String> oldDaily = rows(OLD_DAILY);
    assertThat(oldDaily).containsExactly("2024-06-10|P1|100.00|2", "2024-06-11|P1|80.00|1");

    RetentionJob.Report retention = new RetentionJob(spark, config("retention").with(JobArgs.RETENTION_SILVER_DAYS, "30")
        .withDefaults(PipelineJob.RETENTION.defaultArguments())).run();
    assertThat(retention.summary()).contains("silver.orders: 6 rows before " + HORIZON);
    assertThat(RetentionHorizon.silver(spark)).contains(HORIZON);
    assertThat(lake.count("silver.orders")).as("only November's events are left").isEqualTo(34);

    // 1. erasure of A, whose orders predate the horizon
    ErasureJob.Report erased = new ErasureJob(spark, config("erase-a").with(JobArgs.REQUEST_ID, "r-a").with(JobArgs.REQUESTED_BY, "test")
        .with(JobArgs.ERASE_IDS, "USR-A")).run();
    assertThat(erased.goldRecomputed()).isTrue();
    assertEveryoneElseKept(before);
    assertThat(rows("SELECT order_id FROM gold.order_facts WHERE customer_id = 'USR-A'")).isEmpty();
    assertThat(rows("SELECT session_id FROM gold.user_session_analysis WHERE user_id = 'USR-A'")).isEmpty();
    assertThat(rows("SELECT customer_id FROM gold.top_customers ORDER BY rank")).containsExactly("USR-B", "USR-C");
    // an aggregate older than the horizon keeps its sums (they name nobody); the recent day lost A's order
    assertThat(rows(OLD_DAILY)).isEqualTo(oldDaily);
    assertThat(rows("SELECT CAST(date AS STRING), total_revenue FROM gold.daily_product_revenue WHERE date >= DATE '" + HORIZON + "'"))
        .containsExactly("2026-11-20|70.00");
    // tables that never held A keep their history, so a rollback still has somewhere to go
    assertThat(TableFiles.load(spark, Tables.GOLD_DAILY_PRODUCT_REVENUE).snapshots()).hasSizeGreaterThan(1);

    // 2. a late event on B's 2024 order and one dated 2001 on C's: kept in silver, counted, gold's 2024 as it was
    insertOrders(order("OB1", "2024-06-12 09:00:00", "USR-B", "60.00", "cancelled", NOW),
        order("OC1", "2001-01-01 00:00:00", "USR-C", "80.00", "pending", NOW));
    GoldJob.Result late = gold();
    assertThat(late.windowStart()).isEqualTo(HORIZON);
    assertThat(late.summary()).contains("2 changed silver rows dated before silver's retention horizon (" + HORIZON + ") not applied");
    assertThat(rows("SELECT beyond_horizon_rows FROM ops.gold_runs WHERE run_id = '" + late.runId() + "'")).containsExactly("2");
    assertThat(rows("SELECT order_id FROM silver.orders WHERE timestamp < DATE '" + HORIZON + "' ORDER BY order_id"))
        .as("nothing is lost: both events are in silver").containsExactly("OB1", "OC1");
    assertEveryoneElseKept(before);

    // 3. backfills reaching 10 years back, and over all history
    assertThat(gold(JobArgs.LOOKBACK_DAYS, "3650").windowStart()).isEqualTo(HORIZON);
    assertEveryoneElseKept(before);
    assertThat(gold(JobArgs.BACKFILL, "true").windowStart()).isEqualTo(HORIZON);
    assertEveryoneElseKept(before);
    assertThat(rows(OLD_DAILY)).isEqualTo(oldDaily);

    // 4. silver loses November's orders by hand, not by retention: gold refuses to follow, naming the table and the count
    long published = TableFiles.currentSnapshotId(spark, Tables.GOLD_ORDER_FACTS);
    spark.sql("DELETE FROM silver.orders WHERE timestamp >= TIMESTAMP '" + HORIZON + " 00:00:00'");
    assertThatThrownBy(() -> gold(JobArgs.LOOKBACK_DAYS, "40")).hasMessageContaining("gold audit: gold.order_facts would lose 31 of its 31"
        + " rows from " + HORIZON + " on").hasMessageContaining("nothing published");
    assertThat(TableFiles.currentSnapshotId(spark, Tables.GOLD_ORDER_FACTS)).isEqualTo(published);
    assertThat(lake.count("gold.order_facts")).isEqualTo(33);
  }

  private void assertEveryoneElseKept(Map<TableId, List<String>> before) {
    Map<TableId, List<String>> now = perPerson();
    for (TableId t : PER_PERSON.keySet()) {
      assertThat(now.get(t)).as(t + " before the horizon: everyone's but A's rows as they were")
          .isEqualTo(before.get(t).stream().filter(r -> !r.contains("USR-A")).toList());
    }
  }

  private Map<TableId, List<String>> perPerson() {
    Map<TableId, List<String>> out = new TreeMap<>(java.util.Comparator.comparing(TableId::toString));
    PER_PERSON.forEach((t, sql) -> out.put(t, rows(sql + " ORDER BY 1")));
    return out;
  }

  private void silverOverTwoYears() {
    insertOrders(
        order("OA1", "2024-06-10 10:00:00", "USR-A", "40.00", "pending", "2024-06-10 12:00:00"),
        order("OA1", "2024-06-10 11:00:00", "USR-A", "40.00", "shipped", "2024-06-10 12:00:00"),
        order("OB1", "2024-06-10 10:30:00", "USR-B", "60.00", "pending", "2024-06-10 12:00:00"),
        order("OB1", "2024-06-10 11:30:00", "USR-B", "60.00", "shipped", "2024-06-10 12:00:00"),
        order("OC1", "2024-06-11 09:00:00", "USR-C", "80.00", "pending", "2024-06-11 12:00:00"),
        order("OC1", "2024-06-11 10:00:00", "USR-C", "80.00", "shipped", "2024-06-11 12:00:00"),
        order("OA2", "2026-11-20 10:00:00", "USR-A", "30.00", "pending", "2026-11-20 12:00:00"),
        order("OA2", "2026-11-20 11:00:00", "USR-A", "30.00", "shipped", "2026-11-20 12:00:00"),
        order("OB2", "2026-11-20 10:00:00", "USR-B", "70.00", "pending", "2026-11-20 12:00:00"),
        order("OB2", "2026-11-20 11:00:00", "USR-B", "70.00", "shipped", "2026-11-20 12:00:00"));
    // D's thirty November orders, none shipped: they only make the window's order facts many
    List<String> pending = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      pending.add(order(String.format("OD%02d", i), "2026-11-2" + (i % 5) + " 10:00:00", "USR-D", "10.00", "pending", "2026-11-25 00:00:00"));
    }
    insertOrders(pending.toArray(String[]::new));
    insert(Tables.SILVER_CLICKSTREAM, "event_id, session_id, user_id, event_type, event_timestamp, silver_ingestion_timestamp",
        "('ea1', 'SA1', 'USR-A', 'page_view', TIMESTAMP '2024-06-10 09:00:00', TIMESTAMP '2024-06-10 12:00:00')",
        "('ea2', 'SA1', 'USR-A', 'purchase', TIMESTAMP '2024-06-10 09:05:00', TIMESTAMP '2024-06-10 12:00:00')",
        "('eb1', 'SB1', 'USR-B', 'page_view', TIMESTAMP '2024-06-10 09:00:00', TIMESTAMP '2024-06-10 12:00:00')",
        "('ec1', 'SC1', 'USR-C', 'page_view', TIMESTAMP '2024-06-11 09:00:00', TIMESTAMP '2024-06-11 12:00:00')",
        "('ea3', 'SA2', 'USR-A', 'page_view', TIMESTAMP '2026-11-20 09:00:00', TIMESTAMP '2026-11-20 12:00:00')",
        "('eb3', 'SB2', 'USR-B', 'page_view', TIMESTAMP '2026-11-20 09:00:00', TIMESTAMP '2026-11-20 12:00:00')");
    insert(Tables.SILVER_TRANSACTIONS, "transaction_id, session_id, user_id, amount, currency, transaction_timestamp, silver_ingestion_timestamp",
        "('TA1', 'SA1', 'USR-A', 40.00BD, 'USD', TIMESTAMP '2024-06-10 09:06:00', TIMESTAMP '2024-06-10 12:00:00')");
    // B moved from PE to CL in 2025: the closed PE version, valid for SB1, is past retention
    insert(Tables.SILVER_USERS, "user_id, signup_date, device_type, country, updated_at, valid_from, valid_to, is_current,"
            + " silver_ingestion_timestamp",
        "('USR-A', DATE '2024-01-01', 'mobile', 'ES', TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-01 00:00:00',"
            + " CAST(NULL AS TIMESTAMP), true, TIMESTAMP '2024-01-01 00:00:00')",
        "('USR-B', DATE '2024-01-01', 'mobile', 'PE', TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-01 00:00:00',"
            + " TIMESTAMP '2025-01-01 00:00:00', false, TIMESTAMP '2024-01-01 00:00:00')",
        "('USR-B', DATE '2024-01-01', 'mobile', 'CL', TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2025-01-01 00:00:00',"
            + " CAST(NULL AS TIMESTAMP), true, TIMESTAMP '2025-01-01 00:00:00')",
        "('USR-C', DATE '2024-01-01', 'desktop', 'MX', TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-01 00:00:00',"
            + " CAST(NULL AS TIMESTAMP), true, TIMESTAMP '2024-01-01 00:00:00')");
  }

  /** {@code silverAt}: when silver wrote the row, or {@link #NOW} (gold finds new rows by it). */
  private static String order(String id, String ts, String customer, String total, String status, String silverAt) {
    String written = silverAt.equals(NOW) ? "current_timestamp(), current_date()"
        : "TIMESTAMP '" + silverAt + "', DATE '" + silverAt.substring(0, 10) + "'";
    return "('" + id + "', TIMESTAMP '" + ts + "', 'P1', 'Widget', 1, " + total + "BD, " + total + "BD, '" + customer + "', '"
        + customer.toLowerCase() + "***@example.com', 'credit_card', 'CA', '" + status + "', TIMESTAMP '" + ts + "', " + written
        + ", '" + id + "/" + ts + "')";
  }

  private void insertOrders(String... rows) {
    insert(Tables.SILVER_ORDERS, ORDER_COLS, rows);
  }

  private void insert(TableId table, String columns, String... rows) {
    LakeFixture.insertByName(spark, table, "SELECT * FROM VALUES " + String.join(", ", rows) + " AS v(" + columns + ")");
  }

  private JobConfig config(String runId) {
    return lake.config().with(JobArgs.AS_OF_DATE, AS_OF).with(JobArgs.RUN_ID, runId);
  }

  private GoldJob.Result gold(String... args) {
    JobConfig c = config("gold-" + (++runs)).withDefaults(PipelineJob.GOLD.defaultArguments());
    for (int i = 0; i + 1 < args.length; i += 2) {
      c = c.with(args[i], args[i + 1]);
    }
    return new GoldJob(spark, c).run();
  }

  private List<String> rows(String sql) {
    List<String> out = new ArrayList<>();
    for (Row r : spark.sql(sql).collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        cells.add(String.valueOf(r.get(i)));
      }
      out.add(String.join("|", cells));
    }
    return out;
  }
}
