package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.schema.TableRegistry;
import dev.lakehouse.contract.schema.TableSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The one way gold tables change. The recomputed rows are compared with the table's rows in the
 * same scope first; only the differences — new keys, changed values, keys that disappeared — go
 * into a MERGE on the table's audit branch. Unchanged rows are never rewritten, a run with no
 * differences commits nothing, and re-running is idempotent. A key is deleted only inside the
 * recomputed scope, and the deletions are told to the branch, whose audit bounds them.
 */
final class GoldMerge {
  private GoldMerge() {}

  /** Merges the rows of {@code sql} into {@code table}. */
  static long query(SparkSession spark, AuditBranch branch, TableId table, String scope, String sql) {
    spark.sql(sql).createOrReplaceTempView("gold_source");
    return merge(spark, branch, table, "gold_source", scope);
  }

  /** Merges view {@code source} into {@code table} on the keys and compared columns its TableSpec declares. */
  static long merge(SparkSession spark, AuditBranch branch, TableId table, String source, String scope) {
    TableSpec spec = TableRegistry.spec(table);
    return merge(spark, branch, table, source, spec.requireMergeKeys(), spec.comparedColumns(), scope);
  }

  /**
   * @param branch this run's audit branch (opened on the table at its first change)
   * @param table the gold table
   * @param source temp view with exactly the table's columns
   * @param keys merge key columns
   * @param compared columns whose change makes an update (metadata such as processing time excluded)
   * @param scope predicate on {@code t} selecting the rows this run recomputed, e.g. {@code t.date >= DATE '...'}
   * @return how many keys changed (inserted, updated or deleted)
   */
  static long merge(SparkSession spark, AuditBranch branch, TableId table, String source, List<String> keys, List<String> compared,
      String scope) {
    String target = branch.of(table);
    List<String> columns = Arrays.asList(spark.table(target).columns());
    String on = keys.stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
    String same = compared.stream().map(c -> "t." + c + " <=> s." + c).collect(Collectors.joining(" AND "));
    String firstKey = keys.get(0);
    String projected = columns.stream()
        .map(c -> keys.contains(c) ? "coalesce(s." + c + ", t." + c + ") AS " + c : "s." + c + " AS " + c)
        .collect(Collectors.joining(", "));
    Dataset<Row> changes = spark.sql(
        "SELECT " + projected + ", CASE WHEN s." + firstKey + " IS NULL THEN 'D' WHEN t." + firstKey + " IS NULL THEN 'I' ELSE 'U' END AS _op"
            + " FROM " + source + " s FULL OUTER JOIN (SELECT * FROM " + target + " t WHERE " + scope + ") t ON " + on
            + " WHERE s." + firstKey + " IS NULL OR t." + firstKey + " IS NULL OR NOT (" + same + ")")
        .cache();
    try {
      long n = 0;
      long deletes = 0;
      boolean onlyInserts = true;
      for (Row op : changes.groupBy("_op").count().collectAsList()) {
        n += op.getLong(1);
        onlyInserts &= "I".equals(op.getString(0));
        deletes += "D".equals(op.getString(0)) ? op.getLong(1) : 0;
      }
      if (n == 0) {
        return 0;
      }
      if (deletes > 0) {
        branch.deleting(table, deletes, spark.sql("SELECT count(*) FROM " + target + " t WHERE " + scope).first().getLong(0));
      }
      changes.createOrReplaceTempView("gold_changes");
      target = branch.forWrite(table);
      String cols = String.join(", ", columns);
      if (onlyInserts) {
        // Every change is a key the table has no row for in scope, which the MERGE below would
        // insert unconditionally (scope is part of its ON): an append does the same, without
        // joining the target (a first run, or a day of only new keys).
        spark.sql("INSERT INTO " + target + " SELECT " + cols + " FROM gold_changes");
        return n;
      }
      // the scope predicate in ON lets Iceberg prune the target to the recomputed partitions
      // (every change lies in scope), instead of scanning all history for matching keys
      String onChanges = keys.stream().map(k -> "t." + k + " = c." + k).collect(Collectors.joining(" AND "))
          + " AND (" + scope + ")";
      String set = columns.stream().map(c -> c + " = c." + c).collect(Collectors.joining(", "));
      String vals = columns.stream().map(c -> "c." + c).collect(Collectors.joining(", "));
      spark.sql(
          "MERGE INTO " + target + " t USING gold_changes c ON " + onChanges
              + " WHEN MATCHED AND c._op = 'D' THEN DELETE"
              + " WHEN MATCHED THEN UPDATE SET " + set
              + " WHEN NOT MATCHED AND c._op <> 'D' THEN INSERT (" + cols + ") VALUES (" + vals + ")");
      return n;
    } finally {
      changes.unpersist();
    }
  }
}
