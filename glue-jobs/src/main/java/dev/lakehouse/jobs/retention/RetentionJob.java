package dev.lakehouse.jobs.retention;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.schema.TableRegistry;
import dev.lakehouse.contract.schema.TableSpec;
import dev.lakehouse.jobs.LakehouseJob;
import dev.lakehouse.jobs.catalog.TableFiles;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.ops.JobStateStore;
import dev.lakehouse.jobs.ops.Sql;
import dev.lakehouse.jobs.silver.HashedTables;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention done by the table format, not under it: deletes the rows older than each layer's policy
 * by the date the table is partitioned on (so whole files leave the table's metadata and nothing is
 * rewritten), then expires the snapshots older than {@code --snapshot-retention-days} and removes
 * orphan files, as maintenance does. Bronze keeps {@code --retention-bronze-days} of ingestion dates,
 * silver {@code --retention-silver-days} of event (orders: silver ingestion) dates and of closed
 * users versions, rejected tables {@code --retention-rejected-days}; gold and ops are kept.
 * Each table's result goes to {@code ops.retention_runs}.
 */
public final class RetentionJob implements LakehouseJob {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

  /** One table's deletion. */
  public record TableResult(TableId table, int days, LocalDate cutoff, long rowsDeleted, long filesDeleted, long filesRewritten,
      String deferred) {}

  /** What a run deleted. */
  public record Report(List<TableResult> tables) implements LakehouseJob.Outcome {
    @Override
    public String summary() {
      long rows = tables.stream().mapToLong(TableResult::rowsDeleted).sum();
      return rows + " rows past retention deleted from " + tables.stream().filter(t -> t.rowsDeleted() > 0).count() + " tables"
          + tables.stream().filter(t -> t.rowsDeleted() > 0)
              .map(t -> "\n  " + t.table() + ": " + t.rowsDeleted() + " rows before " + t.cutoff() + " (" + t.filesDeleted()
                  + " files dropped, " + t.filesRewritten() + " rewritten)").reduce("", String::concat)
          + tables.stream().filter(t -> t.deferred() != null).map(t -> "\n  WARNING: " + t.table() + ": " + t.deferred())
              .reduce("", String::concat);
    }
  }

  /** How a table's rows are dated for retention, and which policy applies. */
  private record Rule(String daysArg, String predicate) {}

  /** The dated column per table: its partition source, so a cut-off at midnight drops whole partitions. */
  private static final Map<TableId, Rule> RULES = Map.of(
      Tables.SILVER_CLICKSTREAM, new Rule(JobArgs.RETENTION_SILVER_DAYS, "event_timestamp < TIMESTAMP '%s 00:00:00'"),
      Tables.SILVER_TRANSACTIONS, new Rule(JobArgs.RETENTION_SILVER_DAYS, "transaction_timestamp < TIMESTAMP '%s 00:00:00'"),
      Tables.SILVER_ORDERS, new Rule(JobArgs.RETENTION_SILVER_DAYS, "silver_ingestion_date < DATE '%s'"),
      // the current version of a user is never past retention; a closed one is, once closed long enough
      Tables.SILVER_USERS, new Rule(JobArgs.RETENTION_SILVER_DAYS, "NOT is_current AND valid_to < TIMESTAMP '%s 00:00:00'"));

  private final SparkSession spark;
  private final JobConfig config;
  private java.util.function.Consumer<TableId> beforeDelete = t -> {};

  /** Test seam: runs just before each table's DELETE (a concurrent writer's commit lands there). */
  public RetentionJob onBeforeDelete(java.util.function.Consumer<TableId> hook) {
    this.beforeDelete = hook;
    return this;
  }

  public RetentionJob(SparkSession spark, JobConfig config) {
    this.spark = spark;
    this.config = config;
  }

  @Override
  public Report run() {
    LocalDate today = config.get(JobArgs.AS_OF_DATE).map(LocalDate::parse).orElseGet(() -> LocalDate.now(ZoneOffset.UTC));
    String runId = config.runId();
    HashedTables.requireNoRehashPending(spark);
    List<TableResult> out = new ArrayList<>();
    for (TableSpec spec : TableRegistry.all()) {
      Optional<Rule> rule = rule(spec.id());
      if (rule.isEmpty()) {
        continue;
      }
      int days = config.getInt(rule.get().daysArg(), -1);
      if (days <= 0) {
        throw new IllegalArgumentException("Job argument --" + rule.get().daysArg() + " must be a positive number of days");
      }
      LocalDate cutoff = today.minusDays(days);
      out.add(deleteBefore(spec.id(), days, cutoff, String.format(rule.get().predicate(), cutoff), runId));
    }
    expire(out);
    return new Report(out);
  }

