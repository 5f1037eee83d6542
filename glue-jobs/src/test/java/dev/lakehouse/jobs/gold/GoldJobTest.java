package dev.lakehouse.jobs.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.jobs.LakehouseJobMain;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.quality.QualityGate;
import dev.lakehouse.jobs.support.LakeFixture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gold from a small silver input written by hand. Every expected value below is worked out from
 * the seed formulas (arithmetic in the comments), not read from the job's output.
 *
 * <p>The orders (as-of date 2026-03-10, look-back 2 days, so the window starts 2026-03-08):
 * <pre>
 * O1 C1 P1 Widget 2 x 50.00 = 100.00 credit_card CA  pending 03-09 10:00, confirmed 10:30, shipped 12:00 (120 min)
 * O2 C1 P2 Gadget 1 x 450.00 = 450.00 paypal     CA  pending 03-09 10:15, shipped 11:15 (60 min)
 * O3 C2 P1 Widget 1 x 50.00 = 50.00  credit_card NY  pending 03-09 11:00, cancelled 11:30 (never shipped)
 * O8 C4 P1 Widget 1 x 55.00 = 55.00  credit_card CA  pending 03-09 13:00, shipped 13:30 (30 min)
 * O4 C3 P1 Widget 3 x 50.00 = 150.00 credit_card NY  pending 03-10 09:00, processing 09:30 (never shipped)
 * O5 C2 P3 Gizmo  4 x 20.00 = 80.00  debit_card  TX  pending 03-10 08:00, shipped 08:45 (45 min) and a duplicate
 *                                                    shipped event at 09:45 (must not count twice)
 * </pre>
 */
class GoldJobTest {
  private static final LakeFixture lake = LakeFixture.get();
  private static final String ORDER_COLS =
      "order_id, timestamp, product_id, product_name, quantity, price, total, customer_id, customer_email, payment_method,"
          + " shipping_state, status, ingestion_timestamp, silver_ingestion_timestamp, bronze_record_id";

  /** The first gold run over the silver below: every test starts from the lake it left (built once, then restored). */
  private static GoldJob.Result firstRun;

  private SparkSession spark;
  private int runs;

  @BeforeEach
  void silverByHandAndTheFirstGoldRun() {
    spark = lake.spark();
    runs = 1;
    if (firstRun != null && lake.restore("gold-first-run")) {
      return;
    }
    lake.reset();
    runs = 0;
    silverByHand();
    firstRun = gold();
    lake.save("gold-first-run");
  }

  private void silverByHand() {
    orders(
        order("O1", "2026-03-09 10:00:00", "P1", "Widget", 2, "50.00", "100.00", "C1", "credit_card", "CA", "pending"),
        order("O1", "2026-03-09 10:30:00", "P1", "Widget", 2, "50.00", "100.00", "C1", "credit_card", "CA", "confirmed"),
        order("O1", "2026-03-09 12:00:00", "P1", "Widget", 2, "50.00", "100.00", "C1", "credit_card", "CA", "shipped"),
        // C1 gave a new email with O2, its latest order: top_customers shows that one
        order("O2", "2026-03-09 10:15:00", "P2", "Gadget", 1, "450.00", "450.00", "C1", "paypal", "CA", "pending").replace("c1***@", "c1.new***@"),
        order("O2", "2026-03-09 11:15:00", "P2", "Gadget", 1, "450.00", "450.00", "C1", "paypal", "CA", "shipped").replace("c1***@", "c1.new***@"),
        order("O3", "2026-03-09 11:00:00", "P1", "Widget", 1, "50.00", "50.00", "C2", "credit_card", "NY", "pending"),
        order("O3", "2026-03-09 11:30:00", "P1", "Widget", 1, "50.00", "50.00", "C2", "credit_card", "NY", "cancelled"),
        order("O8", "2026-03-09 13:00:00", "P1", "Widget", 1, "55.00", "55.00", "C4", "credit_card", "CA", "pending"),
        order("O8", "2026-03-09 13:30:00", "P1", "Widget", 1, "55.00", "55.00", "C4", "credit_card", "CA", "shipped"),
        order("O4", "2026-03-10 09:00:00", "P1", "Widget", 3, "50.00", "150.00", "C3", "credit_card", "NY", "pending"),
        order("O4", "2026-03-10 09:30:00", "P1", "Widget", 3, "50.00", "150.00", "C3", "credit_card", "NY", "processing"),
        order("O5", "2026-03-10 08:00:00", "P3", "Gizmo", 4, "20.00", "80.00", "C2", "debit_card", "TX", "pending"),
        order("O5", "2026-03-10 08:45:00", "P3", "Gizmo", 4, "20.00", "80.00", "C2", "debit_card", "TX", "shipped"),
        order("O5", "2026-03-10 09:45:00", "P3", "Gizmo", 4, "20.00", "80.00", "C2", "debit_card", "TX", "shipped"));
    // Sessions: S1 (U1) buys; S2 (U2) only browses.
    clicks(
        click("e1", "S1", "U1", "page_view", "2026-03-09 10:00:00"),
        click("e2", "S1", "U1", "add_to_cart", "2026-03-09 10:05:00"),
        click("e3", "S1", "U1", "purchase", "2026-03-09 10:10:00"),
        click("e4", "S2", "U2", "page_view", "2026-03-10 09:00:00"),
        click("e5", "S2", "U2", "page_view", "2026-03-10 09:00:30"));
    // S1's earliest transaction is T1 (T2 is later in the same session).
    txns(
        txn("T1", "S1", "U1", "100.00", "USD", "2026-03-09 10:11:00"),
        txn("T2", "S1", "U1", "20.00", "USD", "2026-03-09 10:20:00"));
    // U1 moved from PE to CL at 03-09 12:00, after S1 started: S1 gets the PE version.
    users(
        user("U1", "2025-12-01", "mobile", "PE", "2026-01-01 00:00:00", "2026-03-09 12:00:00", false),
        user("U1", "2025-12-01", "mobile", "CL", "2026-03-09 12:00:00", null, true),
        user("U2", "2026-01-15", "desktop", "MX", "2026-02-01 00:00:00", null, true));
  }

