package dev.lakehouse.jobs.silver;
import dev.lakehouse.jobs.bench.BronzeSilverBenchmark;
import static org.apache.spark.sql.functions.*;

import dev.lakehouse.contract.Source;
import dev.lakehouse.jobs.bronze.BronzeAppender;
import dev.lakehouse.jobs.bronze.OrdersBronzeJob;
import dev.lakehouse.jobs.catalog.TableMigrator;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.spark.LakehouseSpark;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

public final class ScratchProfile {
  static long t = System.nanoTime();
  static void lap(String what) { long n = System.nanoTime(); System.out.printf("LAP %-40s %.1fs%n", what, (n - t) / 1e9); t = n; }
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    JobConfig config = JobConfig.of(Map.of("catalog", "local", "warehouse", work.resolve("wh").toUri().toString(),
        "spark-master", "local[2]", "shuffle-partitions", "8", "pii-hash-key", "benchmark-pii-hash-key-0123456789"));
    SparkSession spark = LakehouseSpark.session(config);
    spark.sparkContext().setLogLevel("WARN");
    new TableMigrator(spark, config).migrateAll();
    lap("start+migrate");
    long n = 1_000_000;
    Dataset<Row> kafka = BronzeSilverBenchmark.orders(spark, n);
    OrdersBronzeJob.toBronze(kafka).writeTo("bronze.orders_raw").append(); lap("toBronze -> iceberg append");
    spark.sql("SELECT file_path, record_count, file_size_in_bytes FROM bronze.orders_raw.files").show(false);
    spark.table("bronze.orders_raw").write().format("noop").mode("overwrite").save(); lap("read bronze all cols -> noop");
    System.out.println("read partitions: " + spark.table("bronze.orders_raw").rdd().getNumPartitions());
    OrdersSilverJob job = new OrdersSilverJob(spark, config);
    java.sql.Timestamp now = new java.sql.Timestamp(System.currentTimeMillis());
    Dataset<Row> b = spark.table("bronze.orders_raw");
    job.classify(b, now).write().format("noop").mode("overwrite").save(); lap("classify -> noop");
    job.classify(b, now).agg(count(lit(1)), sum(when(size(col(Rules.REASONS)).gt(0), 1).otherwise(0))).collect(); lap("classify -> agg");
    Dataset<Row> c = job.classify(b, now).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK_SER());
    c.count(); lap("classify -> persist SER count");
    c.count(); lap("cached count");
    c.unpersist();
    Dataset<Row> c2 = job.classify(b, now).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    c2.count(); lap("classify -> persist deser count");
    Dataset<Row> v = c2.where(size(col(Rules.REASONS)).equalTo(0));
    job.toSilver(v, now).write().format("noop").mode("overwrite").save(); lap("toSilver -> noop (from cache)");
    job.dedup(job.toSilver(v, now)).write().format("noop").mode("overwrite").save(); lap("dedup(toSilver) -> noop");
    Dataset<Row> d = job.dedup(job.toSilver(v, now)).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    d.count(); lap("dedup persist count");
    new dev.lakehouse.jobs.quality.QualityGate(spark).verify("r", "j", job.source().silver(), d, job.qualityRules()); lap("deequ");
    d.writeTo("silver.orders").append(); lap("append silver");
    spark.stop();
  }
}
