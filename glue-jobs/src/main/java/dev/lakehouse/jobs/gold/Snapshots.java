package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.jobs.LakehouseJob;
import dev.lakehouse.jobs.config.JobConfig;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Snapshot history and rollback of any lakehouse table, through Iceberg's own procedures
 * ({@code rollback_to_snapshot}, {@code rollback_to_timestamp}): a metadata-only change, instant,
 * and itself undoable (the rolled-back snapshots stay until they expire).
 *
 * <pre>
 * --lakehouse-job snapshots --table gold.daily_product_revenue
 * --lakehouse-job snapshots --table gold.daily_product_revenue --to-snapshot 123456789
 * --lakehouse-job snapshots --table gold.daily_product_revenue --to-timestamp 2026-03-10T08:00:00Z
 * </pre>
 */
public final class Snapshots implements LakehouseJob {
  /** A table's snapshots after the run, one line each. */
  public record History(TableId table, List<String> lines) implements LakehouseJob.Outcome {
    @Override
    public String summary() {
      return table + "\n" + String.join("\n", lines);
    }
  }

  private final SparkSession spark;
  private final JobConfig config;

  public Snapshots(SparkSession spark, JobConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Snapshots of {@code table}, oldest first: id, commit time, operation, whether current. */
  public List<Row> list(TableId table) {
    return spark.sql(
            "SELECT s.snapshot_id, s.committed_at, s.operation, h.is_current_ancestor FROM " + table + ".snapshots s"
                + " LEFT JOIN " + table + ".history h ON h.snapshot_id = s.snapshot_id ORDER BY s.committed_at")
        .collectAsList();
  }

  public void rollbackToSnapshot(TableId table, long snapshotId) {
    spark.sql("CALL lakehouse.system.rollback_to_snapshot(table => '" + table + "', snapshot_id => " + snapshotId + ")");
  }

  public void rollbackToTimestamp(TableId table, Timestamp at) {
    spark.sql("CALL lakehouse.system.rollback_to_timestamp(table => '" + table + "', timestamp => TIMESTAMP '"
        + at.toInstant() + "')");
  }

  /** Rolls {@code --table} back when {@code --to-snapshot} or {@code --to-timestamp} is given, then lists its snapshots. */
  @Override
  public History run() {
    TableId table = TableId.of(config.require(JobArgs.TABLE));
    if (config.get(JobArgs.TO_SNAPSHOT).isPresent()) {
      rollbackToSnapshot(table, Long.parseLong(config.require(JobArgs.TO_SNAPSHOT)));
    } else if (config.get(JobArgs.TO_TIMESTAMP).isPresent()) {
      rollbackToTimestamp(table, Timestamp.from(java.time.Instant.parse(config.require(JobArgs.TO_TIMESTAMP))));
    }
    return new History(table, list(table).stream()
        .map(r -> r.get(0) + "  " + r.get(1) + "  " + r.get(2) + (Boolean.TRUE.equals(r.get(3)) ? "  current-ancestor" : ""))
        .toList());
  }
}
