package dev.lakehouse.jobs.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.jobs.gold.MaintenanceJob;
import dev.lakehouse.jobs.support.LakeFixture;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClickstreamSilverJobTest {
  private final LakeFixture lake = LakeFixture.get();

  @BeforeEach
  void reset() {
    lake.reset();
  }

  private static String event(String id, String session, String user, String type, String ts) {
    return String.format(
        "{\"event_id\":%s,\"session_id\":%s,\"user_id\":%s,\"event_type\":%s,\"event_timestamp\":%s,\"event_details\":{\"page_url\":\"/p/1\"}}",
        q(id), q(session), q(user), q(type), q(ts));
  }

  private static String q(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  @Test
  void validatesDeduplicatesAndQuarantinesEveryBadRecord() {
    String lines =
        String.join(
            "\n",
            event("e1", "s1", "u1", "page_view", "2026-11-01T10:00:00Z"),
            event("e2", "s1", "u1", "click", "2026-11-01T10:01:00Z"),
            event("e2", "s1", "u1", "click", "2026-11-01T10:01:00Z"), // exact re-delivery
            event("e3", "s1", "u1", "add_to_cart", "2026-11-01T10:02:00Z"), // older version of e3
            event("e3", "s1", "u1", "checkout", "2026-11-01T10:05:00Z"), // kept: latest event_timestamp
            "{\"event_id\": \"e4\", \"session_id\": ", // corrupt JSON
            event(null, "s1", "u1", "click", "2026-11-01T10:06:00Z"),
            event("e9", "s1", "u1", "hover", "2026-11-01T10:07:00Z"),
            event("e10", "s1", "u1", "click", "2100-01-01T00:00:00Z"),
            event("e11", "s1", "u1", "click", "yesterday"),
            event("e5", "s2", "u2", "page_view", "2026-10-30T08:00:00Z"), // 2 days late: still valid
            "   ",
            event("e6", "s1", null, "hover", "2026-11-01T10:08:00Z"), // two rule failures
            event("e7", "s2", "u2", " Purchase ", "2026-11-01T10:09:00Z").replace("\"/p/1\"}",
                "\"/p/1\",\"search_query\":\"mail jane.doe@example.com, call +51 987 654 321, card 4111 1111 1111 1111\"}"));
    lake.land(Source.CLICKSTREAM, "year=2026/month=11/day=01/hour=10/events-1.jsonl", lines + "\n");

    assertThat(lake.runBronze(Source.CLICKSTREAM)).isEqualTo(13); // the blank line is not a record
    SilverJob.Result result = new ClickstreamSilverJob(lake.spark(), lake.config()).run();

    List<Row> silver =
        lake.rows("SELECT event_id, event_type, CAST(event_timestamp AS STRING), event_details['page_url'] FROM silver.clickstream_events ORDER BY event_id");
    assertThat(silver)
        .extracting(r -> tuple(r.getString(0), r.getString(1), r.getString(2), r.getString(3)))
        .containsExactly(
            tuple("e1", "page_view", "2026-11-01 10:00:00", "/p/1"),
            tuple("e2", "click", "2026-11-01 10:01:00", "/p/1"),
            tuple("e3", "checkout", "2026-11-01 10:05:00", "/p/1"),
            tuple("e5", "page_view", "2026-10-30 08:00:00", "/p/1"),
            tuple("e7", "purchase", "2026-11-01 10:09:00", "/p/1"));
    // free text in the details keeps its words, not the personal data in it
    assertThat(lake.rows("SELECT event_details['search_query'] FROM silver.clickstream_events WHERE event_id = 'e7'").get(0).getString(0))
        .isEqualTo("mail ***@***, call +***, card ************1111");

    List<Row> rejected =
        lake.rows("SELECT reason_code, array_join(reason_codes, ','), raw_record FROM silver.clickstream_events_rejected ORDER BY raw_record");
    assertThat(rejected)
        .extracting(r -> tuple(r.getString(0), r.getString(1)))
        .containsExactlyInAnyOrder(
            tuple("corrupt_record", "corrupt_record"),
            tuple("missing_event_id", "missing_event_id"),
            tuple("unknown_event_type", "unknown_event_type"),
            tuple("future_timestamp", "future_timestamp"),
            tuple("invalid_timestamp", "invalid_timestamp"),
            tuple("missing_user_id", "missing_user_id,unknown_event_type"));
    assertThat(rejected).extracting(r -> r.getString(2)).anyMatch(raw -> raw.equals("{\"event_id\": \"e4\", \"session_id\": "));

    // 13 bronze rows = 5 silver + 6 rejected + 2 duplicates (the e2 copy and the older e3)
    assertThat(result.counts().bronzeRows()).isEqualTo(13);
    assertThat(result.counts().silverRows()).isEqualTo(5);
    assertThat(result.counts().rejectedRows()).isEqualTo(6);
    assertThat(result.counts().duplicatesRemoved()).isEqualTo(2);
    assertThat(lake.rows("SELECT balanced FROM ops.reconciliation")).extracting(r -> r.getBoolean(0)).containsExactly(true);
    assertThat(lake.count("ops.dq_results")).isGreaterThan(0);
    assertThat(lake.rows("SELECT count(*) FROM ops.dq_results WHERE check_level = 'error' AND status <> 'Success'").get(0).getLong(0)).isZero();
  }

  @Test
  void laterRunsAreIncrementalAndReDeliveriesAreDuplicates() {
    lake.land(Source.CLICKSTREAM, "year=2026/month=11/day=01/hour=10/a.jsonl",
        event("e1", "s1", "u1", "page_view", "2026-11-01T10:00:00Z") + "\n");
    lake.runBronze(Source.CLICKSTREAM);
    new ClickstreamSilverJob(lake.spark(), lake.config()).run();

    lake.land(Source.CLICKSTREAM, "year=2026/month=11/day=01/hour=11/b.jsonl",
        event("e1", "s1", "u1", "page_view", "2026-11-01T10:00:00Z") + "\n"
            + event("e8", "s1", "u1", "click", "2026-11-01T11:00:00Z") + "\n");
    assertThat(lake.runBronze(Source.CLICKSTREAM)).isEqualTo(2); // only the new file
    SilverJob.Result second = new ClickstreamSilverJob(lake.spark(), lake.config()).run();

    assertThat(second.counts().bronzeRows()).isEqualTo(2);
    assertThat(second.counts().silverRows()).isEqualTo(1);
    assertThat(second.counts().duplicatesRemoved()).isEqualTo(1);
    assertThat(lake.rows("SELECT event_id FROM silver.clickstream_events ORDER BY event_id"))
        .extracting(r -> r.getString(0)).containsExactly("e1", "e8");

    // Nothing new: the job skips and leaves every table as it was.
    assertThat(new ClickstreamSilverJob(lake.spark(), lake.config()).run().skipped()).isTrue();
    assertThat(lake.count("silver.clickstream_events")).isEqualTo(2);
    assertThat(lake.count("ops.reconciliation")).isEqualTo(2);
  }

  @Test
  void aReSendWithAnotherTimestampInALaterRunLeavesOneRowTheLatest() {
    lake.land(Source.CLICKSTREAM, "year=2026/month=11/day=01/hour=10/a.jsonl",
        event("e1", "s1", "u1", "page_view", "2026-11-01T10:00:00Z") + "\n" + event("e2", "s1", "u1", "click", "2026-11-01T10:05:00Z") + "\n");
    lake.runBronze(Source.CLICKSTREAM);
    new ClickstreamSilverJob(lake.spark(), lake.config()).run();

    // days later: both re-sent with a later time (another day): they replace the rows
    lake.land(Source.CLICKSTREAM, "year=2026/month=11/day=04/hour=09/b.jsonl",
        event("e1", "s1", "u1", "click", "2026-11-04T09:00:00Z") + "\n" + event("e2", "s1", "u1", "add_to_cart", "2026-11-04T09:30:00Z") + "\n");
    lake.runBronze(Source.CLICKSTREAM);
    SilverJob.Result second = new ClickstreamSilverJob(lake.spark(), lake.config()).run();
    // then e1 again, with a time between the two: older than the row held, so a duplicate
    lake.land(Source.CLICKSTREAM, "year=2026/month=11/day=05/hour=09/c.jsonl", event("e1", "s1", "u1", "add_to_cart", "2026-11-02T09:00:00Z") + "\n");
    lake.runBronze(Source.CLICKSTREAM);
    SilverJob.Result third = new ClickstreamSilverJob(lake.spark(), lake.config()).run();

    assertThat(lake.rows("SELECT event_id, event_type, CAST(event_timestamp AS STRING) FROM silver.clickstream_events ORDER BY event_id"))
        .extracting(r -> tuple(r.getString(0), r.getString(1), r.getString(2)))
        .containsExactly(tuple("e1", "click", "2026-11-04 09:00:00"), tuple("e2", "add_to_cart", "2026-11-04 09:30:00"));
    // 2 bronze = 0 new silver rows + 0 rejected + 2 duplicates (both replaced rows); then 1 = 0 + 0 + 1
    assertThat(second.counts().silverRows()).isZero();
    assertThat(second.counts().duplicatesRemoved()).isEqualTo(2);
    assertThat(third.counts().silverRows()).isZero();
    assertThat(third.counts().duplicatesRemoved()).isEqualTo(1);
    assertThat(third.counts().balanced()).isTrue();
    assertThat(second.counts().balanced()).isTrue();

    // the replaces were merge-on-read (position deletes, no file rewritten); maintenance rewrites
    // the files with deleted rows and drops the deletes, and the table reads the same
    String deletes = "SELECT count(*) FROM silver.clickstream_events.delete_files";
    assertThat(lake.rows(deletes).get(0).getLong(0)).isPositive();
    new MaintenanceJob(lake.spark(), lake.config().with(JobArgs.TABLE, "silver.clickstream_events")).run();
    assertThat(lake.rows(deletes).get(0).getLong(0)).isZero();
    assertThat(lake.rows("SELECT event_id, event_type, CAST(event_timestamp AS STRING) FROM silver.clickstream_events ORDER BY event_id"))
        .extracting(r -> tuple(r.getString(0), r.getString(1), r.getString(2)))
        .containsExactly(tuple("e1", "click", "2026-11-04 09:00:00"), tuple("e2", "add_to_cart", "2026-11-04 09:30:00"));
  }
}