  @Test
  void everyGoldTableHasExactlyTheRowsTheSeedFormulasGive() {
    GoldJob.Result r = firstRun;
    assertThat(r.backfill()).isTrue();
    assertThat(r.tablesPublished()).isEqualTo(14);

    assertThat(rows("SELECT order_id, CAST(order_date AS STRING), status, is_shipped, is_cancelled, processing_time_minutes, total"
        + " FROM gold.order_facts ORDER BY order_id")).containsExactly(
        "O1|2026-03-09|shipped|true|false|120.0|100.00",
        "O2|2026-03-09|shipped|true|false|60.0|450.00",
        "O3|2026-03-09|cancelled|false|true|null|50.00",
        "O4|2026-03-10|processing|false|false|null|150.00",
        // shipped_at is the first shipped event (08:45): 45 min, the 09:45 duplicate changes nothing
        "O5|2026-03-10|shipped|true|false|45.0|80.00",
        "O8|2026-03-09|shipped|true|false|30.0|55.00");

    // Sales 1, shipped only. 03-09 P1: O1 100.00 + O8 55.00 = 155.00 over 2 orders, avg 77.50,
    // quantity 2 + 1 = 3, prices 50.00..55.00. O3 (cancelled) and O4 (never shipped) are out.
    assertThat(rows("SELECT CAST(date AS STRING), product_id, product_name, total_revenue, total_orders, total_quantity_sold,"
        + " avg_order_value, min_price, max_price FROM gold.daily_product_revenue ORDER BY date DESC, total_revenue DESC"))
        .containsExactly(
            "2026-03-10|P3|Gizmo|80.00|1|4|80.00|20.00|20.00",
            "2026-03-09|P2|Gadget|450.00|1|1|450.00|450.00|450.00",
            "2026-03-09|P1|Widget|155.00|2|3|77.50|50.00|55.00");

    // Sales 2: created in the hour of creation, completed in the hour of the first shipped event.
    // 03-09: h10 O1,O2 created; h11 O3 created, O2 done (450.00, 60 min); h12 O1 done (100.00, 120);
    // h13 O8 created and done (55.00, 30). 03-10: h8 O5 created and done (80.00, 45); h9 O4 created.
    assertThat(rows("SELECT CAST(date AS STRING), hour, orders_created_count, orders_completed_count, revenue_per_hour,"
        + " avg_processing_time_minutes FROM gold.hourly_order_trends ORDER BY date, hour")).containsExactly(
        "2026-03-09|10|2|0|0.00|null",
        "2026-03-09|11|1|1|450.00|60.0",
        "2026-03-09|12|0|1|100.00|120.0",
        "2026-03-09|13|1|1|55.00|30.0",
        "2026-03-10|8|1|1|80.00|45.0",
        "2026-03-10|9|1|0|0.00|null");

    // Sales 3: 03-09 has 4 orders: 3 shipped (75.00 %, 100 + 450 + 55 = 605.00), 1 cancelled (25.00 %,
    // 50.00). 03-10 has 2: O4 processing (50.00 %, 150.00), O5 shipped (50.00 %, 80.00). Zero rows kept.
    assertThat(rows("SELECT CAST(date AS STRING), status, status_count, status_percentage, total_revenue_by_status"
        + " FROM gold.order_status_distribution ORDER BY date, status")).containsExactly(
        "2026-03-09|cancelled|1|25.00|50.00",
        "2026-03-09|confirmed|0|0.00|0.00",
        "2026-03-09|pending|0|0.00|0.00",
        "2026-03-09|processing|0|0.00|0.00",
        "2026-03-09|shipped|3|75.00|605.00",
        "2026-03-10|cancelled|0|0.00|0.00",
        "2026-03-10|confirmed|0|0.00|0.00",
        "2026-03-10|pending|0|0.00|0.00",
        "2026-03-10|processing|1|50.00|150.00",
        "2026-03-10|shipped|1|50.00|80.00");

    // Sales 4: 03-09 created 4, shipped 3 (3/4 = 75.00), cancelled 1 (25.00); 03-10: 2, 1 (50.00), 0 (0.00).
    assertThat(rows("SELECT CAST(date AS STRING), total_orders_created, total_orders_shipped, total_orders_cancelled,"
        + " conversion_rate, cancellation_rate FROM gold.daily_conversion_metrics ORDER BY date")).containsExactly(
        "2026-03-09|4|3|1|75.00|25.00",
        "2026-03-10|2|1|0|50.00|0.00");

    // Sales 5 (shipped): 03-09 credit_card O1 + O8 = 155.00 / 2 = 77.50, 2 of 3 = 66.67 %; paypal 450.00,
    // 1 of 3 = 33.33 %. 03-10 debit_card 80.00, 100.00 %.
    assertThat(rows("SELECT CAST(date AS STRING), payment_method, total_revenue, order_count, avg_order_value,"
        + " payment_method_percentage FROM gold.payment_method_revenue ORDER BY date, payment_method")).containsExactly(
        "2026-03-09|credit_card|155.00|2|77.50|66.67",
        "2026-03-09|paypal|450.00|1|450.00|33.33",
        "2026-03-10|debit_card|80.00|1|80.00|100.00");

    // Sales 6, all time, shipped: P2 450.00 (qty 1), P1 155.00 (qty 3), P3 80.00 (qty 4).
    assertThat(rows("SELECT ranking, rank, product_id, total_revenue, quantity_sold FROM gold.top_products ORDER BY ranking, rank"))
        .containsExactly(
            "top_10_by_quantity|1|P3|80.00|4",
            "top_10_by_quantity|2|P1|155.00|3",
            "top_10_by_quantity|3|P2|450.00|1",
            "top_10_by_revenue|1|P2|450.00|1",
            "top_10_by_revenue|2|P1|155.00|3",
            "top_10_by_revenue|3|P3|80.00|4");

    // Customers (shipped orders, all time): C1 100 + 450 = 550.00 in 2 orders (avg 275.00), first and
    // last 03-09, tenure 03-10 − 03-09 = 1 day, email from O2 (created 10:15, after O1's 10:00); C2 80.00
    // (its O3 was cancelled); C4 55.00. C3 never had an order shipped, so is not a customer yet.
    assertThat(rows("SELECT rank, customer_id, customer_email, total_spent, order_count, avg_order_value, CAST(first_order_date AS STRING),"
        + " CAST(last_order_date AS STRING), customer_tenure_days FROM gold.top_customers ORDER BY rank")).containsExactly(
        "1|C1|c1.new***@example.com|550.00|2|275.00|2026-03-09|2026-03-09|1",
        "2|C2|c2***@example.com|80.00|1|80.00|2026-03-10|2026-03-10|0",
        "3|C4|c4***@example.com|55.00|1|55.00|2026-03-09|2026-03-09|1");

    // Segments: high (> 500) C1 550.00, 1 of 3 customers = 33.33 %; medium none; low (< 100) C2 80.00 +
    // C4 55.00 = 135.00, avg 67.50, 2 of 3 = 66.67 %.
    assertThat(rows("SELECT CAST(snapshot_date AS STRING), segment, customer_count, total_revenue, avg_customer_value,"
        + " segment_percentage FROM gold.customer_segments ORDER BY segment")).containsExactly(
        "2026-03-10|high_value|1|550.00|550.00|33.33",
        "2026-03-10|low_value|2|135.00|67.50|66.67",
        "2026-03-10|medium_value|0|0.00|0.00|0.00");

    // Payment preferences (4 shipped orders): credit_card O1 + O8 (2, 50.00 %, 155.00, avg 77.50),
    // paypal O2 (1, 25.00 %), debit_card O5 (1, 25.00 %).
    assertThat(rows("SELECT payment_method, payment_method_usage_count, payment_method_percentage, avg_order_value_by_method,"
        + " total_revenue_by_method FROM gold.payment_method_preferences ORDER BY payment_method_usage_count DESC, payment_method"))
        .containsExactly(
            "credit_card|2|50.00|77.50|155.00",
            "debit_card|1|25.00|80.00|80.00",
            "paypal|1|25.00|450.00|450.00");

    // Geography (shipped): CA O1, O2, O8 = 605.00, avg 605 / 3 = 201.666… → 201.67, customers C1 and C4;
    // TX O5 80.00. NY has only cancelled / unshipped orders.
    assertThat(rows("SELECT rank, shipping_state, order_count_by_state, revenue_by_state, avg_order_value_by_state,"
        + " unique_customers_by_state FROM gold.geographic_analysis ORDER BY rank")).containsExactly(
        "1|CA|3|605.00|201.67|2",
        "2|TX|1|80.00|80.00|1");

    // Retention: C1 repeat (2 orders); C2, C4 one-time. 1 / 3 = 33.33 %; repeat revenue 550.00 of
    // 550 + 80 + 55 = 685.00 → 80.29 %.
    assertThat(rows("SELECT CAST(snapshot_date AS STRING), repeat_customer_count, one_time_customer_count,"
        + " repeat_customer_percentage, repeat_customer_revenue, repeat_customer_revenue_percentage FROM gold.customer_retention"))
        .containsExactly("2026-03-10|1|2|33.33|550.00|80.29");

    // Processing time by segment: high C1 {120, 60} → avg 90, median 90; low C2, C4 {45, 30} → 37.5.
    assertThat(rows("SELECT customer_segment, avg_processing_time_minutes, median_processing_time_minutes,"
        + " min_processing_time_minutes, max_processing_time_minutes FROM gold.processing_time_by_segment ORDER BY customer_segment"))
        .containsExactly(
            "high_value|90.0|90.0|60.0|120.0",
            "low_value|37.5|37.5|30.0|45.0",
            "medium_value|null|null|null|null");

    // Sessions: S1 10:00–10:10 = 600 s, 3 events in order, earliest transaction T1 at 10:11 → 660 s
    // to purchase; U1's version valid at 10:00 is the PE one. S2 30 s, no transaction.
    assertThat(rows("SELECT session_id, user_id, country, device_type, CAST(signup_date AS STRING), session_duration_seconds,"
        + " CAST(session_date AS STRING), total_events, array_join(event_types, '>'), first_event_type, last_event_type,"
        + " transaction_id, transaction_amount, has_transaction, time_to_purchase_seconds, data_version"
        + " FROM gold.user_session_analysis ORDER BY session_id")).containsExactly(
        "S1|U1|PE|mobile|2025-12-01|600|2026-03-09|3|page_view>add_to_cart>purchase|page_view|purchase|T1|100.00|true|660|1",
        "S2|U2|MX|desktop|2026-01-15|30|2026-03-10|2|page_view>page_view|page_view|page_view|null|null|false|null|1");

    assertThat(rows("SELECT count(*) FROM gold.user_session_analysis.refs WHERE name LIKE 'audit_%'")).containsExactly("0");

    // Idempotent: a second run on the same silver changes nothing, not even a snapshot.
    Map<TableId, List<String>> before = contents();
    Map<TableId, Long> snapshots = currentSnapshots();
    GoldJob.Result again = gold();
    assertThat(again.tablesPublished()).isZero();
    assertThat(contents()).isEqualTo(before);
    assertThat(currentSnapshots()).isEqualTo(snapshots);
    assertThat(rows("SELECT count(*), count(DISTINCT session_id, user_id) FROM gold.user_session_analysis")).containsExactly("2|2");
    assertThat(rows("SELECT count(*), count(DISTINCT order_id) FROM gold.order_facts")).containsExactly("6|6");
  }

