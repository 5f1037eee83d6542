package dev.lakehouse.jobs.bench;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.jobs.catalog.TableMigrator;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.gold.GoldJob;
import dev.lakehouse.jobs.spark.LakehouseSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Gold's daily refresh cost against history size: silver is filled with {@code days} days of
 * orders and sessions, gold is built once, then one new day arrives and the refresh is timed.
 * Three new days are refreshed in a row; prints their median time and the data files a refresh
 * added and removed across gold.
 *
 * <pre>GoldBenchmark DAYS ORDERS_PER_DAY SESSIONS_PER_DAY WORKDIR</pre>
 */
public final class GoldBenchmark {
  private static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);
  private static final int REFRESHES = 3;

  public static void main(String[] args) {
    int days = Integer.parseInt(args[0]);
    int ordersPerDay = Integer.parseInt(args[1]);
    int sessionsPerDay = Integer.parseInt(args[2]);
    Path work = Path.of(args[3]);
    JobConfig config = JobConfig.of(Map.of(
        JobArgs.CATALOG, JobArgs.CATALOG_LOCAL,
        JobArgs.WAREHOUSE, work.resolve("warehouse").toUri().toString(),
        JobArgs.SPARK_MASTER, "local[2]",
        JobArgs.SPARK_LOCAL_DIR, work.resolve("spark-tmp").toString(),
        JobArgs.SHUFFLE_PARTITIONS, "8"));
    SparkSession spark = LakehouseSpark.session(config);
    spark.sparkContext().setLogLevel("WARN");
    new TableMigrator(spark, config).migrateAll();

    long t0 = System.nanoTime();
    silver(spark, 0, days, ordersPerDay, sessionsPerDay);
    double load = (System.nanoTime() - t0) / 1e9;
    LocalDate lastDay = FIRST_DAY.plusDays(days - 1);
    t0 = System.nanoTime();
    new GoldJob(spark, config.with(JobArgs.AS_OF_DATE, lastDay.toString()).with(JobArgs.RUN_ID, "build")).run();
    double build = (System.nanoTime() - t0) / 1e9;

    // Then new days arrive, one refresh each. Three in a row, and the median is reported: one
    // refresh on this shared 2-core machine varies by about ±10 %.
    List<Double> times = new ArrayList<>();
    GoldJob refresh = null;
    GoldJob.Result r = null;
    long added = 0;
    long deleted = 0;
    for (int k = 0; k < REFRESHES; k++) {
      silver(spark, days + k, 1, ordersPerDay, sessionsPerDay);
      Timestamp before = Timestamp.from(Instant.now());
      t0 = System.nanoTime();
      refresh = new GoldJob(spark, config.with(JobArgs.AS_OF_DATE, lastDay.plusDays(1 + k).toString()).with(JobArgs.RUN_ID, "refresh" + k));
      r = refresh.run();
      times.add((System.nanoTime() - t0) / 1e9);
      for (TableId t : GoldJob.TABLES) {
        for (Row s : spark.sql("SELECT summary FROM " + t + ".snapshots WHERE committed_at > TIMESTAMP '" + before.toInstant() + "'")
            .collectAsList()) {
          Map<String, String> m = s.getJavaMap(0);
          added += Long.parseLong(m.getOrDefault("added-data-files", "0"));
          deleted += Long.parseLong(m.getOrDefault("deleted-data-files", "0"));
        }
      }
    }
    List<Double> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    long facts = spark.table(Tables.GOLD_ORDER_FACTS.toString()).count();
    long sessions = spark.table(Tables.GOLD_USER_SESSION_ANALYSIS.toString()).count();
    System.out.printf(java.util.Locale.ROOT,
        "RESULT gold days=%d order_facts=%d sessions=%d silver_load_s=%.1f build_s=%.1f refresh_median_s=%.2f refreshes_s=%s"
            + " tables_changed=%d data_files_added_per_refresh=%.1f data_files_deleted_per_refresh=%.1f last_phases=%s%n",
        days, facts, sessions, load, build, sorted.get(REFRESHES / 2), times, r.tablesPublished(), added / (double) REFRESHES,
        deleted / (double) REFRESHES, refresh.phases());
    spark.stop();
  }

  /** Writes {@code count} days of silver orders, clickstream and transactions from day {@code from}. */
  private static void silver(SparkSession spark, int from, int count, int ordersPerDay, int sessionsPerDay) {
    String day0 = FIRST_DAY.plusDays(from) + " 00:00:00";
    long orders = (long) count * ordersPerDay;
    long sessions = (long) count * sessionsPerDay;
    // Orders: created evenly over each day; 80 % shipped 30–180 min later, 10 % cancelled, 10 % open.
    spark.sql("SELECT id, TIMESTAMP '" + day0 + "' + make_interval(0, 0, 0, 0, 0, 0, id * 86400.0 / " + ordersPerDay + ") AS created"
        + " FROM range(" + orders + ")").createOrReplaceTempView("o");
    insert(spark, Tables.SILVER_ORDERS,
        "SELECT concat('O', " + from + ", '-', id) AS order_id, e.ts AS timestamp, concat('P', id % 200) AS product_id,"
            + " concat('Product ', id % 200) AS product_name, CAST(1 + id % 3 AS INT) AS quantity,"
            + " CAST(10 + id % 50 AS DECIMAL(10,2)) AS price, CAST((1 + id % 3) * (10 + id % 50) AS DECIMAL(12,2)) AS total,"
            + " concat('C', pmod(hash(id, " + from + "), 20000)) AS customer_id, 'c***@example.com' AS customer_email,"
            + " element_at(array('credit_card', 'debit_card', 'paypal', 'bank_transfer'), CAST(1 + id % 4 AS INT)) AS payment_method,"
            + " concat('S', id % 30) AS shipping_state, e.status, e.ts AS ingestion_timestamp,"
            + " current_timestamp() AS silver_ingestion_timestamp, to_date(current_timestamp()) AS silver_ingestion_date,"
            + " concat('b', id) AS bronze_record_id"
            + " FROM o LATERAL VIEW explode(CASE"
            + "   WHEN id % 10 < 8 THEN array(named_struct('ts', created, 'status', 'pending'),"
            + "     named_struct('ts', created + make_interval(0, 0, 0, 0, 0, CAST(30 + id % 150 AS INT), 0), 'status', 'shipped'))"
            + "   WHEN id % 10 = 8 THEN array(named_struct('ts', created, 'status', 'pending'),"
            + "     named_struct('ts', created + INTERVAL 20 MINUTES, 'status', 'cancelled'))"
            + "   ELSE array(named_struct('ts', created, 'status', 'pending')) END) x AS e");
    spark.sql("SELECT id, TIMESTAMP '" + day0 + "' + make_interval(0, 0, 0, 0, 0, 0, id * 86400.0 / " + sessionsPerDay + ") AS start"
        + " FROM range(" + sessions + ")").createOrReplaceTempView("s");
    insert(spark, Tables.SILVER_CLICKSTREAM,
        "SELECT concat('E', " + from + ", '-', id, '-', n) AS event_id, concat('S', " + from + ", '-', id) AS session_id,"
            + " concat('U', id % 20000) AS user_id,"
            + " element_at(array('page_view', 'click', 'add_to_cart', 'purchase'), n + 1) AS event_type,"
            + " start + make_interval(0, 0, 0, 0, 0, 0, n * 40) AS event_timestamp, start AS ingestion_timestamp,"
            + " current_timestamp() AS silver_ingestion_timestamp, concat('b', id) AS bronze_record_id"
            + " FROM s LATERAL VIEW explode(sequence(0, CAST(id % 4 AS INT))) x AS n");
    insert(spark, Tables.SILVER_TRANSACTIONS,
        "SELECT concat('T', " + from + ", '-', id) AS transaction_id, concat('S', " + from + ", '-', id) AS session_id,"
            + " concat('U', id % 20000) AS user_id, CAST(5 + id % 100 AS DECIMAL(10,2)) AS amount, 'USD' AS currency,"
            + " start + INTERVAL 3 MINUTES AS transaction_timestamp, start AS ingestion_timestamp,"
            + " current_timestamp() AS silver_ingestion_timestamp, concat('b', id) AS bronze_record_id"
            + " FROM s WHERE id % 4 = 3");
  }

  private static void insert(SparkSession spark, TableId table, String sql) {
    dev.lakehouse.jobs.support.LakeFixture.insertByName(spark, table, sql);
  }
}
