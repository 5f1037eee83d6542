package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.Tables;
import dev.lakehouse.jobs.ops.Sql;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code gold.order_facts}: one row per order, per SPEC §8. Creation is the earliest event, the
 * order date its UTC date; shipped / cancelled mean "has such an event"; product, customer,
 * payment, quantity, price and total come from the latest event (ties broken by the later
 * ingestion). Recomputed for the orders created in the window from their silver events; orders
 * created before the window are left as they are (their new events are late, counted elsewhere).
 */
final class OrderFacts {
  private static final String OLD_ORDERS = "window_old_orders";

  private OrderFacts() {}

  /** Frees what {@link #refresh} cached for the run. */
  static void release(SparkSession spark) {
    if (spark.catalog().tableExists(OLD_ORDERS)) {
      spark.catalog().uncacheTable(OLD_ORDERS);
    }
  }

  /** Registers {@code window_order_events} and {@code window_order_facts}; merges the facts into the branch. */
  static void refresh(SparkSession spark, GoldWindow w, AuditBranch branch) {
    String facts = branch.of(Tables.GOLD_ORDER_FACTS);
    // Events of orders created before the window are late: excluded here (LateData counts them).
    // The old orders are looked up for the window's order ids only; the lookup still scans
    // order_facts' ids, so it is cached: the events view is read again by Sales.
    spark.sql(
        "WITH ids AS (SELECT DISTINCT order_id FROM " + Tables.SILVER_ORDERS + " WHERE timestamp >= " + w.startTimestampSql() + ")"
            + " SELECT f.order_id FROM " + facts + " f JOIN ids ON f.order_id = ids.order_id WHERE f.order_date < " + w.startDateSql())
        .createOrReplaceTempView(OLD_ORDERS);
    spark.catalog().cacheTable(OLD_ORDERS);
    spark.sql(
        "SELECT e.* FROM " + Tables.SILVER_ORDERS + " e LEFT ANTI JOIN " + OLD_ORDERS + " old ON e.order_id = old.order_id"
            + " WHERE e.timestamp >= " + w.startTimestampSql())
        .createOrReplaceTempView("window_order_events");
    spark.sql(
        "WITH latest AS ("
            + "  SELECT *, row_number() OVER (PARTITION BY order_id ORDER BY timestamp DESC, ingestion_timestamp DESC, bronze_record_id DESC) AS rn"
            + "  FROM window_order_events),"
            + " life AS ("
            + "  SELECT order_id, min(timestamp) AS created_at, max(status = 'shipped') AS is_shipped,"
            + "   max(status = 'cancelled') AS is_cancelled, min(CASE WHEN status = 'shipped' THEN timestamp END) AS shipped_at"
            + "  FROM window_order_events GROUP BY order_id)"
            + " SELECT l.order_id, to_date(l.created_at) AS order_date, l.created_at, e.status, l.is_shipped, l.is_cancelled, l.shipped_at,"
            + "  CASE WHEN l.shipped_at IS NOT NULL THEN (unix_micros(l.shipped_at) - unix_micros(l.created_at)) / 60000000.0 END"
            + "   AS processing_time_minutes,"
            + "  e.customer_id, e.customer_email, e.product_id, e.product_name, e.quantity, e.price, e.total, e.payment_method,"
            + "  e.shipping_state, current_timestamp() AS processing_timestamp"
            + " FROM life l JOIN latest e ON e.order_id = l.order_id AND e.rn = 1")
        .createOrReplaceTempView("window_order_facts");
    GoldMerge.merge(spark, branch, Tables.GOLD_ORDER_FACTS, "window_order_facts", "t.order_date >= " + w.startDateSql());
  }

  /**
   * Registers {@code view} (key, value): for each of a few keys, {@code value} of its latest
   * shipped order (by {@code created_at}). {@code keysAndLastDates} gives each key with the order
   * date of its latest shipped order, so only those dates' partitions are read, not all history.
   */
  static void latestShipped(SparkSession spark, String facts, String key, String value, List<Row> keysAndLastDates, String view) {
    String keys = keysAndLastDates.stream().map(r -> Sql.literal(r.getString(0))).distinct().collect(Collectors.joining(", "));
    String dates = keysAndLastDates.stream().map(r -> "DATE '" + r.getDate(1) + "'").distinct().collect(Collectors.joining(", "));
    spark.sql("SELECT " + key + ", max_by(" + value + ", created_at) AS " + value + " FROM " + facts
            + " WHERE is_shipped AND " + (keys.isEmpty() ? "false" : "order_date IN (" + dates + ") AND " + key + " IN (" + keys + ")")
            + " GROUP BY " + key)
        .createOrReplaceTempView(view);
  }
}
