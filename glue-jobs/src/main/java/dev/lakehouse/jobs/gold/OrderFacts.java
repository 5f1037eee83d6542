package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.Tables;
import org.apache.spark.sql.SparkSession;

/**
 * {@code gold.order_facts}: one row per order, per SPEC §8. Creation is the earliest event, the
 * order date its UTC date; shipped / cancelled mean "has such an event"; product, customer,
 * payment, quantity, price and total come from the latest event (ties broken by the later
 * ingestion). Recomputed for the orders created in the window from their silver events; orders
 * created before the window are left as they are (their new events are late, counted elsewhere).
 */
final class OrderFacts {
  private OrderFacts() {}

  /** Registers {@code window_order_events} and {@code window_order_facts}; merges the facts into the branch. */
  static void refresh(SparkSession spark, GoldWindow w, AuditBranch branch) {
    String facts = branch.of(Tables.GOLD_ORDER_FACTS);
    // Events of orders created before the window are late: excluded here (LateData counts them).
    // The old orders are looked up for the window's order ids only, so the cost follows the
    // window, not the size of order_facts.
    spark.sql(
        "WITH wev AS (SELECT * FROM " + Tables.SILVER_ORDERS + " WHERE timestamp >= " + w.startTimestampSql() + "),"
            + " ids AS (SELECT DISTINCT order_id FROM wev),"
            + " old AS (SELECT f.order_id FROM " + facts + " f JOIN ids ON f.order_id = ids.order_id"
            + "   WHERE f.order_date < " + w.startDateSql() + ")"
            + " SELECT wev.* FROM wev LEFT ANTI JOIN old ON wev.order_id = old.order_id")
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
}
