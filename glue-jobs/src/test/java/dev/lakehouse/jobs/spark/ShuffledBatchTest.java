package dev.lakehouse.jobs.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.jobs.support.LakeFixture;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The batch kept in shuffle files: every row once, the null-key rows in one partition, no second shuffle. */
class ShuffledBatchTest {
  private final SparkSession spark = LakeFixture.get().spark();

  /** 1,000 rows: ids 0–999, key = id % 100 except every tenth row (id % 10 = 0), whose key is null. */
  private Dataset<Row> input() {
    return spark.range(0, 1000, 1, 3)
        .select(col("id"), when(col("id").mod(10).equalTo(0), lit(null)).otherwise(col("id").mod(100)).as("k"))
        .observe("input", count(lit(1)).as("rows"), sum(when(col("k").isNull(), 1).otherwise(0)).as("null_keys"));
  }

  @Test
  void keepsEveryRowOnceAndMeasuresTheObservedMetricsInTheSamePass() {
    try (ShuffledBatch batch = ShuffledBatch.compute(spark, input(), "k", 4)) {
      List<Long> ids = batch.rows().select("id").orderBy("id").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
      assertThat(ids).hasSize(1000).doesNotHaveDuplicates().first().isEqualTo(0L);
      assertThat(ids.get(999)).isEqualTo(999L);
      Row observed = batch.observed("input");
      assertThat(observed.getLong(0)).isEqualTo(1000L);
      assertThat(observed.getLong(1)).isEqualTo(100L);
    }
  }

  @Test
  void theNullPartitionHoldsEveryNullKeyRowAndOnlyAShareOfTheOthers() {
    try (ShuffledBatch batch = ShuffledBatch.compute(spark, input(), "k", 4)) {
      Dataset<Row> nullPart = batch.nullPartition();
      assertThat(nullPart.where(col("k").isNull()).count()).isEqualTo(100L);
      // 900 keyed rows over 4 partitions: the null partition holds some of them, never all.
      assertThat(nullPart.where(col("k").isNotNull()).count()).isLessThan(900L);
      assertThat(nullPart.rdd().getNumPartitions()).isEqualTo(1);
    }
  }

  @Test
  void groupingOnThePartitionColumnNeedsNoFurtherShuffle() {
    try (ShuffledBatch batch = ShuffledBatch.compute(spark, input(), "k", 4)) {
      Dataset<Row> perKey = batch.rows().where(col("k").isNotNull()).groupBy("k").agg(count(lit(1)).as("n"));
      List<Row> counts = perKey.collectAsList();
      // keys 1..99 except multiples of 10 (those ids have a null key): 90 keys, 10 rows each
      assertThat(counts).hasSize(90).allSatisfy(r -> assertThat(r.getLong(1)).isEqualTo(10L));
      // The plan that just ran (adaptive execution prints its final plan once executed).
      String plan = perKey.queryExecution().executedPlan().treeString();
      assertThat(plan).contains("isFinalPlan=true").contains("HashAggregate").doesNotContain("Exchange");
    }
  }
}
