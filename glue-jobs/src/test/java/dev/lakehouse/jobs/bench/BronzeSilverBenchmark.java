package dev.lakehouse.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.jobs.bronze.BronzeAppender;
import dev.lakehouse.jobs.bronze.LandedFilesBronzeJob;
import dev.lakehouse.jobs.bronze.OrdersBronzeJob;
import dev.lakehouse.jobs.catalog.TableMigrator;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.silver.ClickstreamSilverJob;
import dev.lakehouse.jobs.silver.OrdersSilverJob;
import dev.lakehouse.jobs.silver.SilverFloor;
import dev.lakehouse.jobs.silver.SilverJob;
import dev.lakehouse.jobs.spark.LakehouseSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Bronze → silver throughput on generated data, one source and size per JVM (so peak RSS is that
 * run's own). Prints one result line. Run through {@code glue-jobs/bench/bronze-silver.sh}.
 *
 * <p>Generated input mixes in the anomalies silver must handle: 2 % duplicates, 1 % total
 * mismatches / unknown event types, 0.5 % corrupt records.
 *
 * <p>With {@code -Dbench.floor=true} the JVM runs {@link SilverFloor} instead of the silver job:
 * the same read, rules, projection and append, nothing else. It is the reference for how much of
 * the job's time is the unavoidable read-transform-write on this machine.
 */
public final class BronzeSilverBenchmark {
  public static void main(String[] args) throws Exception {
    String source = args[0];
    long rows = Long.parseLong(args[1]);
    Path work = Path.of(args[2]).toAbsolutePath();
    long warmupRows = Long.getLong("bench.warmup-rows", 0);
    JobConfig config = config(work.resolve("measured"));
    SparkSession spark = LakehouseSpark.session(config);
    spark.sparkContext().setLogLevel("WARN");
    if (warmupRows > 0) {
      // Steady-state measurement: the same pipeline first runs once on a small batch in its own
      // warehouse, so class loading, code generation and JIT compilation are already paid.
      JobConfig warmConfig = config(work.resolve("warmup"));
      SparkSession warm = spark.newSession();
      warm.conf().set("spark.sql.catalog." + LakehouseSpark.CATALOG + ".warehouse", warmConfig.warehouse());
      run(warm, warmConfig, source, warmupRows);
    }
    if (Boolean.getBoolean("bench.floor")) {
      double[] floor = floor(spark, config, source, rows);
      System.out.printf(Locale.ROOT,
          "RESULT source=%s rows=%d floor: bronze_s=%.1f read+rules+projection+append_s=%.1f rows_per_s=%.0f appended=%d peak_rss_mb=%d%n",
          source, rows, floor[0], floor[1], rows / floor[1], (long) floor[2], peakRssMb());
      spark.stop();
      return;
    }
    Timings t = run(spark, config, source, rows);
    System.out.printf(Locale.ROOT,
        "RESULT source=%s rows=%d warmup_rows=%d bronze_s=%.1f silver_s=%.1f silver_rows_per_s=%.0f end_to_end_rows_per_s=%.0f peak_rss_mb=%d  [%s] phases=%s%n",
        source, rows, warmupRows, t.bronzeS(), t.silverS(), rows / t.silverS(), rows / (t.bronzeS() + t.silverS()), peakRssMb(),
        t.result().counts(), t.result().phaseSeconds());
    long increment = Long.getLong("bench.increment-rows", 0);
    if (increment > 0 && source.equals("clickstream")) {
      // A later day's batch into the silver just written: new events plus 1 % re-sends of earlier
      // events with a later time, so every key must be looked up in all of silver, not the batch's days.
      clickstream(spark, increment, rows).write().text(config.lakeRoot() + "/" + LakeLayout.landingPrefix(Source.CLICKSTREAM) + "year=2026/month=11/day=05/hour=00");
      new LandedFilesBronzeJob(spark, config, Source.CLICKSTREAM).run();
      long t1 = System.nanoTime();
      SilverJob.Result second = new ClickstreamSilverJob(spark, config).run();
      double s = (System.nanoTime() - t1) / 1e9;
      System.out.printf(Locale.ROOT, "RESULT source=clickstream increment_rows=%d into_silver_rows=%d increment_silver_s=%.1f  [%s] phases=%s%n",
          increment, t.result().counts().silverRows(), s, second.counts(), second.phaseSeconds());
    }
    spark.stop();
  }

  private record Timings(double bronzeS, double silverS, SilverJob.Result result) {}

  private static JobConfig config(Path dir) throws java.io.IOException {
    Files.createDirectories(dir);
    return JobConfig.of(
        Map.of(
            JobArgs.CATALOG, JobArgs.CATALOG_LOCAL,
            JobArgs.WAREHOUSE, dir.resolve("warehouse").toUri().toString(),
            JobArgs.LAKE_ROOT, dir.resolve("lake").toUri().toString(),
            JobArgs.SPARK_MASTER, "local[2]",
            JobArgs.SPARK_LOCAL_DIR, dir.resolve("spark-tmp").toString(),
            JobArgs.SHUFFLE_PARTITIONS, System.getProperty("bench.shuffle", "8"),
            JobArgs.PII_HASH_KEY, "benchmark-pii-hash-key-0123456789"));
  }

  /** Migrates, lands and loads bronze, then runs silver once; bronze and silver timed apart. */
  private static Timings run(SparkSession spark, JobConfig config, String source, long rows) throws Exception {
    Loaded bronze = loadBronze(spark, config, source, rows);
    long t1 = System.nanoTime();
    SilverJob.Result result = bronze.job().run();
    long t2 = System.nanoTime();
    return new Timings(bronze.seconds(), (t2 - t1) / 1e9, result);
  }

  /** As {@link #run}, with {@link SilverFloor} in place of the job: {bronze s, floor s, rows appended}. */
  private static double[] floor(SparkSession spark, JobConfig config, String source, long rows) throws Exception {
    Loaded bronze = loadBronze(spark, config, source, rows);
    long t1 = System.nanoTime();
    long appended = SilverFloor.run(bronze.job(), spark);
    return new double[] {bronze.seconds(), (System.nanoTime() - t1) / 1e9, appended};
  }

  /** Bronze loaded in {@code seconds}, and the source's silver job to run on it. */
  private record Loaded(SilverJob job, double seconds) {}

  /** Migrates, lands and loads bronze, timed. */
  private static Loaded loadBronze(SparkSession spark, JobConfig config, String source, long rows) throws Exception {
    new TableMigrator(spark, config).migrateAll();
    long t0 = System.nanoTime();
    SilverJob job;
    if (source.equals("orders")) {
      new BronzeAppender(spark, Source.ORDERS.bronze()).appendKafka(OrdersBronzeJob.toBronze(orders(spark, rows)));
      job = new OrdersSilverJob(spark, config);
    } else if (source.equals("clickstream")) {
      clickstream(spark, rows).write().text(config.lakeRoot() + "/" + LakeLayout.landingPrefix(Source.CLICKSTREAM) + "year=2026/month=11/day=01/hour=00");
      t0 = System.nanoTime(); // landing files is the transport's work, not ours
      new LandedFilesBronzeJob(spark, config, Source.CLICKSTREAM).run();
      job = new ClickstreamSilverJob(spark, config);
    } else {
      throw new IllegalArgumentException("source must be orders or clickstream");
    }
    return new Loaded(job, (System.nanoTime() - t0) / 1e9);
  }

  /** Kafka-shaped rows of FastCart order events: 4 lifecycle events per order. */
  public static Dataset<Row> orders(SparkSession spark, long n) {
    Dataset<Row> ids = spark.range(0, n, 1, 4).withColumn("logical", when(col("id").mod(50).equalTo(1), col("id").minus(1)).otherwise(col("id")));
    Dataset<Row> fields = ids.select(
        col("id"),
        concat(lit("ORD-"), expr("lpad(cast(div(logical, 4) as string), 9, '0')")).as("order_id"),
        expr("date_format(timestamp'2026-11-01 00:00:00' + make_interval(0,0,0,0,0,0, div(logical, 4) % 500000 * 2 + (logical % 4) * 3600), \"yyyy-MM-dd'T'HH:mm:ss'Z'\")").as("timestamp"),
        expr("concat('PROD-', lpad(cast(div(logical, 4) % 15 + 1 as string), 3, '0'))").as("product_id"),
        expr("concat('Product ', cast(div(logical, 4) % 15 + 1 as string))").as("product_name"),
        expr("cast(div(logical, 4) % 5 + 1 as int)").as("quantity"),
        expr("cast((div(logical, 4) % 15 + 1) * 3.25 as decimal(10,2))").as("price"),
        expr("element_at(array('pending','confirmed','processing','shipped'), cast(logical % 4 + 1 as int))").as("status"),
        expr("concat('CUST-', cast(div(logical, 4) % 100000 as string))").as("customer_id"));
    Dataset<Row> json = fields.select(
        col("id"),
        expr("to_json(named_struct('order_id', order_id, 'timestamp', timestamp, 'product_id', product_id, 'product_name', product_name,"
            + " 'quantity', quantity, 'price', price, 'total', CASE WHEN id % 100 = 7 THEN price * quantity + 5 ELSE price * quantity END,"
            + " 'customer_id', customer_id, 'customer_email', concat(lower(customer_id), '@example.com'), 'payment_method', 'paypal',"
            + " 'shipping_address', named_struct('street', '1 Main St', 'city', 'Austin', 'state', 'TX', 'zip_code', '73301', 'country', 'USA'),"
            + " 'status', status, 'cancellation_reason', CAST(NULL AS STRING)))").as("json"));
    return json.select(
        lit(null).cast("binary").as("key"),
        when(col("id").mod(200).equalTo(3), lit("{\"order_id\": broken")).otherwise(col("json")).cast("binary").as("value"),
        lit(LakeLayout.ORDERS_TOPIC).as("topic"),
        col("id").mod(4).cast("int").as("partition"),
        col("id").as("offset"),
        current_timestamp().as("timestamp"));
  }

  /** JSON lines of clickstream events, 5 per session. */
  public static Dataset<Row> clickstream(SparkSession spark, long n) {
    return clickstream(spark, n, 0);
  }

  /**
   * As above, numbered from {@code from} and four days later when {@code from > 0}; then every
   * hundredth event re-sends one of the first {@code from} events (its id, a later time).
   */
  static Dataset<Row> clickstream(SparkSession spark, long n, long from) {
    Column later = from == 0 ? lit(0) : lit(345600);
    Column logical = from == 0
        ? when(col("id").mod(50).equalTo(1), col("id").minus(1)).otherwise(col("id"))
        : when(col("id").mod(100).equalTo(0), col("id").multiply(7919).mod(from)).otherwise(col("id").plus(from));
    return spark.range(n).repartition(8)
        .withColumn("logical", logical)
        .withColumn("later", later)
        .select(expr("CASE WHEN id % 200 = 3 THEN '{\"event_id\": broken' ELSE to_json(named_struct("
            + "'event_id', concat('EVT-', cast(logical as string)), 'session_id', concat('SES-', cast(div(logical, 5) as string)),"
            + " 'user_id', concat('USR-', cast(div(logical, 5) % 100000 as string)),"
            + " 'event_type', CASE WHEN id % 100 = 7 THEN 'hover' ELSE element_at(array('page_view','click','search','add_to_cart','purchase'), cast(logical % 5 + 1 as int)) END,"
            + " 'event_timestamp', date_format(timestamp'2026-11-01 00:00:00' + make_interval(0,0,0,0,0,0, logical % 259200 + later), \"yyyy-MM-dd'T'HH:mm:ss'Z'\"),"
            + " 'event_details', named_struct('page_url', concat('/p/', cast(logical % 1000 as string))))) END").as("value"));
  }

  static long peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return -1;
  }
}
