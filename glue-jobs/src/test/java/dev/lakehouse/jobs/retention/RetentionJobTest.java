package dev.lakehouse.jobs.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.jobs.catalog.TableFiles;
import dev.lakehouse.jobs.ops.JobStateStore;
import dev.lakehouse.jobs.silver.ClickstreamSilverJob;
import dev.lakehouse.jobs.support.LakeFixture;
import org.junit.jupiter.api.Test;

/**
 * Rows dated before each layer's policy leave the table, exactly those, by dropping whole files
 * where the table is partitioned by that date; what remains reads, and so does the snapshot
 * before the run (no file a live snapshot needs is removed). As of 2026-12-01 with the seed's
 * policy: bronze 90 days (cut-off 2026-09-02), silver 365 (2025-12-01), rejected 30 (2026-11-01).
 */
class RetentionJobTest {
  private final LakeFixture lake = LakeFixture.get();

  @Test
  void deletesExactlyTheRowsPastEachLayersRetentionAndLeavesTheRestReadable() {
    lake.reset();
    LakeFixture.insertByName(lake.spark(), Tables.BRONZE_CLICKSTREAM, "SELECT * FROM VALUES"
        + " ('b-old', DATE '2026-09-01'), ('b-first-kept', DATE '2026-09-02'), ('b-new', DATE '2026-11-30')"
        + " AS t(record_id, ingestion_date)");
    LakeFixture.insertByName(lake.spark(), Tables.SILVER_CLICKSTREAM, "SELECT * FROM VALUES"
        + " ('e-old', TIMESTAMP '2025-11-30 23:59:59'), ('e-first-kept', TIMESTAMP '2025-12-01 00:00:00'),"
        + " ('e-new', TIMESTAMP '2026-11-01 10:00:00') AS t(event_id, event_timestamp)");
    LakeFixture.insertByName(lake.spark(), Tables.SILVER_USERS, "SELECT * FROM VALUES"
        + " ('u1', TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2025-06-01 00:00:00', false),"
        + " ('u1', TIMESTAMP '2025-06-01 00:00:00', CAST(NULL AS TIMESTAMP), true),"
        + " ('u2', TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2026-06-01 00:00:00', false)"
        + " AS t(user_id, valid_from, valid_to, is_current)");
    LakeFixture.insertByName(lake.spark(), Tables.REJECTED_CLICKSTREAM, "SELECT * FROM VALUES"
        + " ('r-old', TIMESTAMP '2026-10-31 23:00:00'), ('r-new', TIMESTAMP '2026-11-15 00:00:00') AS t(bronze_record_id, rejected_at)");
    long bronzeBefore = TableFiles.load(lake.spark(), Tables.BRONZE_CLICKSTREAM).currentSnapshot().snapshotId();
    // silver has read all of bronze: after the delete it must not start from a snapshot that expires
    new JobStateStore(lake.spark()).commit("silver-clickstream", Tables.BRONZE_CLICKSTREAM, bronzeBefore, "t");

    RetentionJob.Report report = new RetentionJob(lake.spark(), lake.config().with(JobArgs.AS_OF_DATE, "2026-12-01")
        .withDefaults(dev.lakehouse.contract.pipeline.PipelineJob.RETENTION.defaultArguments())).run();

    assertThat(ids("SELECT record_id FROM bronze.clickstream_raw")).containsExactly("b-first-kept", "b-new");
    assertThat(ids("SELECT event_id FROM silver.clickstream_events")).containsExactly("e-first-kept", "e-new");
    assertThat(lake.rows("SELECT user_id, is_current FROM silver.users ORDER BY user_id, valid_from"))
        .extracting(r -> tuple(r.getString(0), r.getBoolean(1))).containsExactly(tuple("u1", true), tuple("u2", false));
    assertThat(ids("SELECT bronze_record_id FROM silver.clickstream_events_rejected")).containsExactly("r-new");
    assertThat(lake.count("silver.orders")).isZero();

    // partition-aligned: the old day's file left the metadata, no file was rewritten
    assertThat(report.tables()).filteredOn(t -> t.rowsDeleted() > 0)
        .extracting(t -> t.table().toString(), RetentionJob.TableResult::rowsDeleted, RetentionJob.TableResult::filesRewritten)
        .contains(tuple("bronze.clickstream_raw", 1L, 0L), tuple("silver.clickstream_events", 1L, 0L),
            tuple("silver.clickstream_events_rejected", 1L, 0L));
    assertThat(lake.rows("SELECT table_name, rows_deleted, CAST(cutoff AS STRING) FROM ops.retention_runs WHERE rows_deleted > 0"
        + " ORDER BY table_name")).extracting(r -> tuple(r.getString(0), r.getLong(1), r.getString(2)))
        .containsExactly(tuple("bronze.clickstream_raw", 1L, "2026-09-02"), tuple("silver.clickstream_events", 1L, "2025-12-01"),
            tuple("silver.clickstream_events_rejected", 1L, "2026-11-01"), tuple("silver.users", 1L, "2025-12-01"));
    // the snapshot before the run still reads in full (its files are kept until it expires)
    assertThat(lake.spark().read().option("snapshot-id", bronzeBefore).table("bronze.clickstream_raw").count()).isEqualTo(3);
    // silver continues after the delete: nothing new to read, nothing lost
    assertThat(new ClickstreamSilverJob(lake.spark(), lake.config()).run().skipped()).isTrue();
  }

