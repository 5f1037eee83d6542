package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.Tables;
import dev.lakehouse.jobs.ops.Sql;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls an interrupted publish forward. Iceberg has no multi-table commit in the Hadoop or Glue
 * catalogs, so gold's publish is a journal: the run records {@code publishing} in
 * {@code ops.gold_runs} once every branch has passed its audit, then fast-forwards {@code main}
 * table by table and drops each branch only after all tables moved. A process that dies in that
 * sequence leaves the journal entry and the audited branches; the next gold run (or maintenance)
 * first fast-forwards every table still behind its branch, so the run's tables end up published
 * together and nothing is recomputed or applied twice.
 */
final class PendingPublish {
  private static final Logger LOG = LoggerFactory.getLogger(PendingPublish.class);

  static final String PUBLISHING = "publishing";
  static final String PUBLISHED = "published";

  private PendingPublish() {}

  /** Completes every journalled but unfinished publish; returns the run ids it completed (oldest first). */
  static List<String> complete(SparkSession spark, List<TableId> tables) {
    List<String> done = new ArrayList<>();
    for (Row r : spark.sql(
            "SELECT run_id, min(started_at) AS started FROM " + Tables.OPS_GOLD_RUNS + " GROUP BY run_id"
                + " HAVING max(CASE WHEN status = '" + PUBLISHING + "' THEN 1 ELSE 0 END) = 1"
                + " AND max(CASE WHEN status = '" + PUBLISHED + "' THEN 1 ELSE 0 END) = 0"
                + " ORDER BY started")
        .collectAsList()) {
      String runId = r.getString(0);
      AuditBranch branch = new AuditBranch(spark, runId);
      List<TableId> moved;
      try {
        moved = branch.completePublish(tables);
      } catch (RuntimeException e) {
        throw new IllegalStateException("Cannot complete the interrupted publish of gold run " + runId + " (branch " + branch.name()
            + "): " + e.getMessage() + ". If a table's main moved since the audit, inspect the branch, drop it and re-run gold"
            + " with --backfill true.", e);
      }
      spark.sql("INSERT INTO " + Tables.OPS_GOLD_RUNS
          + " SELECT run_id, as_of_date, window_start, started_at, current_timestamp(), '" + PUBLISHED + "',"
          + " late_orders_rows, late_clickstream_rows, late_transactions_rows, tables_published,"
          + " " + Sql.literal("publish completed after an interruption; " + moved.size() + " table(s) fast-forwarded then")
          + ", beyond_horizon_rows FROM " + Tables.OPS_GOLD_RUNS + " WHERE run_id = " + Sql.literal(runId) + " AND status = '" + PUBLISHING + "'");
      LOG.warn("gold run {} was interrupted while publishing; completed it: {}", runId, moved);
      done.add(runId);
    }
    return done;
  }
}
