package dev.lakehouse.jobs.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.jobs.JobRegistry;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.support.LakeFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An erased person stays erased: after Ana (USR-A) is erased, every source sends her rows again (the
 * orders topic rebuilt, the payment file and the clicks re-delivered, the users table restored from
 * a backup), with one new row each. None of them reaches silver or gold; each silver run counts
 * them as suppressed and still balances; Bob's rows, sent alongside, go through as ever.
 */
class ErasedStayErasedTest {
  private static final String CSV_HEADER = "transaction_id,session_id,user_id,amount,currency,transaction_timestamp,card_number\n";
  private final LakeFixture lake = LakeFixture.get();
  private long offset;
  private int deliveries;

  @Test
  void aSourceSendingAnErasedPersonsRowsAgainBringsNothingBack() throws Exception {
    lake.reset();
    deliver(false);
    runAll("before", false);
    assertThat(count("silver.orders", "customer_id = 'USR-A'")).isEqualTo(2);

    ErasureJob.Report erased = new ErasureJob(lake.spark(), config("erase").with(JobArgs.REQUEST_ID, "r-ana")
        .with(JobArgs.REQUESTED_BY, "test").with(JobArgs.ERASE_EMAILS, "ana@example.com")).run();
    assertThat(erased.rows()).isPositive();
    assertThat(lake.rows("SELECT count(*) FROM ops.erased_subjects WHERE request_id = 'r-ana'").get(0).getLong(0))
        .as("her id and her email, as keyed hashes").isEqualTo(2);

    deliver(true);
    Map<String, Long> suppressed = runAll("after", true);

    for (String t : List.of("silver.orders", "silver.clickstream_events", "silver.transactions", "silver.users", "gold.order_facts",
        "gold.user_session_analysis")) {
      String who = t.contains("orders") || t.contains("order_facts") ? "customer_id" : "user_id";
      assertThat(count(t, who + " = 'USR-A'")).as(t).isZero();
      assertThat(count(t, who + " = 'USR-B'")).as(t + ": Bob's rows go through").isPositive();
    }
    // the first delivery again plus one new row each: orders 2 + 1, clicks 1 + 1, payments 1 + 1, users 1 + 1
    assertThat(suppressed).containsExactlyInAnyOrderEntriesOf(Map.of("orders", 3L, "clickstream", 2L, "transactions", 2L, "users", 2L));
    assertThat(lake.rows("SELECT count(*) FROM ops.reconciliation WHERE NOT balanced").get(0).getLong(0)).isZero();
    assertThat(count("silver.users", "email_hash IS NOT NULL AND user_id = 'USR-A'")).isZero();
  }

  /** Runs bronze and silver for every source, then gold if asked; the rows each silver run suppressed, by source. */
  private Map<String, Long> runAll(String runId, boolean gold) throws Exception {
    Map<String, Long> suppressed = new java.util.TreeMap<>();
    for (Source s : Source.values()) {
      if (s != Source.ORDERS) { // the orders' bronze rows were appended as the orders job appends Kafka records
        JobRegistry.run(PipelineJob.of(PipelineJob.Stage.BRONZE, s), lake.spark(), config(runId));
      }
    }
    for (Source s : Source.values()) {
      JobRegistry.run(PipelineJob.of(PipelineJob.Stage.SILVER, s), lake.spark(), config(runId));
      suppressed.put(s.id(), lake.rows("SELECT suppressed_rows FROM ops.reconciliation WHERE run_id = '" + runId + "' AND source = '"
          + s.id() + "'").get(0).getLong(0));
    }
    if (gold) {
      JobRegistry.run(PipelineJob.GOLD, lake.spark(), config(runId).with(JobArgs.AS_OF_DATE, "2026-11-02"));
    }
    return suppressed;
  }

