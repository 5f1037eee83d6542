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
    record(request.requestId(), hashes, step, target, rows, before, after, null, message);
  }

  void started(java.util.Optional<java.time.LocalDate> earliest, String message) {
    record(request.requestId(), hashes, STARTED, "*", 0, null, null, earliest.orElse(null), message);
  }

  /** An earlier request that stopped midway, finished by this one (its last steps ran now). */
  void finishedEarlier(String earlierRequestId) {
    record(earlierRequestId, "CAST(array() AS ARRAY<STRING>)", FINISHED, "*", 0, null, null, null, "finished by request " + request.requestId());
  }

  private void record(String requestId, String subjectHashes, String step, String target, long rows, Long before, Long after,
      java.time.LocalDate earliest, String message) {
    // by column name: a column added later by migration sits at the end of an older table
    spark.sql("INSERT INTO " + Tables.OPS_ERASURE_LOG + " (request_id, requested_at, requested_by, subject_hashes, step, target,"
        + " rows_removed, snapshot_before, snapshot_after, earliest_date, message, recorded_at) VALUES (" + Sql.literal(requestId) + ", "
        + Sql.timestamp(requestedAt) + ", " + Sql.literal(request.requestedBy()) + ", " + subjectHashes + ", " + Sql.literal(step) + ", "
        + Sql.literal(target) + ", " + rows + "L, " + Sql.bigint(before) + ", " + Sql.bigint(after) + ", "
        + (earliest == null ? "CAST(NULL AS DATE)" : "DATE '" + earliest + "'") + ", " + Sql.literal(message)
        + ", current_timestamp())");
  }

  /** A request that started and never finished (stopped midway), and the subject it named. */
  record Unfinished(String requestId, List<String> subjectHashes, java.util.Optional<java.time.LocalDate> earliest) {}

  static List<Unfinished> unfinished(SparkSession spark) {
    return spark.sql("SELECT request_id, first(CASE WHEN step = '" + STARTED + "' THEN subject_hashes END, true),"
        + " CAST(min(earliest_date) AS STRING) FROM " + Tables.OPS_ERASURE_LOG
        + " GROUP BY request_id HAVING max(CASE WHEN step = '" + FINISHED + "' THEN 1 ELSE 0 END) = 0")
        .collectAsList().stream().map(r -> new Unfinished(r.getString(0), r.isNullAt(1) ? List.of() : r.getList(1),
            r.isNullAt(2) ? java.util.Optional.empty() : java.util.Optional.of(java.time.LocalDate.parse(r.getString(2))))).toList();
  }

  /** The tables requests deleted rows from (a stopped one's history still holds the person). */
  static List<dev.lakehouse.contract.TableId> tables(SparkSession spark, List<String> requestIds) {
    if (requestIds.isEmpty()) {
      return List.of();
    }
    return spark.sql("SELECT DISTINCT target FROM " + Tables.OPS_ERASURE_LOG + " WHERE step = 'table' AND request_id IN ("
        + requestIds.stream().map(Sql::literal).collect(Collectors.joining(", ")) + ")").collectAsList().stream()
        .map(r -> dev.lakehouse.contract.TableId.of(r.getString(0))).toList();
  }

  /** The landed objects a request rewrote (their old versions may still have to go). */
  static List<String> objects(SparkSession spark, List<String> requestIds) {
    if (requestIds.isEmpty()) {
      return List.of();
    }
    return spark.sql("SELECT DISTINCT target FROM " + Tables.OPS_ERASURE_LOG + " WHERE step = 'objects' AND request_id IN ("
        + requestIds.stream().map(Sql::literal).collect(Collectors.joining(", ")) + ")").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
  }
}
