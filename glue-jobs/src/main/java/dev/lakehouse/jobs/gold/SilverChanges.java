package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.Tables;
import dev.lakehouse.jobs.ops.Sql;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The earliest gold date that the silver rows written since the last published run touch: their
 * own dates, the dates of the orders and sessions they belong to as gold holds them now (a
 * changed or replaced event can move an order's creation either way), and the sessions a new
 * users version is valid for. Gold recomputes from there, however long it did not run.
 *
 * <p>Each source's recent rows are found through {@code silver_ingestion_timestamp}, whose
 * file-level bounds let Iceberg skip every file written before the last run; the gold lookups
 * read only the changed keys' rows, so the cost follows what changed, not the size of history.
 */
final class SilverChanges {
  private SilverChanges() {}

  static Optional<LocalDate> earliestAffectedDate(SparkSession spark, Timestamp since) {
    String after = Sql.timestamp(since);
    String sessions = Tables.GOLD_USER_SESSION_ANALYSIS.toString();
    Row r = spark.sql(
        "WITH o AS (SELECT order_id, timestamp FROM " + Tables.SILVER_ORDERS + " WHERE silver_ingestion_timestamp > " + after + "),"
            + " c AS (SELECT session_id, event_timestamp FROM " + Tables.SILVER_CLICKSTREAM + " WHERE silver_ingestion_timestamp > " + after + "),"
            + " x AS (SELECT session_id, transaction_timestamp FROM " + Tables.SILVER_TRANSACTIONS + " WHERE silver_ingestion_timestamp > " + after + "),"
            + " u AS (SELECT user_id, valid_from FROM " + Tables.SILVER_USERS + " WHERE silver_ingestion_timestamp > " + after + "),"
            + " sids AS (SELECT session_id FROM c UNION SELECT session_id FROM x)"
            + " SELECT least("
            + "  (SELECT to_date(min(timestamp)) FROM o),"
            + "  (SELECT min(f.order_date) FROM " + Tables.GOLD_ORDER_FACTS + " f LEFT SEMI JOIN o ON f.order_id = o.order_id),"
            + "  (SELECT to_date(min(event_timestamp)) FROM c),"
            + "  (SELECT to_date(min(transaction_timestamp)) FROM x),"
            + "  (SELECT min(g.session_date) FROM " + sessions + " g LEFT SEMI JOIN sids ON g.session_id = sids.session_id),"
            + "  (SELECT min(g.session_date) FROM " + sessions + " g LEFT SEMI JOIN u ON g.user_id = u.user_id AND g.session_start_time >= u.valid_from))")
        .first();
    return r.isNullAt(0) ? Optional.empty() : Optional.of(r.getDate(0).toLocalDate());
  }
}
