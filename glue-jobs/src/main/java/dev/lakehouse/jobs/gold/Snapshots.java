package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.jobs.catalog.TableMigrator;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.spark.LakehouseSpark;
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
 * Snapshots --table gold.daily_product_revenue --list
 * Snapshots --table gold.daily_product_revenue --to-snapshot 123456789
 * Snapshots --table gold.daily_product_revenue --to-timestamp 2026-03-10T08:00:00Z
 * </pre>
 */
public final class Snapshots {
  private final SparkSession spark;

  public Snapshots(SparkSession spark) {
    this.spark = spark;
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

  public static void main(String[] args) {
    JobConfig config = JobConfig.fromArgs(args);
    SparkSession spark = LakehouseSpark.session(config);
    new TableMigrator(spark, config).migrateAll();
    TableId table = TableId.of(config.require("table"));
    Snapshots s = new Snapshots(spark);
    if (config.get("to-snapshot").isPresent()) {
      s.rollbackToSnapshot(table, Long.parseLong(config.require("to-snapshot")));
    } else if (config.get("to-timestamp").isPresent()) {
      s.rollbackToTimestamp(table, Timestamp.from(java.time.Instant.parse(config.require("to-timestamp"))));
    }
    for (Row r : s.list(table)) {
      System.out.println(r.get(0) + "  " + r.get(1) + "  " + r.get(2) + (Boolean.TRUE.equals(r.get(3)) ? "  current-ancestor" : ""));
    }
  }
}
