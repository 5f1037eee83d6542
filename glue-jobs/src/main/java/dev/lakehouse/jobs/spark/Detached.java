package dev.lakehouse.jobs.spark;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * A small result computed now and cut loose from the plan it came from, with its row count (known
 * from computing it). Joined back to its own source, a derived result makes a self-join, which
 * Spark re-plans with fresh attributes: a cached copy is then not recognised and the source is
 * scanned again. Unlike {@code localCheckpoint}, the kept rows keep their lineage, so a lost block
 * is recomputed rather than failing the job.
 */
public record Detached(Dataset<Row> rows, long count) implements AutoCloseable {
  public static Detached of(SparkSession spark, Dataset<Row> small) {
    // Rows are copied: Spark reuses one row object per task.
    RDD<InternalRow> rows = small.queryExecution().toRdd().toJavaRDD().map(InternalRow::copy).rdd();
    rows.persist(StorageLevel.MEMORY_AND_DISK());
    long count = rows.count();
    return new Detached(spark.internalCreateDataFrame(rows, small.schema(), false), count);
  }

  /** Drops the kept rows. */
  @Override
  public void close() {
    if (rows.logicalPlan() instanceof LogicalRDD kept) {
      kept.rdd().unpersist(false);
    }
  }
}
