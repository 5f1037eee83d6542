package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.Tables;
import dev.lakehouse.jobs.ops.Sql;
import org.apache.spark.sql.SparkSession;

/**
 * Silver rows that arrived since the previous gold run but belong before the look-back window: an
 * event older than its start, or an event of an order or session that started before it. Gold
 * applies them (its window reaches back to them, see {@link SilverChanges}) and counts them per run
 * in {@code ops.gold_runs}, so late data is visible.
 */
record LateData(long orders, long clickstream, long transactions) {
  static final LateData NONE = new LateData(0, 0, 0);

  static LateData count(SparkSession spark, GoldWindow w) {
    if (w.previousRunStartedAt().isEmpty()) {
      return NONE;
    }
    String since = Sql.timestamp(w.previousRunStartedAt().get());
    // Rows ingested since the last run that the window cannot apply: older than the window, or
    // belonging to an order/session that started before it. The old keys are looked up for the
    // recent rows' keys only, so the cost follows what arrived, not the size of gold.
    long orders = spark.sql(
        "WITH recent AS (SELECT order_id, timestamp FROM " + Tables.SILVER_ORDERS + " WHERE silver_ingestion_timestamp > " + since + "),"
            + " ids AS (SELECT DISTINCT order_id FROM recent),"
            + " old AS (SELECT f.order_id FROM " + Tables.GOLD_ORDER_FACTS + " f JOIN ids ON f.order_id = ids.order_id"
            + "   WHERE f.order_date < " + w.startDateSql() + ")"
            + " SELECT count(*) FROM recent r LEFT JOIN old o ON r.order_id = o.order_id"
            + " WHERE r.timestamp < " + w.startTimestampSql() + " OR o.order_id IS NOT NULL")
        .first().getLong(0);
    long clicks = spark.sql(
        "WITH recent AS (SELECT session_id, event_timestamp FROM " + Tables.SILVER_CLICKSTREAM
            + "   WHERE silver_ingestion_timestamp > " + since + "),"
            + " ids AS (SELECT DISTINCT session_id FROM recent),"
            + " old AS (SELECT DISTINCT g.session_id FROM " + Tables.GOLD_USER_SESSION_ANALYSIS + " g JOIN ids ON g.session_id = ids.session_id"
            + "   WHERE g.session_date < " + w.startDateSql() + ")"
            + " SELECT count(*) FROM recent r LEFT JOIN old o ON r.session_id = o.session_id"
            + " WHERE r.event_timestamp < " + w.startTimestampSql() + " OR o.session_id IS NOT NULL")
        .first().getLong(0);
    long txns = spark.sql(
        "SELECT count(*) FROM " + Tables.SILVER_TRANSACTIONS + " WHERE silver_ingestion_timestamp > " + since
            + " AND transaction_timestamp < " + w.startTimestampSql())
        .first().getLong(0);
    return new LateData(orders, clicks, txns);
  }
}
