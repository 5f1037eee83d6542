package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.Tables;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * FastCart "Caso de Uso 2", the six customer-analytics tables. Per SPEC §8 they use each
 * customer's shipped orders, all time, as of the run: a customer is someone with at least one
 * shipped order; {@code order_count} counts shipped orders (so {@code avg = spent / count}).
 * Segments: high_value {@code > 500}, medium_value {@code 100..500} (both ends included),
 * low_value {@code < 100}. Segments and retention are daily snapshots keyed by the as-of date.
 */
final class CustomerAnalytics {
  private static final long BROADCAST_MAX_CUSTOMERS = 2_000_000;
  private static final String CUSTOMER_STATES = "customer_states";

  private CustomerAnalytics() {}

  /** The customer tables, in the order they are built (keys and compared columns: their TableSpec). */
  static final List<TableId> TABLES = List.of(Tables.GOLD_TOP_CUSTOMERS, Tables.GOLD_CUSTOMER_SEGMENTS,
      Tables.GOLD_PAYMENT_METHOD_PREFERENCES, Tables.GOLD_GEOGRAPHIC_ANALYSIS, Tables.GOLD_CUSTOMER_RETENTION,
      Tables.GOLD_PROCESSING_TIME_BY_SEGMENT);

  static void refresh(SparkSession spark, GoldWindow w, AuditBranch branch) {
    // All-time shipped orders, shared by the six tables. Not cached: a vectorized read of these
    // flat columns costs less than building an in-memory copy of every shipped order.
    spark.sql("SELECT customer_id, customer_email, total, order_date, created_at, payment_method, shipping_state,"
            + " processing_time_minutes FROM " + branch.of(Tables.GOLD_ORDER_FACTS) + " WHERE is_shipped")
        .createOrReplaceTempView("shipped");
    // One pass over every shipped order, per customer and state: the customers' totals and the
    // states' (with their distinct customers) are both sums over it. Fixed-width aggregates only,
    // so Spark hashes instead of sorting every shipped order (a string in an aggregation buffer, as
    // max_by(customer_email, ...) has, forces a sort aggregate); top_customers looks its emails up.
    spark.sql("SELECT customer_id, shipping_state, count(*) AS orders, sum(total) AS spent, min(order_date) AS first_order_date,"
            + " max(order_date) AS last_order_date FROM shipped GROUP BY customer_id, shipping_state")
        .createOrReplaceTempView(CUSTOMER_STATES);
    spark.catalog().cacheTable(CUSTOMER_STATES);
    spark.sql(
        "SELECT customer_id, sum(spent) AS total_spent,"
            + " sum(orders) AS order_count, min(first_order_date) AS first_order_date, max(last_order_date) AS last_order_date,"
            + " CASE WHEN sum(spent) > 500 THEN 'high_value' WHEN sum(spent) >= 100 THEN 'medium_value' ELSE 'low_value' END"
            + "  AS segment"
            + " FROM " + CUSTOMER_STATES + " GROUP BY customer_id")
        .cache()
        .createOrReplaceTempView("customers");
    // This join reads only an id and a segment per customer: broadcast them rather than shuffle
    // every shipped order, unless there are so many customers that the driver should not hold them.
    String broadcastCustomers = spark.table("customers").count() <= BROADCAST_MAX_CUSTOMERS ? "/*+ BROADCAST(c) */" : "";
    spark.sql("SELECT explode(array('high_value', 'medium_value', 'low_value')) AS segment").createOrReplaceTempView("segment_names");

    // the email of each top customer's latest shipped order, read from the dates of those orders only
    spark.sql("SELECT * FROM (SELECT CAST(row_number() OVER (ORDER BY total_spent DESC, customer_id) AS INT) AS rank, *"
        + " FROM customers) WHERE rank <= 20").createOrReplaceTempView("top");
    OrderFacts.latestShipped(spark, branch.of(Tables.GOLD_ORDER_FACTS), "customer_id", "customer_email",
        spark.table("top").select("customer_id", "last_order_date").collectAsList(), "emails");
    GoldMerge.query(spark, branch, Tables.GOLD_TOP_CUSTOMERS, "true",
        "SELECT t.rank, t.customer_id, e.customer_email, CAST(t.total_spent AS DECIMAL(18,2)) AS total_spent, t.order_count,"
            + " CAST(t.total_spent / t.order_count AS DECIMAL(18,2)) AS avg_order_value, t.first_order_date, t.last_order_date,"
            + " datediff(" + w.asOfSql() + ", t.first_order_date) AS customer_tenure_days"
            + " FROM top t JOIN emails e ON e.customer_id = t.customer_id");

    GoldMerge.query(spark, branch, Tables.GOLD_CUSTOMER_SEGMENTS, "t.snapshot_date = " + w.asOfSql(),
        "SELECT " + w.asOfSql() + " AS snapshot_date, n.segment, count(c.customer_id) AS customer_count,"
            + " CAST(coalesce(sum(c.total_spent), 0) AS DECIMAL(18,2)) AS total_revenue,"
            + " CAST(coalesce(sum(c.total_spent) / count(c.customer_id), 0) AS DECIMAL(18,2)) AS avg_customer_value,"
            + " CAST(round(coalesce(count(c.customer_id) * 100.0 / nullif((SELECT count(*) FROM customers), 0), 0), 2) AS DECIMAL(5,2))"
            + "  AS segment_percentage"
            + " FROM segment_names n LEFT JOIN customers c ON c.segment = n.segment GROUP BY n.segment");

    // all time per method: the sum of the daily per-method totals Sales just refreshed (exact decimals),
    // not another pass over every shipped order
    GoldMerge.query(spark, branch, Tables.GOLD_PAYMENT_METHOD_PREFERENCES, "true",
        "SELECT payment_method, payment_method_usage_count,"
            + " CAST(round(payment_method_usage_count * 100.0 / sum(payment_method_usage_count) OVER (), 2) AS DECIMAL(5,2))"
            + "  AS payment_method_percentage,"
            + " CAST(revenue / payment_method_usage_count AS DECIMAL(18,2)) AS avg_order_value_by_method,"
            + " CAST(revenue AS DECIMAL(18,2)) AS total_revenue_by_method"
            + " FROM (SELECT payment_method, sum(order_count) AS payment_method_usage_count, sum(total_revenue) AS revenue"
            + "   FROM " + branch.of(Tables.GOLD_PAYMENT_METHOD_REVENUE) + " GROUP BY payment_method)");

    GoldMerge.query(spark, branch, Tables.GOLD_GEOGRAPHIC_ANALYSIS, "true",
        "SELECT * FROM (SELECT CAST(row_number() OVER (ORDER BY sum(orders) DESC, shipping_state) AS INT) AS rank,"
            + " shipping_state, sum(orders) AS order_count_by_state, CAST(sum(spent) AS DECIMAL(18,2)) AS revenue_by_state,"
            + " CAST(sum(spent) / sum(orders) AS DECIMAL(18,2)) AS avg_order_value_by_state,"
            + " count(customer_id) AS unique_customers_by_state"
            + " FROM " + CUSTOMER_STATES + " GROUP BY shipping_state) WHERE rank <= 10");
    spark.catalog().uncacheTable(CUSTOMER_STATES);

    GoldMerge.query(spark, branch, Tables.GOLD_CUSTOMER_RETENTION, "t.snapshot_date = " + w.asOfSql(),
        "SELECT " + w.asOfSql() + " AS snapshot_date, count_if(order_count > 1) AS repeat_customer_count,"
            + " count_if(order_count = 1) AS one_time_customer_count,"
            + " CAST(round(coalesce(count_if(order_count > 1) * 100.0 / nullif(count(*), 0), 0), 2) AS DECIMAL(5,2))"
            + "  AS repeat_customer_percentage,"
            + " CAST(coalesce(sum(CASE WHEN order_count > 1 THEN total_spent END), 0) AS DECIMAL(18,2)) AS repeat_customer_revenue,"
            + " CAST(round(coalesce(sum(CASE WHEN order_count > 1 THEN total_spent END) * 100.0 / nullif(sum(total_spent), 0), 0), 2)"
            + "  AS DECIMAL(5,2)) AS repeat_customer_revenue_percentage"
            + " FROM customers");

    GoldMerge.query(spark, branch, Tables.GOLD_PROCESSING_TIME_BY_SEGMENT, "true",
        "SELECT n.segment AS customer_segment,"
            // an exact decimal average: a double sum depends on the order rows arrive in, and a re-run must not differ
            + " CAST(avg(CAST(s.processing_time_minutes AS DECIMAL(18,6))) AS DOUBLE) AS avg_processing_time_minutes,"
            + " percentile(s.processing_time_minutes, 0.5) AS median_processing_time_minutes,"
            + " min(s.processing_time_minutes) AS min_processing_time_minutes,"
            + " max(s.processing_time_minutes) AS max_processing_time_minutes"
            + " FROM segment_names n LEFT JOIN (SELECT " + broadcastCustomers + " o.processing_time_minutes, c.segment FROM shipped o"
            + "   JOIN customers c ON c.customer_id = o.customer_id) s ON s.segment = n.segment GROUP BY n.segment");
    spark.catalog().uncacheTable("customers");
  }
}
