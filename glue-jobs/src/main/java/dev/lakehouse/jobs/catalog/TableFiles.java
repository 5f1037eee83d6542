package dev.lakehouse.jobs.catalog;

import dev.lakehouse.contract.TableId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.SparkSession;

/**
 * Answers from Iceberg metadata alone (manifests and their column min/max stats) whether a table
 * can hold rows in a range, so a job can skip a lookup that would scan its whole batch to find
 * nothing, as on a first load.
 */
public final class TableFiles {
  private TableFiles() {}

  /**
   * False only when no live data file's {@code column} stats overlap [{@code low}, {@code high}];
   * a null column asks whether the table has any data file at all.
   */
  public static boolean mayHoldRows(SparkSession spark, TableId id, String column, Timestamp low, Timestamp high) {
    Table table = load(spark, id);
    if (table.currentSnapshot() == null) {
      return false;
    }
    TableScan scan = table.newScan();
    if (column != null) {
      scan = scan.filter(Expressions.and(
          Expressions.greaterThanOrEqual(column, micros(low)), Expressions.lessThanOrEqual(column, micros(high))));
    }
    try (CloseableIterable<FileScanTask> files = scan.planFiles()) {
      return files.iterator().hasNext();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan the files of " + id, e);
    }
  }

  private static long micros(Timestamp t) {
    return java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, t.toInstant());
  }

  /** The id of the table's current snapshot, null while it has none. */
  public static Long currentSnapshotId(SparkSession spark, TableId id) {
    org.apache.iceberg.Snapshot s = load(spark, id).currentSnapshot();
    return s == null ? null : s.snapshotId();
  }

  /**
   * Rewrites every file with rows deleted by a merge-on-read delete (such a file still holds them)
   * and drops the delete files that then apply to no live file; returns the procedure's result row.
   */
  public static org.apache.spark.sql.Row rewriteFilesWithDeletes(SparkSession spark, TableId id) {
    return spark.sql("CALL lakehouse.system.rewrite_data_files(table => '" + id + "', options => map('delete-file-threshold', '1',"
        + " 'remove-dangling-deletes', 'true'))").first();
  }

  /** The Iceberg table behind {@code id}, refreshed to its latest metadata. */
  public static Table load(SparkSession spark, TableId id) {
    try {
      Table table = Spark3Util.loadIcebergTable(spark, id.toString());
      table.refresh();
      return table;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot load table " + id + ": " + e.getMessage(), e);
    }
  }
}
