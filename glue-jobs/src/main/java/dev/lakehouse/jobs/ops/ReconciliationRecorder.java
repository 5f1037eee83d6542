package dev.lakehouse.jobs.ops;

import dev.lakehouse.contract.Tables;
import org.apache.spark.sql.SparkSession;

/**
 * Writes one {@code ops.reconciliation} row per run and source, and fails loudly when it does not
 * balance: bronze rows = silver rows + rejected + duplicates removed + suppressed (erased people).
 */
public final class ReconciliationRecorder {
  private final SparkSession spark;

  public ReconciliationRecorder(SparkSession spark) {
    this.spark = spark;
  }

  /** The counts of one incremental batch. */
  public record Counts(
      String runId,
      String job,
      String source,
      Long fromSnapshot,
      long toSnapshot,
      long bronzeRows,
      long silverRows,
      long rejectedRows,
      long duplicatesRemoved,
      long suppressedRows) {
    public boolean balanced() {
      return bronzeRows == silverRows + rejectedRows + duplicatesRemoved + suppressedRows;
    }

    @Override
    public String toString() {
      return String.format(
          "%s: bronze %d = silver %d + rejected %d + duplicates %d%s%s",
          source, bronzeRows, silverRows, rejectedRows, duplicatesRemoved,
          suppressedRows == 0 ? "" : " + suppressed " + suppressedRows + " (erased people)", balanced() ? "" : "  <-- DOES NOT BALANCE");
    }
  }

  public void record(Counts c) {
    spark.sql(
        "INSERT INTO " + Tables.OPS_RECONCILIATION + " VALUES ("
            + Sql.literal(c.runId()) + ", "
            + Sql.literal(c.job()) + ", "
            + Sql.literal(c.source()) + ", "
            + (c.fromSnapshot() == null ? "CAST(NULL AS BIGINT)" : c.fromSnapshot() + "L") + ", "
            + c.toSnapshot() + "L, "
            + c.bronzeRows() + "L, "
            + c.silverRows() + "L, "
            + c.rejectedRows() + "L, "
            + c.duplicatesRemoved() + "L, "
            + c.balanced() + ", current_timestamp(), "
            + c.suppressedRows() + "L)");
    if (!c.balanced()) {
      throw new ReconciliationException(c);
    }
  }

  /** Thrown when bronze rows != silver rows + rejected + duplicates removed + suppressed. */
  public static final class ReconciliationException extends IllegalStateException {
    public ReconciliationException(Counts c) {
      super("Reconciliation failed for run " + c.runId() + ": " + c
          + " (difference " + (c.bronzeRows() - c.silverRows() - c.rejectedRows() - c.duplicatesRemoved() - c.suppressedRows()) + ")");
    }
  }
}
