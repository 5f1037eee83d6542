package dev.lakehouse.jobs.spark;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.Dependency;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal$;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.plans.physical.HashPartitioning;
import org.apache.spark.sql.catalyst.plans.physical.Partitioning;
import org.apache.spark.sql.catalyst.plans.physical.UnknownPartitioning;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.LogicalRDD$;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * A batch computed once and kept in Spark's own shuffle files, hash-partitioned on one column, for
 * a job that reads it several times. Each later read is a shuffle read: compressed binary rows
 * pointed at in place, off the heap, with no per-row object or Java serialization (the
 * {@code persist} alternatives copy every row into column builders or through an
 * ObjectOutputStream).
 *
 * <p>Two more things come with the partitioning. Spark knows it ({@link #rows()} reports it), so
 * grouping or joining on the partition column needs no further shuffle. And every row whose
 * partition value is null sits in one known partition ({@link #nullPartition()}), so a job that
 * gives null to a small class of rows (silver: the rejected ones) reads that class without
 * scanning the batch.
 *
 * <p>Built the way {@code Dataset.checkpoint} builds its result (a {@code LogicalRDD} with the
 * partitioning, through Spark's internal {@code Dataset.ofRows}), on the Spark 3.5 that Glue 5.0
 * runs.
 */
public final class ShuffledBatch implements AutoCloseable {
  private final SparkSession spark;
  private final RDD<InternalRow> rows;
  private final Dataset<Row> dataset;
  private final Map<String, Row> observed;
  private final int nullPartition;

  private ShuffledBatch(SparkSession spark, RDD<InternalRow> rows, Dataset<Row> dataset, Map<String, Row> observed, int nullPartition) {
    this.spark = spark;
    this.rows = rows;
    this.dataset = dataset;
    this.observed = observed;
    this.nullPartition = nullPartition;
  }

  /**
   * Computes {@code plan} now (one pass over its input) into {@code partitions} shuffle partitions
   * by {@code partitionColumn}. Metrics the plan declares with {@code Dataset.observe} are
   * available from {@link #observed(String)} afterwards.
   */
  public static ShuffledBatch compute(SparkSession spark, Dataset<Row> plan, String partitionColumn, int partitions) {
    // An explicit partition count: adaptive execution keeps it (it only coalesces shuffles it
    // introduced itself), so partition numbers below stay those of the hash partitioning.
    Dataset<Row> partitioned = plan.repartition(partitions, col(partitionColumn));
    // Adaptive execution (on in every lakehouse session) runs the shuffle's map stage right here,
    // while planning; without it, a first read does, so the observed metrics are filled either way.
    RDD<InternalRow> kept = partitioned.queryExecution().toRdd();
    if (!spark.sessionState().conf().adaptiveExecutionEnabled()) {
      kept.count();
    }
    Map<String, Row> observed = JavaConverters.mapAsJavaMap(partitioned.queryExecution().observedMetrics());
    // Tells the planner how the rows are partitioned, as Dataset.checkpoint does; only when the
    // shuffle kept exactly the partitions asked for (otherwise the rows are still all there, and
    // nullPartition() reads them all).
    boolean exact = kept.getNumPartitions() == partitions;
    List<Attribute> output = new ArrayList<>();
    for (Attribute a : JavaConverters.seqAsJavaList(partitioned.queryExecution().analyzed().output())) {
      output.add(a.newInstance());
    }
    Attribute key = output.stream().filter(a -> a.name().equals(partitionColumn)).findFirst().orElseThrow();
    Partitioning partitioning =
        exact ? new HashPartitioning(JavaConverters.asScalaBuffer(List.<Expression>of(key)).toSeq(), partitions) : new UnknownPartitioning(0);
    LogicalRDD logical =
        LogicalRDD$.MODULE$.apply(
            JavaConverters.asScalaBuffer(output).toSeq(), kept, partitioning, JavaConverters.asScalaBuffer(List.<SortOrder>of()).toSeq(), false, spark, Option.empty(), Option.empty());
    Dataset<Row> dataset = Dataset.ofRows(spark, logical);
    // Spark's own partition function, evaluated on the driver for a null value (no Spark job).
    Expression nullValue = Literal$.MODULE$.create(null, key.dataType());
    int nullPartition =
        exact
            ? (Integer) new HashPartitioning(JavaConverters.asScalaBuffer(List.of(nullValue)).toSeq(), partitions).partitionIdExpression().eval(null)
            : -1;
    return new ShuffledBatch(spark, kept, dataset, observed, nullPartition);
  }

  /** The whole batch; Spark knows its partitioning. */
  public Dataset<Row> rows() {
    return dataset;
  }

  /** Only the partition holding the rows whose partition value is null (and the share of the others hashed there). */
  public Dataset<Row> nullPartition() {
    if (nullPartition < 0) {
      return dataset;
    }
    RDD<InternalRow> one = PartitionPruningRDD.create(rows, new OnePartition(nullPartition));
    return spark.internalCreateDataFrame(one, dataset.schema(), false);
  }

  /** A metric the plan declared with {@code observe(name, ...)}, measured during the computing pass. */
  public Row observed(String name) {
    Row row = observed.get(name);
    if (row == null) {
      throw new IllegalStateException("No observed metrics named " + name + " (declared: " + observed.keySet() + ")");
    }
    return row;
  }

  /** Deletes the shuffle files now rather than whenever the driver's garbage collector gets to them. */
  @Override
  public void close() {
    if (spark.sparkContext().cleaner().isDefined()) {
      removeShuffles(rows);
    }
  }

  private void removeShuffles(RDD<?> rdd) {
    for (Dependency<?> dep : JavaConverters.seqAsJavaList(rdd.dependencies())) {
      if (dep instanceof ShuffleDependency<?, ?, ?> shuffle) {
        spark.sparkContext().cleaner().get().doCleanupShuffle(shuffle.shuffleId(), true);
      } else {
        removeShuffles(dep.rdd()); // narrow: the shuffle is further up
      }
    }
  }

  /** Keeps one partition index (a class, not a lambda: the pruned RDD is serialized with its tasks). */
  private static final class OnePartition extends scala.runtime.AbstractFunction1<Object, Object> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int index;

    OnePartition(int index) {
      this.index = index;
    }

    @Override
    public Object apply(Object partition) {
      return (Integer) partition == index;
    }
  }
}
