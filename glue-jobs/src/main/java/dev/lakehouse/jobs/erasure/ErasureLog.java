package dev.lakehouse.jobs.erasure;

import dev.lakehouse.contract.Tables;
import dev.lakehouse.jobs.ops.Sql;
import java.sql.Timestamp;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/** Writes {@code ops.erasure_log}: the subject only as keyed hashes. */
final class ErasureLog {
  static final String STARTED = "started";
  static final String FINISHED = "finished";

  private final SparkSession spark;
  private final ErasureRequest request;
  private final String hashes;
  private final Timestamp requestedAt;

  ErasureLog(SparkSession spark, ErasureRequest request, List<String> subjectHashes, Timestamp requestedAt) {
    this.spark = spark;
    this.request = request;
    this.hashes = "array(" + subjectHashes.stream().map(Sql::literal).collect(Collectors.joining(", ")) + ")";
    this.requestedAt = requestedAt;
  }

  void record(String step, String target, long rows, Long before, Long after, String message) {
    record(request.requestId(), hashes, step, target, rows, before, after, message);
  }

  /** An earlier request that stopped midway, finished by this one (its last steps ran now). */
  void finishedEarlier(String earlierRequestId) {
    record(earlierRequestId, "CAST(array() AS ARRAY<STRING>)", FINISHED, "*", 0, null, null, "finished by request " + request.requestId());
  }

  private void record(String requestId, String subjectHashes, String step, String target, long rows, Long before, Long after, String message) {
    spark.sql("INSERT INTO " + Tables.OPS_ERASURE_LOG + " VALUES (" + Sql.literal(requestId) + ", "
        + Sql.timestamp(requestedAt) + ", " + Sql.literal(request.requestedBy()) + ", " + subjectHashes + ", " + Sql.literal(step) + ", "
        + Sql.literal(target) + ", " + rows + "L, " + bigint(before) + ", " + bigint(after) + ", " + Sql.literal(message)
        + ", current_timestamp())");
  }

  /** Requests that started and never finished (stopped midway): their last steps still have to run. */
  static List<String> unfinished(SparkSession spark) {
    return spark.sql("SELECT request_id FROM " + Tables.OPS_ERASURE_LOG + " GROUP BY request_id"
        + " HAVING max(CASE WHEN step = '" + FINISHED + "' THEN 1 ELSE 0 END) = 0").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
  }

  private static String bigint(Long v) {
    return v == null ? "CAST(NULL AS BIGINT)" : v + "L";
  }
}