  /**
   * Bronze rows its silver job has not read are never lost: retention keeps them (and says so)
   * until the job has read them, and maintenance never expires the snapshot the job reads on from.
   */
  @Test
  void rowsSilverHasNotReadYetOutliveRetentionAndMaintenance() {
    lake.reset();
    LakeFixture.insertByName(lake.spark(), Tables.BRONZE_CLICKSTREAM, "SELECT 'b-first' AS record_id, DATE '2026-08-30' AS ingestion_date");
    long first = TableFiles.currentSnapshotId(lake.spark(), Tables.BRONZE_CLICKSTREAM);
    LakeFixture.insertByName(lake.spark(), Tables.BRONZE_CLICKSTREAM, "SELECT 'b-read' AS record_id, DATE '2026-09-01' AS ingestion_date");
    long read = TableFiles.currentSnapshotId(lake.spark(), Tables.BRONZE_CLICKSTREAM);
    JobStateStore state = new JobStateStore(lake.spark());
    state.commit("silver-clickstream", Tables.BRONZE_CLICKSTREAM, read, "t");
    LakeFixture.insertByName(lake.spark(), Tables.BRONZE_CLICKSTREAM, "SELECT * FROM VALUES"
        + " ('b-unread-old', DATE '2026-08-01'), ('b-unread-new', DATE '2026-11-30') AS t(record_id, ingestion_date)");
    long current = TableFiles.currentSnapshotId(lake.spark(), Tables.BRONZE_CLICKSTREAM);
    var config = lake.config().with(JobArgs.AS_OF_DATE, "2026-12-01")
        .withDefaults(dev.lakehouse.contract.pipeline.PipelineJob.RETENTION.defaultArguments());

    RetentionJob.Report deferred = new RetentionJob(lake.spark(), config).run();
    assertThat(ids("SELECT record_id FROM bronze.clickstream_raw")).containsExactly("b-first", "b-read", "b-unread-new", "b-unread-old");
    assertThat(deferred.summary()).contains("WARNING: bronze.clickstream_raw: 3 rows past retention kept: silver-clickstream has not processed");
    assertThat(lake.rows("SELECT rows_deleted, deferred IS NOT NULL FROM ops.retention_runs WHERE table_name = 'bronze.clickstream_raw'"))
        .extracting(r -> tuple(r.getLong(0), r.getBoolean(1))).containsExactly(tuple(0L, true));

    // maintenance keeping no history at all still keeps the snapshot silver starts from
    new dev.lakehouse.jobs.gold.MaintenanceJob(lake.spark(), lake.config().with(JobArgs.TABLE, "bronze.clickstream_raw")
        .with(JobArgs.SNAPSHOT_RETENTION_DAYS, "0").with(JobArgs.RETAIN_LAST, "1")).run();
    org.apache.iceberg.Table bronze = TableFiles.load(lake.spark(), Tables.BRONZE_CLICKSTREAM);
    assertThat(bronze.snapshot(first)).as("an older snapshot did expire").isNull();
    assertThat(bronze.snapshot(read)).isNotNull();
    // silver's next read (an incremental append scan from its last snapshot) finds the two unread rows
    assertThat(lake.spark().read().format("iceberg").option("start-snapshot-id", read).option("end-snapshot-id", current)
        .load("lakehouse.bronze.clickstream_raw").select("record_id").collectAsList()).extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("b-unread-old", "b-unread-new");

    // once silver has read them, the next retention run deletes what is due
    state.commit("silver-clickstream", Tables.BRONZE_CLICKSTREAM, current, "t");
    RetentionJob.Report done = new RetentionJob(lake.spark(), config.with(JobArgs.RUN_ID, "again")).run();
    assertThat(done.summary()).doesNotContain("WARNING");
    assertThat(ids("SELECT record_id FROM bronze.clickstream_raw")).containsExactly("b-unread-new");
    assertThat(state.lastSnapshot("silver-clickstream")).contains(TableFiles.currentSnapshotId(lake.spark(), Tables.BRONZE_CLICKSTREAM));
  }

  private java.util.List<String> ids(String sql) {
    return lake.rows(sql + " ORDER BY 1").stream().map(r -> r.getString(0)).toList();
  }
}
