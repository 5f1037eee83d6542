package dev.lakehouse.jobs.silver;

import static org.apache.spark.sql.functions.col;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.jobs.catalog.TableFiles;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Writes rejected rows idempotently: a bronze record is in its rejected table at most once, so a
 * re-run of the same bronze range adds nothing.
 */
public final class RejectedWriter {
  private final SparkSession spark;
  private final TableId table;

  public RejectedWriter(SparkSession spark, TableId table) {
    this.spark = spark;
    this.table = table;
  }

  /** What the caller measured of the rejected rows: how many, and their range of ingestion_timestamp. */
  public record Batch(long rows, Timestamp low, Timestamp high) {}

  /** Returns how many of the given bronze records are in the rejected table afterwards. */
  public long write(Dataset<Row> rejected, Batch measured) {
    if (measured.rows() == 0) {
      return 0;
    }
    Dataset<Row> batch = null;
    try {
      // Bronze ingestion time is stable per record: it bounds which rejected files can hold a match.
      if (measured.low() != null && !TableFiles.mayHoldRows(spark, table, "ingestion_timestamp", measured.low(), measured.high())) {
        rejected.writeTo(table.toString()).append(); // none can (a first run of this range): all are new
        return measured.rows();
      }
      batch = rejected.persist(StorageLevel.MEMORY_AND_DISK_SER()); // read twice below
      Dataset<Row> known =
          spark.table(table.toString())
              .where(col("ingestion_timestamp").between(measured.low(), measured.high()))
              .select("bronze_record_id");
      Dataset<Row> fresh = batch.join(known, batch.col("bronze_record_id").equalTo(known.col("bronze_record_id")), "left_anti");
      if (!fresh.isEmpty()) {
        fresh.writeTo(table.toString()).append();
      }
      return batch.join(known, batch.col("bronze_record_id").equalTo(known.col("bronze_record_id")), "left_semi").count();
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("Rejected table " + table + " is missing: run the migrate step first", e);
    } finally {
      if (batch != null) {
        batch.unpersist();
      }
    }
  }
}