  @Test
  void afterAFiveDayGapLateDataOfAnyAgeChangesExactlyTheAffectedRowsAndEqualsOneRunAndRollbackRestores() throws Exception {
    Map<TableId, List<String>> before = contents();
    long firstSnapshot = currentSnapshots().get(Tables.GOLD_DAILY_PRODUCT_REVENUE);

    // Gold then does not run for five days; the next run is as of 03-15 with a 2-day look-back
    // (03-13). What arrived meanwhile is all older than that: O6 (C3, P2, 450.00, paypal, TX)
    // created and shipped on 03-09, one more S2 event (03-10), and O7's events and an S0 event of 03-05.
    orders(
        order("O6", "2026-03-09 14:00:00", "P2", "Gadget", 1, "450.00", "450.00", "C3", "paypal", "TX", "pending"),
        order("O6", "2026-03-09 15:00:00", "P2", "Gadget", 1, "450.00", "450.00", "C3", "paypal", "TX", "shipped"),
        order("O7", "2026-03-05 09:00:00", "P1", "Widget", 1, "50.00", "50.00", "C9", "paypal", "NY", "pending"),
        order("O7", "2026-03-05 10:00:00", "P1", "Widget", 1, "50.00", "50.00", "C9", "paypal", "NY", "shipped"));
    clicks(
        click("e6", "S2", "U2", "click", "2026-03-10 09:05:00"),
        click("e0", "S0", "U1", "page_view", "2026-03-05 09:00:00"));
    // O9's pending event was rejected: only its confirmation reached silver
    orders(order("O9", "2026-03-09 16:00:00", "P3", "Gizmo", 1, "20.00", "20.00", "C2", "debit_card", "TX", "confirmed"));
    GoldJob.Result r = gold(JobArgs.AS_OF_DATE, "2026-03-15");

    assertThat(r.backfill()).isFalse();
    assertThat(r.windowStart()).as("reaches back to the oldest change").hasToString("2026-03-05");
    assertThat(r.lateOrders()).isEqualTo(5);
    assertThat(r.lateClickstream()).isEqualTo(2);
    assertThat(rows("SELECT late_orders_rows, late_clickstream_rows FROM ops.gold_runs WHERE status = 'published'"
        + " ORDER BY started_at DESC LIMIT 1")).containsExactly("5|2");

    Map<TableId, List<String>> after = contents();
    // 03-09 Gadget: O2 + O6 = 900.00 over 2 orders (avg 450.00); 03-05 Widget: O7; nothing else changed.
    assertThat(changed(before, after, Tables.GOLD_DAILY_PRODUCT_REVENUE)).containsExactly(
        "-2026-03-09|P2|Gadget|450.00|1|1|450.00|450.00|450.00",
        "+2026-03-05|P1|Widget|50.00|1|1|50.00|50.00|50.00",
        "+2026-03-09|P2|Gadget|900.00|2|2|450.00|450.00|450.00");
    // 03-09 now 6 orders (O9 too), 4 shipped: 66.67 / 16.67; 03-05 one shipped order; 03-10 unchanged.
    assertThat(changed(before, after, Tables.GOLD_DAILY_CONVERSION_METRICS)).containsExactly(
        "-2026-03-09|4|3|1|75.00|25.00",
        "+2026-03-05|1|1|0|100.00|0.00",
        "+2026-03-09|6|4|1|66.67|16.67");
    // Hours 14 (created) and 15 (completed, 450.00, 60 min) of 03-09 and O7's two hours are new; O9
    // was created in no hour (no pending event); no other hour changed.
    assertThat(changed(before, after, Tables.GOLD_HOURLY_ORDER_TRENDS)).containsExactly(
        "+2026-03-05|10|0|1|50.00|60.0",
        "+2026-03-05|9|1|0|0.00|null",
        "+2026-03-09|14|1|0|0.00|null",
        "+2026-03-09|15|0|1|450.00|60.0");
    // S2 now ends at 09:05: 300 s, 3 events, last event click; S0 is new. S1 unchanged.
    assertThat(changed(before, after, Tables.GOLD_USER_SESSION_ANALYSIS).stream().map(s -> s.substring(0, 1) + s.substring(1).split("\\|")[1]))
        .containsExactly("-S2", "+S0", "+S2");
    assertThat(rows("SELECT session_duration_seconds, total_events, last_event_type FROM gold.user_session_analysis"
        + " WHERE session_id = 'S2'")).containsExactly("300|3|click");

    // The same gold as one run over all of silver: a full recompute as of the same day changes nothing.
    GoldJob.Result full = gold(JobArgs.AS_OF_DATE, "2026-03-15", JobArgs.BACKFILL, "true");
    assertThat(full.tablesPublished()).isZero();
    assertThat(contents()).isEqualTo(after);

    // Rollback through the job jar's entry point, as the runbook runs it: the table's contents are
    // again those of the first run's snapshot, and the listing shows that snapshot as current.
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      LakehouseJobMain.main(lake.args(JobArgs.JOB, PipelineJob.SNAPSHOTS.id(), JobArgs.TABLE, Tables.GOLD_DAILY_PRODUCT_REVENUE.toString(),
          JobArgs.TO_SNAPSHOT, String.valueOf(firstSnapshot)));
    } finally {
      System.setOut(stdout);
    }
    assertThat(contents().get(Tables.GOLD_DAILY_PRODUCT_REVENUE)).isEqualTo(before.get(Tables.GOLD_DAILY_PRODUCT_REVENUE));
    assertThat(currentSnapshots().get(Tables.GOLD_DAILY_PRODUCT_REVENUE)).isEqualTo(firstSnapshot);
    assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("snapshots: gold.daily_product_revenue\n").contains(firstSnapshot + "  ");
  }

  @Test
  void aFailingQualityCheckOrACrashBeforePublishLeavesPublishedGoldUnchanged() {
    Map<TableId, List<String>> before = contents();
    Map<TableId, Long> snapshots = currentSnapshots();

    // a shipped order with a negative total reaches gold's input (silver would reject it; this
    // simulates a silver bug): daily revenue for 03-10 turns negative, an error-level rule.
    orders(order("O9", "2026-03-10 10:00:00", "P9", "Broken", 1, "-5.00", "-5.00", "C5", "paypal", "CA", "pending"),
        order("O9", "2026-03-10 10:05:00", "P9", "Broken", 1, "-5.00", "-5.00", "C5", "paypal", "CA", "shipped"));
    assertThatThrownBy(this::gold)
        .isInstanceOf(QualityGate.DataQualityException.class)
        .hasMessageContaining("non_negative(total_revenue)");

    assertThat(contents()).isEqualTo(before);
    assertThat(currentSnapshots()).isEqualTo(snapshots);
    assertThat(rows("SELECT count(*) FROM gold.daily_product_revenue.refs WHERE name LIKE 'audit_%'")).containsExactly("0");
    assertThat(rows("SELECT status FROM ops.gold_runs ORDER BY started_at DESC LIMIT 1")).containsExactly("failed");
    // a failed run's branch that its discard could not drop goes with the next run; a live run's branch stays
    String failedRun = rows("SELECT run_id FROM ops.gold_runs ORDER BY started_at DESC LIMIT 1").get(0);
    spark.sql("ALTER TABLE gold.order_facts CREATE BRANCH audit_" + failedRun);
    spark.sql("ALTER TABLE gold.order_facts CREATE BRANCH audit_a_live_run");

    // a run that dies after writing and auditing, just before publishing: same guarantee
    spark.sql("DELETE FROM " + Tables.SILVER_ORDERS + " WHERE order_id = 'O9'");
    orders(order("O10", "2026-03-10 11:00:00", "P1", "Widget", 1, "50.00", "50.00", "C1", "paypal", "CA", "pending"));
    assertThatThrownBy(() -> gold(JobArgs.FAIL_AT, "before-publish")).hasMessageContaining("injected failure at before-publish");
    assertThat(contents()).isEqualTo(before);
    // the next run completes it
    gold();
    assertThat(rows("SELECT name FROM gold.order_facts.refs WHERE name LIKE 'audit_%'")).containsExactly("audit_a_live_run");
    spark.sql("ALTER TABLE gold.order_facts DROP BRANCH audit_a_live_run");
    assertThat(rows("SELECT total_orders_created FROM gold.daily_conversion_metrics WHERE date = DATE '2026-03-10'"))
        .containsExactly("3");
  }

  @Test
  void aRunThatDiesWhilePublishingIsCompletedByTheNextRunWithNothingAppliedTwice() {
    Map<TableId, Long> published = currentSnapshots();

    // a new order inside the window changes several tables; the run dies after fast-forwarding
    // the first of them (a process kill in the middle of the per-table publish sequence)
    orders(order("O11", "2026-03-10 12:00:00", "P1", "Widget", 2, "50.00", "100.00", "C1", "paypal", "CA", "pending"));
    int interrupted = runs + 1;
    assertThatThrownBy(() -> gold(JobArgs.FAIL_AT, "mid-publish")).hasMessageContaining("injected failure at mid-publish");

    String branch = "audit_run" + interrupted;
    Map<TableId, Long> afterCrash = currentSnapshots();
    List<TableId> moved = GoldJob.TABLES.stream().filter(t -> !afterCrash.get(t).equals(published.get(t))).toList();
    List<TableId> pending = GoldJob.TABLES.stream().filter(t -> !rows("SELECT name FROM " + t + ".refs WHERE name = '" + branch + "'").isEmpty()
        && !moved.contains(t)).toList();
    // the crash really was mid-way: one table already published, others still waiting on their branch
    assertThat(moved).hasSize(1);
    assertThat(pending).isNotEmpty();
    assertThat(rows("SELECT status FROM ops.gold_runs WHERE run_id = 'run" + interrupted + "' ORDER BY finished_at"))
        .containsExactly("publishing", "failed");
    // what the interrupted run audited: its branch where it had one, else main
    Map<TableId, List<String>> audited = new HashMap<>();
    for (TableId t : GoldJob.TABLES) {
      audited.put(t, moved.contains(t) || !pending.contains(t) ? contents(t, t.toString()) : contents(t, t + " VERSION AS OF '" + branch + "'"));
    }

    GoldJob.Result next = gold();

    assertThat(next.completedInterruptedRuns()).containsExactly("run" + interrupted);
    for (TableId t : GoldJob.TABLES) {
      assertThat(contents(t, t.toString())).as(t.toString()).isEqualTo(audited.get(t));
      assertThat(rows("SELECT count(*) FROM " + t + ".refs WHERE name LIKE 'audit_%'")).as(t.toString()).containsExactly("0");
    }
    // O11 counted once: 03-10 had 2 orders created (O4, O5), now 3, not 4
    assertThat(rows("SELECT total_orders_created FROM gold.daily_conversion_metrics WHERE date = DATE '2026-03-10'")).containsExactly("3");
    assertThat(rows("SELECT count(*) FROM gold.order_facts WHERE order_id = 'O11'")).containsExactly("1");
    assertThat(rows("SELECT status FROM ops.gold_runs WHERE run_id = 'run" + interrupted + "' ORDER BY finished_at"))
        .containsExactly("publishing", "failed", "published");
    // the run after the completion found nothing left to change
    assertThat(next.tablesPublished()).isZero();
  }

  // ---------------------------------------------------------------------------------------------

  private GoldJob.Result gold(String... extra) {
    JobConfig c = lake.config().with(JobArgs.AS_OF_DATE, "2026-03-10").with(JobArgs.LOOKBACK_DAYS, "2").with(JobArgs.RUN_ID, "run" + (++runs));
    for (int i = 0; i + 1 < extra.length; i += 2) {
      c = c.with(extra[i], extra[i + 1]);
    }
    GoldJob job = new GoldJob(spark, c);
    try {
      return job.run();
    } finally {
      System.out.println("gold phases: " + job.phases());
    }
  }

  private Map<TableId, List<String>> contents() {
    Map<TableId, List<String>> m = new HashMap<>();
    for (TableId t : GoldJob.TABLES) {
      String cols = spark.table(t.toString()).columns().length == 0 ? "*" : java.util.Arrays.stream(spark.table(t.toString()).columns())
          .filter(c -> !c.equals("processing_timestamp")).collect(Collectors.joining(", "));
      m.put(t, rows("SELECT " + cols + " FROM " + t).stream().sorted().toList());
    }
    return m;
  }

  /** One table's rows (processing time excluded), sorted; {@code from} may name a branch with VERSION AS OF. */
  private List<String> contents(TableId t, String from) {
    String cols = java.util.Arrays.stream(spark.table(t.toString()).columns())
        .filter(c -> !c.equals("processing_timestamp")).collect(Collectors.joining(", "));
    return rows("SELECT " + cols + " FROM " + from).stream().sorted().toList();
  }

  private Map<TableId, Long> currentSnapshots() {
    Map<TableId, Long> m = new HashMap<>();
    for (TableId t : GoldJob.TABLES) {
      List<Row> r = spark.sql("SELECT snapshot_id FROM " + t + ".refs WHERE name = 'main'").collectAsList();
      m.put(t, r.isEmpty() ? -1L : r.get(0).getLong(0));
    }
    return m;
  }

  private static List<String> changed(Map<TableId, List<String>> before, Map<TableId, List<String>> after, TableId t) {
    List<String> out = new ArrayList<>();
    before.get(t).stream().filter(r -> !after.get(t).contains(r)).forEach(r -> out.add("-" + r));
    after.get(t).stream().filter(r -> !before.get(t).contains(r)).forEach(r -> out.add("+" + r));
    return out;
  }

  private List<String> rows(String sql) {
    List<String> out = new ArrayList<>();
    for (Row r : spark.sql(sql).collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        cells.add(v instanceof scala.collection.Seq<?> s ? scala.jdk.javaapi.CollectionConverters.asJava(s).toString() : String.valueOf(v));
      }
      out.add(String.join("|", cells));
    }
    return out;
  }

  private static String order(String id, String ts, String product, String name, int qty, String price, String total,
      String customer, String payment, String state, String status) {
    return "('" + id + "', TIMESTAMP '" + ts + "', '" + product + "', '" + name + "', " + qty + ", " + price + "BD, " + total
        + "BD, '" + customer + "', '" + customer.toLowerCase() + "***@example.com', '" + payment + "', '" + state + "', '"
        + status + "', TIMESTAMP '" + ts + "', current_timestamp(), '" + id + "/" + ts + "')";
  }

  private void orders(String... rows) {
    insert(Tables.SILVER_ORDERS, ORDER_COLS, rows);
  }

  private static String click(String id, String session, String user, String type, String ts) {
    return "('" + id + "', '" + session + "', '" + user + "', '" + type + "', TIMESTAMP '" + ts + "', TIMESTAMP '" + ts
        + "', current_timestamp(), '" + id + "')";
  }

  private void clicks(String... rows) {
    insert(Tables.SILVER_CLICKSTREAM,
        "event_id, session_id, user_id, event_type, event_timestamp, ingestion_timestamp, silver_ingestion_timestamp, bronze_record_id",
        rows);
  }

  private static String txn(String id, String session, String user, String amount, String currency, String ts) {
    return "('" + id + "', '" + session + "', '" + user + "', " + amount + "BD, '" + currency + "', TIMESTAMP '" + ts
        + "', TIMESTAMP '" + ts + "', current_timestamp(), '" + id + "')";
  }

  private void txns(String... rows) {
    insert(Tables.SILVER_TRANSACTIONS,
        "transaction_id, session_id, user_id, amount, currency, transaction_timestamp, ingestion_timestamp,"
            + " silver_ingestion_timestamp, bronze_record_id",
        rows);
  }

  private static String user(String id, String signup, String device, String country, String from, String to, boolean current) {
    return "('" + id + "', DATE '" + signup + "', '" + device + "', '" + country + "', TIMESTAMP '" + from + "', TIMESTAMP '"
        + from + "', " + (to == null ? "CAST(NULL AS TIMESTAMP)" : "TIMESTAMP '" + to + "'") + ", " + current + ")";
  }

  private void users(String... rows) {
    insert(Tables.SILVER_USERS, "user_id, signup_date, device_type, country, updated_at, valid_from, valid_to, is_current", rows);
  }

  /** Inserts rows given for some columns; the table's other columns are null. */
  private void insert(TableId table, String columns, String... rows) {
    LakeFixture.insertByName(spark, table, "SELECT * FROM VALUES " + String.join(", ", rows) + " AS v(" + columns + ")");
  }
}
