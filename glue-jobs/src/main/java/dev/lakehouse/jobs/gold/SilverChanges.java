package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.Tables;
import dev.lakehouse.jobs.ops.Sql;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the silver rows written since the last published run mean for gold: the earliest gold
 * date they touch — their own dates, the dates of the orders and sessions they belong to as gold
 * holds them now (a changed or replaced event can move an order's creation either way), and the
 * sessions a new users version is valid for — and how many of them are late (before the
 * look-back), and how many are dated before silver's retention horizon (gold keeps those days as
 * they are). Gold recomputes from that date, however long it did not run, but never before the horizon.
 *
 * <p>Recent rows are found through {@code silver_ingestion_timestamp}, whose file-level bounds let
 * Iceberg skip every file written before the last run. Gold is read once per table, for the
 * changed keys' rows only (order facts, sessions; sessions again by user only when a users
 * version changed), so the cost follows what changed plus one narrow scan.
 */
record SilverChanges(LateData late, Optional<LocalDate> earliest) {

  static SilverChanges since(SparkSession spark, Timestamp since, LocalDate lookbackStart, Optional<LocalDate> horizon) {
    String after = Sql.timestamp(since);
    String start = "TIMESTAMP '" + lookbackStart + " 00:00:00'";
    String startDate = "DATE '" + lookbackStart + "'";
    // no horizon: nothing is before it
    String horizonTime = horizon.map(h -> "TIMESTAMP '" + h + " 00:00:00'").orElse("TIMESTAMP '0001-01-01 00:00:00'");
    String horizonDate = horizon.map(h -> "DATE '" + h + "'").orElse("DATE '0001-01-01'");

    Row orders = spark.sql(
        "WITH recent AS (SELECT order_id, timestamp FROM " + Tables.SILVER_ORDERS + " WHERE silver_ingestion_timestamp > " + after + "),"
            + " ids AS (SELECT DISTINCT order_id FROM recent),"
            + " old AS (SELECT f.order_id, f.order_date FROM " + Tables.GOLD_ORDER_FACTS + " f JOIN ids ON f.order_id = ids.order_id)"
            + " SELECT count_if(r.timestamp < " + start + " OR o.order_date < " + startDate + "),"
            + "  least(to_date(min(r.timestamp)), min(o.order_date)),"
            + "  count_if(r.timestamp < " + horizonTime + " OR o.order_date < " + horizonDate + ")"
            + " FROM recent r LEFT JOIN old o ON r.order_id = o.order_id")
        .first();

    spark.sql("SELECT session_id, event_timestamp FROM " + Tables.SILVER_CLICKSTREAM + " WHERE silver_ingestion_timestamp > " + after)
        .createOrReplaceTempView("changed_events");
    spark.sql("SELECT session_id, transaction_timestamp FROM " + Tables.SILVER_TRANSACTIONS + " WHERE silver_ingestion_timestamp > " + after)
        .createOrReplaceTempView("changed_transactions");
    Dataset<Row> held = spark.sql(
        "WITH sids AS (SELECT session_id FROM changed_events UNION SELECT session_id FROM changed_transactions)"
            + " SELECT g.session_id, min(g.session_date) AS session_date FROM " + Tables.GOLD_USER_SESSION_ANALYSIS + " g"
            + " JOIN sids ON g.session_id = sids.session_id GROUP BY g.session_id")
        .cache();
    try {
      held.createOrReplaceTempView("changed_sessions");
      Row sessions = spark.sql(
          "SELECT (SELECT count(*) FROM changed_events c LEFT JOIN changed_sessions s ON c.session_id = s.session_id"
              + "   WHERE c.event_timestamp < " + start + " OR s.session_date < " + startDate + "),"
              + " (SELECT count(*) FROM changed_transactions WHERE transaction_timestamp < " + start + "),"
              + " least((SELECT to_date(min(event_timestamp)) FROM changed_events),"
              + "   (SELECT to_date(min(transaction_timestamp)) FROM changed_transactions),"
              + "   (SELECT min(session_date) FROM changed_sessions)),"
              + " (SELECT count(*) FROM changed_events c LEFT JOIN changed_sessions s ON c.session_id = s.session_id"
              + "   WHERE c.event_timestamp < " + horizonTime + " OR s.session_date < " + horizonDate + ")"
              + " + (SELECT count(*) FROM changed_transactions WHERE transaction_timestamp < " + horizonTime + ")")
          .first();
      LateData late = new LateData(orders.getLong(0), sessions.getLong(0), sessions.getLong(1), orders.getLong(2) + sessions.getLong(3));
      return new SilverChanges(late, Stream.of(date(orders, 1), date(sessions, 2), usersEarliest(spark, after))
          .flatMap(Optional::stream).min(LocalDate::compareTo));
    } finally {
      held.unpersist();
    }
  }

  /** The first session a new users version is valid for; no gold scan when no version changed. */
  private static Optional<LocalDate> usersEarliest(SparkSession spark, String after) {
    spark.sql("SELECT user_id, valid_from FROM " + Tables.SILVER_USERS + " WHERE silver_ingestion_timestamp > " + after)
        .createOrReplaceTempView("changed_versions");
    if (spark.table("changed_versions").isEmpty()) {
      return Optional.empty();
    }
    return date(spark.sql(
        "SELECT min(g.session_date) FROM " + Tables.GOLD_USER_SESSION_ANALYSIS + " g"
            + " LEFT SEMI JOIN changed_versions v ON g.user_id = v.user_id AND g.session_start_time >= v.valid_from").first(), 0);
  }

  private static Optional<LocalDate> date(Row r, int i) {
    return r.isNullAt(i) ? Optional.empty() : Optional.of(r.getDate(i).toLocalDate());
  }
}
