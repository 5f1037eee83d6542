package dev.lakehouse.jobs.retention;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.Tables;
import dev.lakehouse.jobs.catalog.TableFiles;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The oldest date a table still holds in full: retention writes it into the table's own metadata
 * (a table property) before it deletes anything older, so whoever reads the table later knows
 * where its history stops, whatever the configured policy says today.
 */
public final class RetentionHorizon {
  /** The table property: an ISO date; rows dated before it may have been deleted. */
  public static final String PROPERTY = "lakehouse.retention.horizon";

  /** The silver tables gold is recomputed from. */
  private static final List<TableId> GOLD_INPUTS =
      List.of(Tables.SILVER_ORDERS, Tables.SILVER_CLICKSTREAM, Tables.SILVER_TRANSACTIONS, Tables.SILVER_USERS);

  private RetentionHorizon() {}

  /** Moves {@code table}'s horizon to {@code cutoff}, never backwards. Called before the delete: a crash after it only keeps more. */
  static void advance(SparkSession spark, TableId table, LocalDate cutoff) {
    if (of(spark, table).map(h -> !h.isBefore(cutoff)).orElse(false)) {
      return;
    }
    spark.sql("ALTER TABLE " + table + " SET TBLPROPERTIES ('" + PROPERTY + "' = '" + cutoff + "')");
  }

  /** {@code table}'s horizon; empty while retention never deleted from it. */
  public static Optional<LocalDate> of(SparkSession spark, TableId table) {
    return Optional.ofNullable(TableFiles.load(spark, table).properties().get(PROPERTY)).map(LocalDate::parse);
  }

  /** The first date every silver table gold reads still holds in full: the latest of their horizons. */
  public static Optional<LocalDate> silver(SparkSession spark) {
    return GOLD_INPUTS.stream().map(t -> of(spark, t)).flatMap(Optional::stream).max(LocalDate::compareTo);
  }
}
