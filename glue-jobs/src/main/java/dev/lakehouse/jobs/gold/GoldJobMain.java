package dev.lakehouse.jobs.gold;

import dev.lakehouse.jobs.catalog.TableMigrator;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.spark.LakehouseSpark;
import org.apache.spark.sql.SparkSession;

/** Glue / spark-submit entry point of the gold job ({@code --class dev.lakehouse.jobs.gold.GoldJobMain}). */
public final class GoldJobMain {
  private GoldJobMain() {}

  public static void main(String[] args) {
    JobConfig config = JobConfig.fromArgs(args);
    SparkSession spark = LakehouseSpark.session(config);
    new TableMigrator(spark, config).migrateAll();
    GoldJob.Result r = new GoldJob(spark, config).run();
    System.out.println("gold: window from " + r.windowStart() + (r.backfill() ? " (backfill)" : "") + ", " + r.tablesPublished()
        + " tables published; late rows not applied: orders " + r.lateOrders() + ", clickstream " + r.lateClickstream()
        + ", transactions " + r.lateTransactions());
  }
}
