package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.Tables;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * FastCart "Caso de Uso 1", the six sales-performance tables, formulas to the letter with the
 * SPEC §8 decisions: dates are order dates (hourly trends: each event's own hour), revenue counts
 * shipped orders only, money is DECIMAL, percentages 0–100 rounded to 2 decimals. The five daily
 * tables are recomputed for the window's dates only; top products is all-time and tiny.
 */
final class SalesPerformance {
  static final List<String> STATUSES = List.of("pending", "confirmed", "processing", "shipped", "cancelled");

  private SalesPerformance() {}

  /** The sales tables, in the order they are built (keys and compared columns: their TableSpec). */
  static final List<TableId> TABLES = List.of(Tables.GOLD_DAILY_PRODUCT_REVENUE, Tables.GOLD_HOURLY_ORDER_TRENDS,
      Tables.GOLD_ORDER_STATUS_DISTRIBUTION, Tables.GOLD_DAILY_CONVERSION_METRICS, Tables.GOLD_PAYMENT_METHOD_REVENUE,
      Tables.GOLD_TOP_PRODUCTS);

  static void refresh(SparkSession spark, GoldWindow w, AuditBranch branch) {
    String allFacts = branch.of(Tables.GOLD_ORDER_FACTS);
    spark.sql("SELECT * FROM " + allFacts + " WHERE order_date >= " + w.startDateSql()).createOrReplaceTempView("f");
    String inWindow = "t.date >= " + w.startDateSql();

    GoldMerge.query(spark, branch, Tables.GOLD_DAILY_PRODUCT_REVENUE, inWindow,
        "SELECT order_date AS date, product_id, product_name,"
            + " CAST(sum(total) AS DECIMAL(18,2)) AS total_revenue,"
            + " count(DISTINCT order_id) AS total_orders,"
            + " CAST(sum(quantity) AS BIGINT) AS total_quantity_sold,"
            + " CAST(sum(total) / count(DISTINCT order_id) AS DECIMAL(18,2)) AS avg_order_value,"
            + " min(price) AS min_price, max(price) AS max_price"
            + " FROM f WHERE is_shipped GROUP BY order_date, product_id, product_name");

    // Per hour: an order is "created" in the hour of its first pending event (the seed: "new
    // orders, status pending"; an order whose pending event was rejected is created in no hour)
    // and "completed" in the hour of its first shipped event, so a re-delivered event never
    // counts an order twice. Revenue and processing time are those of the completed orders
    // (averaged as exact decimals: a double sum depends on row order, and a re-run must not differ).
    GoldMerge.query(spark, branch, Tables.GOLD_HOURLY_ORDER_TRENDS, inWindow,
        "WITH p AS (SELECT order_id, min(timestamp) AS pending_at FROM window_order_events WHERE status = 'pending' GROUP BY order_id),"
            + " c AS (SELECT to_date(pending_at) AS date, hour(pending_at) AS hour, count(*) AS created FROM p GROUP BY 1, 2),"
            + " d AS (SELECT to_date(shipped_at) AS date, hour(shipped_at) AS hour, count(*) AS completed,"
            + "   sum(total) AS revenue, CAST(avg(CAST(processing_time_minutes AS DECIMAL(18,6))) AS DOUBLE) AS avg_minutes"
            + "   FROM " + allFacts + " WHERE shipped_at >= " + w.startTimestampSql() + " GROUP BY 1, 2)"
            + " SELECT coalesce(c.date, d.date) AS date, coalesce(c.hour, d.hour) AS hour,"
            + "  coalesce(c.created, 0) AS orders_created_count, coalesce(d.completed, 0) AS orders_completed_count,"
            + "  CAST(coalesce(d.revenue, 0) AS DECIMAL(18,2)) AS revenue_per_hour, d.avg_minutes AS avg_processing_time_minutes"
            + " FROM c FULL OUTER JOIN d ON c.date = d.date AND c.hour = d.hour");

    GoldMerge.query(spark, branch, Tables.GOLD_ORDER_STATUS_DISTRIBUTION, inWindow,
        "WITH st AS (SELECT explode(array('" + String.join("','", STATUSES) + "')) AS status),"
            + " tot AS (SELECT order_date, count(*) AS n FROM f GROUP BY order_date),"
            + " c AS (SELECT order_date, status, count(*) AS cnt, sum(total) AS rev FROM f GROUP BY order_date, status)"
            + " SELECT tot.order_date AS date, st.status, coalesce(c.cnt, 0) AS status_count,"
            + "  CAST(round(coalesce(c.cnt, 0) * 100.0 / tot.n, 2) AS DECIMAL(5,2)) AS status_percentage,"
            + "  CAST(coalesce(c.rev, 0) AS DECIMAL(18,2)) AS total_revenue_by_status"
            + " FROM tot CROSS JOIN st LEFT JOIN c ON c.order_date = tot.order_date AND c.status = st.status");

    GoldMerge.query(spark, branch, Tables.GOLD_DAILY_CONVERSION_METRICS, inWindow,
        "SELECT order_date AS date, count(*) AS total_orders_created,"
            + " count_if(is_shipped) AS total_orders_shipped, count_if(is_cancelled) AS total_orders_cancelled,"
            + " CAST(round(count_if(is_shipped) * 100.0 / count(*), 2) AS DECIMAL(5,2)) AS conversion_rate,"
            + " CAST(round(count_if(is_cancelled) * 100.0 / count(*), 2) AS DECIMAL(5,2)) AS cancellation_rate"
            + " FROM f GROUP BY order_date");

    GoldMerge.query(spark, branch, Tables.GOLD_PAYMENT_METHOD_REVENUE, inWindow,
        "SELECT order_date AS date, payment_method, CAST(sum(total) AS DECIMAL(18,2)) AS total_revenue,"
            + " count(*) AS order_count, CAST(sum(total) / count(*) AS DECIMAL(18,2)) AS avg_order_value,"
            + " CAST(round(count(*) * 100.0 / sum(count(*)) OVER (PARTITION BY order_date), 2) AS DECIMAL(5,2))"
            + "  AS payment_method_percentage"
            + " FROM f WHERE is_shipped GROUP BY order_date, payment_method");

    // All time: ranked by the metric, ties by product_id; the name is the one of the latest shipped
    // order. Totals are the sums of the daily per-product totals just refreshed (exact decimals);
    // only the names are read from order facts, on the days of the top products' latest orders.
    spark.sql("WITH p AS (SELECT product_id, CAST(sum(total_revenue) AS DECIMAL(18,2)) AS total_revenue,"
            + "   CAST(sum(total_quantity_sold) AS BIGINT) AS quantity_sold, max(date) AS last_date"
            + "   FROM " + branch.of(Tables.GOLD_DAILY_PRODUCT_REVENUE) + " GROUP BY product_id),"
            + " r AS (SELECT 'top_10_by_revenue' AS ranking,"
            + "   CAST(row_number() OVER (ORDER BY total_revenue DESC, product_id) AS INT) AS rank, * FROM p"
            + "  UNION ALL SELECT 'top_10_by_quantity' AS ranking,"
            + "   CAST(row_number() OVER (ORDER BY quantity_sold DESC, product_id) AS INT) AS rank, * FROM p)"
            + " SELECT * FROM r WHERE rank <= 10")
        .createOrReplaceTempView("top_products");
    OrderFacts.latestShipped(spark, allFacts, "product_id", "product_name",
        spark.table("top_products").select("product_id", "last_date").collectAsList(), "product_names");
    GoldMerge.query(spark, branch, Tables.GOLD_TOP_PRODUCTS, "true",
        "SELECT t.ranking, t.rank, t.product_id, n.product_name, t.total_revenue, t.quantity_sold"
            + " FROM top_products t LEFT JOIN product_names n ON n.product_id = t.product_id");
  }
}
