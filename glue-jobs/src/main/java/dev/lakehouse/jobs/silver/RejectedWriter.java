package dev.lakehouse.jobs.silver;

import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.jobs.ops.Sql;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

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
    Row range = rejected.agg(min("ingestion_timestamp"), max("ingestion_timestamp")).first();
    // Bronze ingestion time is stable per record: it bounds which rejected files can hold a match.
    String prune =
        range.isNullAt(0)
            ? ""
            : " AND t.ingestion_timestamp BETWEEN " + Sql.timestamp(range.getTimestamp(0)) + " AND " + Sql.timestamp(range.getTimestamp(1));
    String view = "rejected_batch_" + table.name();
    rejected.createOrReplaceTempView(view);
    spark.sql(
        "MERGE INTO " + table + " t USING " + view + " s ON t.bronze_record_id = s.bronze_record_id" + prune
            + " WHEN NOT MATCHED THEN INSERT *");
    return spark.sql(
            "SELECT count(*) FROM " + view + " s LEFT SEMI JOIN " + table + " t ON t.bronze_record_id = s.bronze_record_id" + prune)
        .first()
        .getLong(0);
  }
}
