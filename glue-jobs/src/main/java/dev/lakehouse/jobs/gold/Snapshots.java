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
 * ({@code set_current_snapshot}, {@code rollback_to_timestamp}): a metadata-only change, instant,
 * and itself undoable (the rolled-back snapshots stay until they expire, and setting the newer
 * snapshot current again undoes it).
 *
 * <pre>
 * --lakehouse-job snapshots --table gold.daily_product_revenue
 * --lakehouse-job snapshots --table gold.daily_product_revenue --to-snapshot 123456789
 * --lakehouse-job snapshots --table gold.daily_product_revenue --to-timestamp 2026-03-10T08:00:00Z
 * </pre>
 */
public final class Snapshots implements LakehouseJob {
  /** Each table's snapshots after the run, one line each. */
  public record History(List<TableId> tables, List<String> lines) implements LakehouseJob.Outcome {
    @Override
    public String summary() {
      return String.join("\n", lines);
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

  /** Makes {@code snapshotId} current: an older one (a rollback) or a newer one (undoing a rollback). */
  public void rollbackToSnapshot(TableId table, long snapshotId) {
    spark.sql("CALL lakehouse.system.set_current_snapshot(table => '" + table + "', snapshot_id => " + snapshotId + ")");
  }

  public void rollbackToTimestamp(TableId table, Timestamp at) {
    spark.sql("CALL lakehouse.system.rollback_to_timestamp(table => '" + table + "', timestamp => TIMESTAMP '"
        + at.toInstant() + "')");
  }

  /**
   * Rolls {@code --table} back when {@code --to-snapshot} or {@code --to-timestamp} is given, then
   * lists its snapshots. Several tables ("gold.a,gold.b", or "gold.*" for a whole namespace) go back
   * to one timestamp; a snapshot id belongs to one table.
   */
  @Override
  public History run() {
    List<TableId> tables = tables(config.require(JobArgs.TABLE));
    boolean toSnapshot = config.get(JobArgs.TO_SNAPSHOT).isPresent();
    if (toSnapshot && tables.size() != 1) {
      throw new IllegalArgumentException("--" + JobArgs.TO_SNAPSHOT + " names a snapshot of one table; for " + tables.size()
          + " tables use --" + JobArgs.TO_TIMESTAMP);
    }
    if (toSnapshot && config.get(JobArgs.TO_TIMESTAMP).isPresent()) {
      throw new IllegalArgumentException("give --" + JobArgs.TO_SNAPSHOT + " or --" + JobArgs.TO_TIMESTAMP + ", not both");
    }
    List<String> lines = new java.util.ArrayList<>();
    for (TableId table : tables) {
      if (toSnapshot) {
        rollbackToSnapshot(table, Long.parseLong(config.require(JobArgs.TO_SNAPSHOT)));
      } else if (config.get(JobArgs.TO_TIMESTAMP).isPresent()) {
        rollbackToTimestamp(table, Timestamp.from(java.time.Instant.parse(config.require(JobArgs.TO_TIMESTAMP))));
      }
      lines.add(table.toString());
      list(table).forEach(r -> lines.add("  " + r.get(0) + "  " + r.get(1) + "  " + r.get(2)
          + (Boolean.TRUE.equals(r.get(3)) ? "  current-ancestor" : "")));
    }
    return new History(tables, lines);
  }

  private List<TableId> tables(String names) {
    List<TableId> tables = new java.util.ArrayList<>();
    for (String name : names.split(",")) {
      String n = name.strip();
      if (n.endsWith(".*")) {
        String ns = n.substring(0, n.length() - 2);
        spark.sql("SHOW TABLES IN " + ns).collectAsList().forEach(r -> tables.add(new TableId(ns, r.getString(1))));
      } else {
        tables.add(TableId.of(n));
      }
    }
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("--" + JobArgs.TABLE + " '" + names + "' names no table");
    }
    return tables;
  }
}
