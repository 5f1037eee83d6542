package dev.lakehouse.jobs.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.jobs.catalog.TableFiles;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Appends a micro-batch to a bronze table, leaving out what bronze already holds. The streaming
 * checkpoint already gives exactly-once; this guard keeps bronze duplicate-free even when a
 * checkpoint is lost or offsets/files are replayed on purpose.
 */
public final class BronzeAppender {
  private final SparkSession spark;
  private final TableId table;

  public BronzeAppender(SparkSession spark, TableId table) {
    this.spark = spark;
    this.table = table;
  }

  /** Kafka rows: a record is identified by topic/partition/offset. Returns rows appended. */
  public long appendKafka(Dataset<Row> batch) {
    if (isEmpty()) {
      return append(batch);
    }
    Dataset<Row> rows = batch.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Row> ranges =
          rows.groupBy("kafka_topic", "kafka_partition")
              .agg(min("kafka_offset"), max("kafka_offset"))
              .collectAsList();
      if (ranges.isEmpty()) {
        return 0;
      }
      Column already = functions.lit(false);
      for (Row r : ranges) {
        already =
            already.or(
                col("kafka_topic").equalTo(r.getString(0))
                    .and(col("kafka_partition").equalTo(r.getInt(1)))
                    .and(col("kafka_offset").between(r.getLong(2), r.getLong(3))));
      }
      Dataset<Row> existing = spark.table(table.toString()).where(already).select("record_id");
      return append(rows.join(existing, rows.col("record_id").equalTo(existing.col("record_id")), "left_anti"));
    } finally {
      rows.unpersist();
    }
  }

  /** Landed-file rows: a file is loaded once, whole; files bronze already has are left out. */
  public long appendFiles(Dataset<Row> batch) {
    if (isEmpty()) {
      return append(batch);
    }
    Dataset<Row> rows = batch.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<String> files = rows.select("source_file").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
      if (files.isEmpty()) {
        return 0;
      }
      Dataset<Row> existing =
          spark.table(table.toString()).where(col("source_file").isin(files.toArray())).select("source_file").distinct();
      return append(rows.join(existing, rows.col("source_file").equalTo(existing.col("source_file")), "left_anti"));
    } finally {
      rows.unpersist();
    }
  }

  /**
   * A table without data files holds nothing to leave out: the batch is written in one pass, not
   * cached and looked up first (a first load, usually the largest).
   */
  private boolean isEmpty() {
    return !TableFiles.mayHoldRows(spark, table, null, null, null);
  }

  /** Appends and returns the rows written, read from the commit's own summary (no second pass). */
  private long append(Dataset<Row> fresh) {
    Dataset<Row> ordered = fresh.select(columnsOf());
    if (ordered.isEmpty()) {
      return 0; // no empty snapshots: silver would wake up for nothing
    }
    try {
      ordered.writeTo(table.toString()).append();
      return Long.parseLong(TableFiles.load(spark, table).currentSnapshot().summary().getOrDefault("added-records", "0"));
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("Bronze table " + table + " is missing: run the migrate step first", e);
    }
  }

  private Column[] columnsOf() {
    return java.util.Arrays.stream(spark.table(table.toString()).columns()).map(functions::col).toArray(Column[]::new);
  }
}
