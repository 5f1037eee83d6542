package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.Tables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Write–audit–publish with Iceberg branches. Every gold write of a run goes to the branch
 * {@code audit_<run>} of its table; nothing on {@code main} changes until {@link #publish}, which
 * fast-forwards {@code main} to the audited branch table by table (a metadata-only commit) and
 * drops the branch. {@link #discard} drops the branches: published gold stays exactly as it was.
 * Fast-forward refuses if {@code main} moved meanwhile, so two overlapping runs cannot overwrite
 * each other.
 */
final class AuditBranch {
  static final String PREFIX = "audit_";

  private final SparkSession spark;
  private final String name;
  private final List<TableId> created = new ArrayList<>();

  AuditBranch(SparkSession spark, String runId) {
    this.spark = spark;
    this.name = PREFIX + runId.replaceAll("[^A-Za-z0-9_]", "_");
  }

  String name() {
    return name;
  }

  /**
   * What this run sees of {@code table}: its branch once the run changed the table, else the
   * published table (identical to what a fresh branch would hold).
   */
  String of(TableId table) {
    return created.contains(table) ? branchOf(table) : table.toString();
  }

  /** Opens the branch (at {@code main}'s current state) the first time the run writes the table. */
  String forWrite(TableId table) {
    if (!created.contains(table)) {
      spark.sql("ALTER TABLE " + table + " CREATE BRANCH " + name);
      created.add(table);
    }
    return branchOf(table);
  }

  /** The keys a merge deletes from a table, and the table's rows in the recomputed scope before it. */
  record Deletion(TableId table, long deleted, long inScope) {
    double share() {
      return inScope == 0 ? 0 : (double) deleted / inScope;
    }
  }

  private final Map<TableId, Deletion> deletions = new LinkedHashMap<>();

  void deleting(TableId table, long deleted, long inScope) {
    deletions.merge(table, new Deletion(table, deleted, inScope),
        (a, b) -> new Deletion(table, a.deleted() + b.deleted(), Math.max(a.inScope(), b.inScope())));
  }

  /** What this run deletes, per table it deletes from. */
  Collection<Deletion> deletions() {
    return deletions.values();
  }

  /** Tables this run changed (and so must audit and publish). */
  List<TableId> changed() {
    return List.copyOf(created);
  }

  private String branchOf(TableId table) {
    return table + ".branch_" + name;
  }

  /**
   * Makes every audited branch the published state, then removes the branches. Branches are
   * dropped only after every table moved: until then they are what {@link PendingPublish}
   * completes an interrupted publish from. {@code afterEach} runs after each table (fault tests).
   */
  void publish(java.util.function.Consumer<TableId> afterEach) {
    for (TableId t : created) {
      fastForward(t);
      afterEach.accept(t);
    }
    dropAll(created);
  }

  /**
   * Finishes the publish of a run that journalled it and died: every table whose {@code main} is
   * still behind this branch is fast-forwarded, then the branches are dropped. Returns the tables
   * moved now (a table already published, or never changed, has no branch left or no difference).
   */
  List<TableId> completePublish(List<TableId> tables) {
    List<TableId> moved = new ArrayList<>();
    for (TableId t : tables) {
      Long audited = snapshotOf(t, name);
      if (audited != null && !audited.equals(snapshotOf(t, "main"))) {
        fastForward(t);
        moved.add(t);
      }
    }
    dropAll(new ArrayList<>(tables));
    return moved;
  }

  private void fastForward(TableId t) {
    spark.sql("CALL lakehouse.system.fast_forward(table => '" + t + "', branch => 'main', to => '" + name + "')");
  }

  private Long snapshotOf(TableId t, String branch) {
    List<Row> rows = spark.sql("SELECT snapshot_id FROM " + t + ".refs WHERE type = 'BRANCH' AND name = '" + branch + "'").collectAsList();
    return rows.isEmpty() ? null : rows.get(0).getLong(0);
  }

  void discard() {
    dropAll(created);
  }

  private void dropAll(List<TableId> tables) {
    for (TableId t : tables) {
      spark.sql("ALTER TABLE " + t + " DROP BRANCH IF EXISTS " + name);
    }
    tables.clear();
  }

  /**
   * Removes the branches runs left behind that can never be published: those of runs recorded as
   * failed, and any older than {@link #STALE_AFTER} (a run killed before it could record anything).
   * A younger branch of a run not known to have failed may be a live run's: it stays.
   */
  static int dropStale(SparkSession spark, List<TableId> tables) {
    Set<String> failed = new HashSet<>();
    for (Row r : spark.sql("SELECT DISTINCT run_id FROM " + Tables.OPS_GOLD_RUNS + " WHERE status = 'failed'"
        + " AND run_id NOT IN (SELECT run_id FROM " + Tables.OPS_GOLD_RUNS + " WHERE status = '"
        + PendingPublish.PUBLISHING + "')").collectAsList()) {
      failed.add(new AuditBranch(spark, r.getString(0)).name());
    }
    long staleBefore = System.currentTimeMillis() - STALE_AFTER.toMillis();
    int dropped = 0;
    for (TableId t : tables) {
      for (Row r : spark.sql("SELECT r.name, s.committed_at FROM " + t + ".refs r LEFT JOIN " + t + ".snapshots s ON s.snapshot_id = r.snapshot_id"
          + " WHERE r.type = 'BRANCH' AND r.name LIKE '" + PREFIX + "%'").collectAsList()) {
        boolean old = r.isNullAt(1) || r.getTimestamp(1).getTime() < staleBefore;
        if (failed.contains(r.getString(0)) || old) {
          spark.sql("ALTER TABLE " + t + " DROP BRANCH IF EXISTS " + r.getString(0));
          dropped++;
        }
      }
    }
    return dropped;
  }

  /** Longer than any gold run lasts (the longest job timeout is 2 hours). */
  static final Duration STALE_AFTER = Duration.ofHours(24);
}