  private static Optional<Rule> rule(TableId t) {
    if (t.namespace().equals(Namespaces.BRONZE)) {
      return Optional.of(new Rule(JobArgs.RETENTION_BRONZE_DAYS, "ingestion_date < DATE '%s'"));
    }
    for (Source s : Source.values()) {
      if (s.rejected().equals(t)) {
        return Optional.of(new Rule(JobArgs.RETENTION_REJECTED_DAYS, "rejected_at < TIMESTAMP '%s 00:00:00'"));
      }
    }
    return Optional.ofNullable(RULES.get(t));
  }

  private TableResult deleteBefore(TableId t, int days, LocalDate cutoff, String predicate, String runId) {
    JobStateStore state = new JobStateStore(spark);
    Long before = TableFiles.currentSnapshotId(spark, t);
    long rows = before == null ? 0 : spark.sql("SELECT count(*) FROM " + t + " WHERE " + predicate).first().getLong(0);
    long dropped = 0;
    long rewritten = 0;
    Long after = before;
    // rows its silver job has not read yet stay until it has (the next run after it catches up deletes them)
    String deferred = rows == 0 ? null : state.unread(t).map(u -> rows + " rows past retention kept: " + u.job()
        + " has not processed the table's latest rows yet; they are deleted by the first run after it has").orElse(null);
    if (rows > 0 && deferred == null) {
      if (t.namespace().equals(Namespaces.SILVER)) {
        RetentionHorizon.advance(spark, t, cutoff); // gold reads it: it never recomputes a day silver no longer holds
      }
      beforeDelete.accept(t);
      spark.sql("DELETE FROM " + t + " WHERE " + predicate);
      after = TableFiles.currentSnapshotId(spark, t);
      Map<String, String> summary = TableFiles.load(spark, t).snapshot(after).summary();
      dropped = Long.parseLong(summary.getOrDefault("deleted-data-files", "0"));
      rewritten = Long.parseLong(summary.getOrDefault("added-data-files", "0"));
      state.advancePastNoRowCommits(t, before, runId);
    }
    long deleted = deferred == null ? rows : 0;
    spark.sql("INSERT INTO " + Tables.OPS_RETENTION_RUNS + " (run_id, table_name, retention_days, cutoff, predicate, rows_deleted,"
        + " data_files_deleted, data_files_rewritten, snapshot_before, snapshot_after, deferred, recorded_at) VALUES ("
        + Sql.literal(runId) + ", " + Sql.literal(t.toString()) + ", " + days + ", DATE '" + cutoff + "', " + Sql.literal(predicate) + ", "
        + deleted + "L, " + dropped + "L, " + rewritten + "L, " + Sql.bigint(before) + ", " + Sql.bigint(after) + ", "
        + Sql.literal(deferred) + ", current_timestamp())");
    if (deferred != null) {
      LOG.warn("retention: {}: {}", t, deferred);
    }
    return new TableResult(t, days, cutoff, deleted, dropped, rewritten, deferred);
  }

  /** The deleted rows stay readable by time travel until their snapshots expire, as every table's do. */
  private void expire(List<TableResult> results) {
    Instant now = Instant.now();
    Instant expireBefore = now.minus(config.getInt(JobArgs.SNAPSHOT_RETENTION_DAYS, 7), ChronoUnit.DAYS);
    JobStateStore state = new JobStateStore(spark);
    String orphanBefore = now.minus(config.getInt(JobArgs.ORPHAN_AGE_HOURS, 72), ChronoUnit.HOURS).toString();
    for (TableResult r : results) {
      if (r.rowsDeleted() == 0) {
        continue;
      }
      spark.sql("CALL lakehouse.system.expire_snapshots(table => '" + r.table() + "', older_than => TIMESTAMP '"
          + state.expireBefore(r.table(), expireBefore)
          + "', retain_last => " + config.getInt(JobArgs.RETAIN_LAST, 5) + ")");
      spark.sql("CALL lakehouse.system.remove_orphan_files(table => '" + r.table() + "', older_than => TIMESTAMP '" + orphanBefore + "')");
    }
  }
}
