package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.Tables;
import org.apache.spark.sql.SparkSession;

/**
 * {@code gold.user_session_analysis} (kashio §2, SPEC §8): a session is the silver clickstream
 * events sharing a {@code session_id}; start/end are the first/last event; {@code event_types}
 * lists the types in time order (ties by event id), repeats kept; the transaction is the
 * session's earliest valid transaction (LEFT JOIN); user attributes are those of the
 * {@code silver.users} SCD2 version valid at session start. Sessions starting in the window are
 * recomputed and merged on {@code (session_id, user_id)}.
 */
final class SessionAnalysis {
  static final int DATA_VERSION = 1;
  private SessionAnalysis() {}

  static void refresh(SparkSession spark, GoldWindow w, AuditBranch branch) {
    String target = branch.of(Tables.GOLD_USER_SESSION_ANALYSIS);
    spark.sql(
        // sessions that started before the window are late: looked up for the window's session ids only
        "WITH ev0 AS (SELECT session_id, user_id, event_id, event_type, event_timestamp FROM " + Tables.SILVER_CLICKSTREAM
            + "   WHERE event_timestamp >= " + w.startTimestampSql() + "),"
            + " sids AS (SELECT DISTINCT session_id FROM ev0),"
            + " old AS (SELECT t.session_id FROM " + target + " t JOIN sids ON t.session_id = sids.session_id"
            + "   WHERE t.session_date < " + w.startDateSql() + "),"
            + " ev AS (SELECT ev0.* FROM ev0 LEFT ANTI JOIN old ON ev0.session_id = old.session_id),"
            + " s AS (SELECT session_id, user_id, min(event_timestamp) AS session_start_time, max(event_timestamp) AS session_end_time,"
            + "   CAST(count(*) AS INT) AS total_events,"
            + "   transform(array_sort(collect_list(struct(event_timestamp, event_id, event_type))), x -> x.event_type) AS event_types"
            + "   FROM ev GROUP BY session_id, user_id),"
            + " tx AS (SELECT * FROM (SELECT session_id, user_id, transaction_id, amount, currency, transaction_timestamp,"
            + "   row_number() OVER (PARTITION BY session_id, user_id ORDER BY transaction_timestamp, transaction_id) AS rn"
            + "   FROM " + Tables.SILVER_TRANSACTIONS + " WHERE transaction_timestamp >= " + w.startTimestampSql() + ") WHERE rn = 1)"
            + " SELECT s.user_id, s.session_id, u.signup_date, u.device_type, u.country,"
            + "  s.session_start_time, s.session_end_time,"
            + "  CAST(unix_seconds(s.session_end_time) - unix_seconds(s.session_start_time) AS INT) AS session_duration_seconds,"
            + "  to_date(s.session_start_time) AS session_date, s.total_events, s.event_types,"
            + "  s.event_types[0] AS first_event_type, element_at(s.event_types, -1) AS last_event_type,"
            + "  tx.transaction_id, tx.amount AS transaction_amount, tx.currency AS transaction_currency,"
            + "  tx.transaction_timestamp, tx.transaction_id IS NOT NULL AS has_transaction,"
            + "  CAST(unix_seconds(tx.transaction_timestamp) - unix_seconds(s.session_start_time) AS INT) AS time_to_purchase_seconds,"
            + "  current_timestamp() AS processing_timestamp, " + DATA_VERSION + " AS data_version, 'lakehouse' AS source_system"
            + " FROM s LEFT JOIN tx ON tx.session_id = s.session_id AND tx.user_id = s.user_id"
            + " LEFT JOIN " + Tables.SILVER_USERS + " u ON u.user_id = s.user_id AND u.valid_from <= s.session_start_time"
            + "  AND (u.valid_to IS NULL OR s.session_start_time < u.valid_to)")
        .createOrReplaceTempView("window_sessions");
    GoldMerge.merge(spark, branch, Tables.GOLD_USER_SESSION_ANALYSIS, "window_sessions", "t.session_date >= " + w.startDateSql());
  }
}
