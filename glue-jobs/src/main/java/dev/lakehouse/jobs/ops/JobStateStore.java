package dev.lakehouse.jobs.ops;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.jobs.catalog.TableFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Remembers, per job, the last bronze snapshot it fully processed ({@code ops.job_state}). */
public final class JobStateStore {
  private final SparkSession spark;

  public JobStateStore(SparkSession spark) {
    this.spark = spark;
  }

  public Optional<Long> lastSnapshot(String job) {
    List<Row> rows =
        spark.table(Tables.OPS_JOB_STATE.toString())
            .where(org.apache.spark.sql.functions.col("job").equalTo(job))
            .select("last_snapshot_id")
            .collectAsList();
    return rows.isEmpty() || rows.get(0).isNullAt(0) ? Optional.empty() : Optional.of(rows.get(0).getLong(0));
  }

  /** The silver job reading {@code table} (a bronze table) and where its next read starts (empty: from the beginning). */
  public record Unread(String job, Optional<Long> from) {}

  /** The job that reads {@code table} incrementally, when it has not yet processed the table's current snapshot. */
  public Optional<Unread> unread(TableId table) {
    Optional<String> job = readerOf(table);
    Long current = job.isEmpty() ? null : TableFiles.currentSnapshotId(spark, table);
    if (current == null) {
      return Optional.empty();
    }
    Optional<Long> from = lastSnapshot(job.get());
    return from.equals(Optional.of(current)) ? Optional.empty() : Optional.of(new Unread(job.get(), from));
  }

  /**
   * After commits on {@code table} that add no rows (a retention or erasure delete, a rewrite of
   * files or manifests): a job that had read up to {@code before} has read up to the last of them
   * too, so its next read starts there (the earlier one may be expired). It moves over commits that
   * add no rows only: an append committed meanwhile, by anyone, stays ahead of it and is read next.
   */
  public void advancePastNoRowCommits(TableId table, Long before, String runId) {
    Optional<String> job = readerOf(table);
    if (before == null || job.isEmpty() || !lastSnapshot(job.get()).equals(Optional.of(before))) {
      return;
    }
    Table t = TableFiles.load(spark, table);
    List<Snapshot> since = new ArrayList<>(); // newest first, down to (not including) before
    Snapshot s = t.currentSnapshot();
    while (s != null && s.snapshotId() != before) {
      since.add(s);
      s = s.parentId() == null ? null : t.snapshot(s.parentId());
    }
    if (s == null) {
      return; // before is not an ancestor of the current state: nothing to move over
    }
    long to = before;
    for (int i = since.size() - 1; i >= 0 && !DataOperations.APPEND.equals(since.get(i).operation()); i--) {
      to = since.get(i).snapshotId();
    }
    if (to != before) {
      commit(job.get(), table, to, runId);
    }
  }

  /**
   * {@code wanted}, or earlier: expiry never reaches the bronze snapshot its silver job reads on from
   * next (a pipeline stopped for longer than the snapshot retention would otherwise find it gone, and
   * with it the unread rows).
   */
  public Instant expireBefore(TableId table, Instant wanted) {
    Optional<Long> from = unread(table).flatMap(Unread::from);
    Snapshot start = from.map(id -> TableFiles.load(spark, table).snapshot(id)).orElse(null);
    return start == null ? wanted : Instant.ofEpochMilli(Math.min(start.timestampMillis(), wanted.toEpochMilli()));
  }

  private static Optional<String> readerOf(TableId table) {
    for (Source s : Source.values()) {
      if (s.bronze().equals(table)) {
        return Optional.of(PipelineJob.of(PipelineJob.Stage.SILVER, s).id());
      }
    }
    return Optional.empty();
  }

  /**
   * Upserts the job's state; a single-row MERGE, atomic in Iceberg, re-run if another job's
   * state commit got in first (jobs of a Parallel state finish at the same time).
   */
  public void commit(String job, TableId source, long snapshotId, String runId) {
    CommitConflicts.retry("job state of " + job, () -> spark.sql(
        "MERGE INTO " + Tables.OPS_JOB_STATE + " t USING (SELECT "
            + Sql.literal(job) + " AS job, "
            + Sql.literal(source.toString()) + " AS source_table, "
            + snapshotId + "L AS last_snapshot_id, "
            + Sql.literal(runId) + " AS run_id, current_timestamp() AS updated_at) s "
            + "ON t.job = s.job WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *"));
  }
}
