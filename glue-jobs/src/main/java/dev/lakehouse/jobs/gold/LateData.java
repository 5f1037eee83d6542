package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.Tables;
import dev.lakehouse.jobs.ops.Sql;
import org.apache.spark.sql.SparkSession;

/**
 * Silver rows that arrived since the previous gold run but belong before the window: an event
 * older than the window start, or an event of an order or session that started before it. Gold does not
 * apply them (re-run with a longer {@code --lookback-days} to do so); it counts them per run in
 * {@code ops.gold_runs}, so nothing is ignored silently.
 */
record LateData(long orders, long clickstream, long transactions) {
  static final LateData NONE = new LateData(0, 0, 0);

  static LateData count(SparkSession spark, GoldWindow w) {
    if (w.previousRunStartedAt().isEmpty()) {
      return NONE;
    }
    String since = Sql.timestamp(w.previousRunStartedAt().get());
    long orders = spark.sql(
        "SELECT count(*) FROM " + Tables.SILVER_ORDERS + " e WHERE e.silver_ingestion_timestamp > " + since
            + " AND (e.timestamp < " + w.startTimestampSql()
            + "  OR e.order_id IN (SELECT order_id FROM " + Tables.GOLD_ORDER_FACTS + " WHERE order_date < " + w.startDateSql() + "))")
        .first().getLong(0);
    long clicks = spark.sql(
        "SELECT count(*) FROM " + Tables.SILVER_CLICKSTREAM + " WHERE silver_ingestion_timestamp > " + since
            + " AND (event_timestamp < " + w.startTimestampSql()
            + "  OR session_id IN (SELECT session_id FROM " + Tables.GOLD_USER_SESSION_ANALYSIS + " WHERE session_date < "
            + w.startDateSql() + "))")
        .first().getLong(0);
    long txns = spark.sql(
        "SELECT count(*) FROM " + Tables.SILVER_TRANSACTIONS + " WHERE silver_ingestion_timestamp > " + since
            + " AND transaction_timestamp < " + w.startTimestampSql())
        .first().getLong(0);
    return new LateData(orders, clicks, txns);
  }
}
