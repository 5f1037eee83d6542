package dev.lakehouse.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.jobs.catalog.TableFiles;
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

  /** Returns how many of the given bronze records are in the rejected table afterwards. */
  public long write(Dataset<Row> rejected) {
    Dataset<Row> batch = rejected.persist(StorageLevel.MEMORY_AND_DISK_SER());
    try {
      Row range = batch.agg(min("ingestion_timestamp"), max("ingestion_timestamp")).first();
      if (range.isNullAt(0)) {
        return 0;
      }
      // Bronze ingestion time is stable per record: it bounds which rejected files can hold a match.
      if (!TableFiles.mayHoldRows(spark, table, "ingestion_timestamp", range.getTimestamp(0), range.getTimestamp(1))) {
        batch.writeTo(table.toString()).append(); // none can (a first run of this range): all are new
        return batch.count();
      }
      Dataset<Row> known =
          spark.table(table.toString())
              .where(col("ingestion_timestamp").between(range.getTimestamp(0), range.getTimestamp(1)))
              .select("bronze_record_id");
      Dataset<Row> fresh = batch.join(known, batch.col("bronze_record_id").equalTo(known.col("bronze_record_id")), "left_anti");
      if (!fresh.isEmpty()) {
        fresh.writeTo(table.toString()).append();
      }
      return batch.join(known, batch.col("bronze_record_id").equalTo(known.col("bronze_record_id")), "left_semi").count();
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("Rejected table " + table + " is missing: run the migrate step first", e);
    } finally {
      batch.unpersist();
    }
  }
}
