package dev.lakehouse.jobs.silver;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.schema.Column;
import dev.lakehouse.contract.schema.TableRegistry;
import dev.lakehouse.contract.schema.TableSpec;
import dev.lakehouse.jobs.catalog.TableFiles;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.SparkSession;

/**
 * The tables holding keyed PII hashes, and how many keys of the chain their hashes carry. A job may
 * write a table only when that number is its own key count: between a key rotation and the re-hash,
 * a write would mix hashes of two keys in one column.
 */
public final class HashedTables {
  private HashedTables() {}

  /**
   * The PII hash columns of a table: {@code *_hash} (not the row-content {@code record_hash}) and
   * arrays of them, {@code *_hashes} (the erasure log's subjects).
   */
  public static List<String> hashColumns(TableSpec spec) {
    return spec.columns().stream().map(Column::name)
        .filter(n -> (n.endsWith("_hash") && !n.equals("record_hash")) || n.endsWith("_hashes")).toList();
  }

  public static List<TableSpec> all() {
    return TableRegistry.all().stream().filter(s -> !hashColumns(s).isEmpty()).toList();
  }

  /**
   * The number of keys the table's hashes carry: the newest re-hash commit's mark (written with the
   * data, so a re-hash stopped before it set the property still counts), else the property, else 1.
   */
  public static int keyCount(SparkSession spark, TableId t) {
    Table table = TableFiles.load(spark, t);
    table.refresh();
    for (Snapshot s = table.currentSnapshot(); s != null; s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      String mark = s.summary().get(Pii.KEY_COUNT_PROPERTY);
      if (mark != null) {
        return Integer.parseInt(mark);
      }
    }
    return Integer.parseInt(table.properties().getOrDefault(Pii.KEY_COUNT_PROPERTY, "1"));
  }

  /** Table property set while a re-hash moves the table: the re-hash commit's mark must not expire before it is read. */
  static final String PENDING_PROPERTY = Pii.KEY_COUNT_PROPERTY + "-pending";

  /**
   * For jobs that expire snapshots or look rows up by hash (erasure): every hashed table carries
   * {@code pii}'s keys and no re-hash is half done.
   */
  public static void requireAllWithKeys(SparkSession spark, Pii pii) {
    for (TableSpec spec : all()) {
      requireSameKeys(spark, spec.id(), pii);
    }
  }

  /** For maintenance and retention, which expire snapshots: no re-hash may be half done. */
  public static void requireNoRehashPending(SparkSession spark) {
    for (TableSpec spec : all()) {
      requireNoRehashPending(spark, spec.id());
    }
  }

  private static void requireNoRehashPending(SparkSession spark, TableId t) {
    if (TableFiles.load(spark, t).properties().containsKey(PENDING_PROPERTY)) {
      throw new IllegalStateException("a PII re-hash of " + t + " stopped midway: run the pii-rehash job again first"
          + " (runbooks/pii-key-rotation.md); nothing was changed");
    }
  }

  /** Refuses (before anything is written) when the table's hashes carry another number of keys than {@code pii}. */
  static void requireSameKeys(SparkSession spark, TableId t, Pii pii) {
    if (hashColumns(TableRegistry.spec(t)).isEmpty()) {
      return;
    }
    requireNoRehashPending(spark, t);
    if (TableFiles.load(spark, t).currentSnapshot() == null) {
      // an empty table takes the job's keys: its first rows are hashed with them
      spark.sql("ALTER TABLE " + t + " SET TBLPROPERTIES ('" + Pii.KEY_COUNT_PROPERTY + "' = '" + pii.keyCount() + "')");
      return;
    }
    int stored = keyCount(spark, t);
    if (stored != pii.keyCount()) {
      throw new IllegalStateException(t + " holds PII hashes of " + stored + " key(s) and this job has " + pii.keyCount()
          + ": after a key rotation run the pii-rehash job first (runbooks/pii-key-rotation.md); nothing was written");
    }
  }
}
