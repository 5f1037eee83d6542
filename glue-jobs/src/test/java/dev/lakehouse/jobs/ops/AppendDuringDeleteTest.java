package dev.lakehouse.jobs.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.jobs.erasure.ErasureJob;
import dev.lakehouse.jobs.retention.RetentionJob;
import dev.lakehouse.jobs.silver.ClickstreamSilverJob;
import dev.lakehouse.jobs.silver.SilverJob;
import dev.lakehouse.jobs.support.LakeFixture;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * A bronze append that commits while retention or an erasure deletes from the same table (Iceberg
 * lets a delete of other rows commit on top of it) is read by silver's next run and counted by its
 * reconciliation: the silver job's bookmark moves over the delete, never over the append.
 */
class AppendDuringDeleteTest {
  private final LakeFixture lake = LakeFixture.get();
  private int files;

  @Test
  void anAppendCommittedDuringRetentionOrErasureReachesSilverNext() throws Exception {
    lake.reset();
    append(event("e1", "USR-A", "2026-11-30T10:00:00Z"), event("e2", "USR-B", "2026-11-30T10:01:00Z"));
    // a re-delivery of e2 ingested long ago: retention (as of 2026-12-01, 90 days) deletes it
    lake.spark().table(Tables.BRONZE_CLICKSTREAM.toString()).where("raw_value LIKE '%\"e2\"%'")
        .withColumn("record_id", functions.lit("old-record")).withColumn("ingestion_date", functions.to_date(functions.lit("2020-01-01")))
        .writeTo(Tables.BRONZE_CLICKSTREAM.toString()).append();
    silver();

    new RetentionJob(lake.spark(), lake.config().with(JobArgs.AS_OF_DATE, "2026-12-01").with(JobArgs.RUN_ID, "retention")
        .withDefaults(PipelineJob.RETENTION.defaultArguments()))
        .onBeforeDelete(t -> {
          if (t.equals(Tables.BRONZE_CLICKSTREAM)) {
            append(event("e3", "USR-B", "2026-11-30T11:00:00Z"));
          }
        }).run();
    assertThat(lake.rows("SELECT record_id FROM bronze.clickstream_raw WHERE record_id = 'old-record'")).isEmpty();
    assertReadNext("e3");

    ErasureJob erasure = new ErasureJob(lake.spark(), lake.config().with(JobArgs.REQUEST_ID, "r1").with(JobArgs.REQUESTED_BY, "test")
        .with(JobArgs.ERASE_IDS, "USR-A").with(JobArgs.RUN_ID, "erase-1"));
    ErasureJob.Report stopped = erasure.onBeforeDelete(t -> {
      if (t.equals(Tables.BRONZE_CLICKSTREAM)) {
        append(event("e4", "USR-B", "2026-11-30T12:00:00Z"));
      }
    }).run();
    // the snapshot silver reads on from still holds A: the request is not finished, and says why
    assertThat(stopped.historyKept()).containsExactly(Tables.BRONZE_CLICKSTREAM);
    assertThat(stopped.summary()).contains("WARNING: the history of [bronze.clickstream_raw] still holds the person");
    assertReadNext("e4");

    ErasureJob.Report finished = new ErasureJob(lake.spark(), lake.config().with(JobArgs.REQUEST_ID, "r2").with(JobArgs.REQUESTED_BY, "test")
        .with(JobArgs.ERASE_IDS, "USR-A").with(JobArgs.RUN_ID, "erase-2")).run();
    assertThat(finished.historyKept()).isEmpty();
    assertThat(lake.rows("SELECT count(*) FROM ops.erasure_log WHERE step = 'finished' AND request_id IN ('r1', 'r2')").get(0).getLong(0))
        .isEqualTo(2);
    // no data file of the table, live or not, holds A any more; everyone else's events are all in silver
    Path data = Path.of(java.net.URI.create(lake.config().warehouse())).resolve("bronze/clickstream_raw/data");
    assertThat(lake.spark().read().option("recursiveFileLookup", "true").parquet(data.toString()).collectAsList())
        .extracting(Row::toString).noneMatch(r -> r.contains("USR-A")).isNotEmpty();
    assertThat(lake.rows("SELECT event_id FROM silver.clickstream_events ORDER BY 1")).extracting(r -> r.getString(0))
        .containsExactly("e2", "e3", "e4");
  }

  /** Silver's next run reads exactly the one event appended meanwhile, and its reconciliation counts it. */
  private void assertReadNext(String eventId) {
    SilverJob.Result next = silver();
    assertThat(next.skipped()).as("silver found the append").isFalse();
    assertThat(next.counts().bronzeRows()).isEqualTo(1);
    assertThat(lake.rows("SELECT event_id FROM silver.clickstream_events WHERE event_id = '" + eventId + "'")).hasSize(1);
    assertThat(lake.rows("SELECT bronze_rows, silver_rows, balanced FROM ops.reconciliation WHERE run_id = '" + next.runId() + "'"))
        .extracting(Row::toString).containsExactly("[1,1,true]");
  }

  private SilverJob.Result silver() {
    return new ClickstreamSilverJob(lake.spark(), lake.config().with(JobArgs.RUN_ID, "silver-" + (++files))).run();
  }

  /** Lands the events as one file and runs the bronze job on it: a real append commit. */
  private void append(String... events) {
    lake.land(Source.CLICKSTREAM, "year=2026/month=11/day=30/hour=10/events-" + (++files) + ".jsonl", String.join("\n", events) + "\n");
    lake.runBronze(Source.CLICKSTREAM);
  }

  private static String event(String id, String user, String ts) {
    return "{\"event_id\":\"" + id + "\",\"session_id\":\"s-" + user + "\",\"user_id\":\"" + user + "\",\"event_type\":\"page_view\","
        + "\"event_timestamp\":\"" + ts + "\",\"event_details\":{}}";
  }
}