  /** Ana's and Bob's rows in every source; {@code again}: Ana's first rows re-sent, and one new row of each. */
  private void deliver(boolean again) {
    int n = ++deliveries;
    String when = again ? "2026-11-02" : "2026-11-01";
    List<String> orders = new java.util.ArrayList<>(List.of(order("O-A1", "USR-A", "ana@example.com", "2026-11-01T10:00:00Z", "pending"),
        order("O-A1", "USR-A", "ana@example.com", "2026-11-01T11:00:00Z", "shipped"),
        order("O-B" + n, "USR-B", "bob@example.com", when + "T10:00:00Z", "pending")));
    if (again) {
      orders.add(order("O-A2", "USR-A", "Ana@Example.com", "2026-11-02T09:00:00Z", "pending"));
    }
    offset += lake.appendOrders(0, offset, orders);
    StringBuilder clicks = new StringBuilder(click("e-a1", "s-a1", "USR-A", "2026-11-01T10:00:00Z") + "\n"
        + click("e-b" + n, "s-b" + n, "USR-B", when + "T10:00:00Z") + "\n");
    StringBuilder payments = new StringBuilder(CSV_HEADER + "T-A1,s-a1,USR-A,40.00,USD,2026-11-01 10:05:00,4111111111111111\n"
        + "T-B" + n + ",s-b" + n + ",USR-B,10.00,USD," + when + " 10:05:00,5500000000000004\n");
    StringBuilder users = new StringBuilder(user("USR-A", "ana@example.com", "2026-10-01 10:00:00") + "\n"
        + user("USR-B", "bob@example.com", when + " 08:00:00") + "\n");
    if (again) {
      clicks.append(click("e-a2", "s-a2", "USR-A", "2026-11-02T10:00:00Z")).append('\n');
      payments.append("T-A2,s-a2,USR-A,41.00,USD,2026-11-02 10:05:00,4111111111111111\n");
      users.append(user("USR-A", " ANA@example.com ", "2026-11-02 08:00:00")).append('\n');
    }
    lake.land(Source.CLICKSTREAM, "year=2026/month=11/day=0" + n + "/hour=10/clicks-" + n + ".jsonl", clicks.toString());
    lake.land(Source.TRANSACTIONS, "ingest_date=" + when + "/transactions_" + n + ".csv", payments.toString());
    lake.land(Source.USERS, "table=users/users-" + n + ".ndjson", users.toString());
  }

  private static String order(String id, String customer, String email, String ts, String status) {
    return "{\"order_id\":\"" + id + "\",\"timestamp\":\"" + ts + "\",\"product_id\":\"P1\",\"product_name\":\"Widget\",\"quantity\":1,"
        + "\"price\":40.00,\"total\":40.00,\"customer_id\":\"" + customer + "\",\"customer_email\":\"" + email + "\","
        + "\"payment_method\":\"credit_card\",\"shipping_address\":{\"street\":\"1 Main St\",\"city\":\"Lima\",\"state\":\"LI\","
        + "\"zip_code\":\"15001\",\"country\":\"PE\"},\"status\":\"" + status + "\",\"cancellation_reason\":null}";
  }

  private static String click(String id, String session, String user, String ts) {
    return "{\"event_id\":\"" + id + "\",\"session_id\":\"" + session + "\",\"user_id\":\"" + user + "\",\"event_type\":\"page_view\","
        + "\"event_timestamp\":\"" + ts + "\",\"event_details\":{}}";
  }

  private static String user(String id, String email, String updatedAt) {
    return "{\"user_id\":\"" + id + "\",\"email\":\"" + email + "\",\"signup_date\":\"2024-03-15\",\"device_type\":\"iOS\","
        + "\"country\":\"PE\",\"updated_at\":\"" + updatedAt + "\"}";
  }

  private long count(String table, String where) {
    return lake.rows("SELECT count(*) FROM " + table + " WHERE " + where).get(0).getLong(0);
  }

  private JobConfig config(String runId) {
    return lake.config().with(JobArgs.RUN_ID, runId).with(JobArgs.AS_OF_DATE, "2026-11-02");
  }
}
