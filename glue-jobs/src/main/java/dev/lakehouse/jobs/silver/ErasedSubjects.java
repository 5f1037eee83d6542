package dev.lakehouse.jobs.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;

import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.schema.Column;
import dev.lakehouse.contract.schema.TableSpec;
import dev.lakehouse.jobs.ops.Sql;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * An erased person stays erased: the erasure records the keyed hash of each of their ids and
 * emails ({@code ops.erased_subjects}), and silver suppresses the rows a source sends again with
 * any of them, counting them and keeping nothing of them. Nothing is hashed while no one is erased.
 */
public final class ErasedSubjects {

  private ErasedSubjects() {}

  /** Adds the hashes of a person's ids (as they are) and emails (trimmed, lower-cased) that are not listed yet. */
  public static void add(SparkSession spark, Pii pii, Collection<String> ids, Collection<String> emails, String requestId) {
    List<String> hashes = new ArrayList<>();
    ids.forEach(id -> hashes.add(pii.hash(id.trim())));
    emails.forEach(e -> hashes.add(pii.hash(e.trim().toLowerCase(java.util.Locale.ROOT))));
    if (hashes.isEmpty()) {
      return;
    }
    spark.sql("INSERT INTO " + Tables.OPS_ERASED_SUBJECTS + " SELECT h, " + Sql.literal(requestId) + ", current_timestamp() FROM VALUES "
        + hashes.stream().distinct().map(h -> "(" + Sql.literal(h) + ")").collect(Collectors.joining(", ")) + " AS v(h)"
        + " WHERE h NOT IN (SELECT subject_hash FROM " + Tables.OPS_ERASED_SUBJECTS + ")");
  }

  /**
   * Whether a row of {@code bronze} is an erased person's (never null), from its id and email
   * columns; empty when no one is erased.
   */
  static Optional<org.apache.spark.sql.Column> rowsOf(SparkSession spark, Pii pii, TableSpec bronze) {
    List<String> hashes = spark.table(Tables.OPS_ERASED_SUBJECTS.toString()).select("subject_hash").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    if (hashes.isEmpty()) {
      return Optional.empty();
    }
    Object[] listed = hashes.toArray();
    org.apache.spark.sql.Column any = lit(false);
    for (Column c : bronze.columns()) {
      if (Pii.ID_COLUMNS.contains(c.name())) {
        any = any.or(coalesce(pii.keyedHashAsIs(trim(col(c.name()))).isin(listed), lit(false)));
      } else if (Pii.EMAIL_COLUMNS.contains(c.name())) {
        any = any.or(coalesce(pii.keyedHash(col(c.name()), true).isin(listed), lit(false)));
      }
    }
    return Optional.of(any);
  }
}
