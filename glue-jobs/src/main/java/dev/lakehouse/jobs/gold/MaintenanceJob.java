package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.schema.TableRegistry;
import dev.lakehouse.contract.schema.TableSpec;
import dev.lakehouse.jobs.catalog.TableMigrator;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.spark.LakehouseSpark;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Table maintenance with Iceberg's procedures, for every table of the given namespaces (default:
 * all): compaction ({@code rewrite_data_files}, only where there are enough small files),
 * {@code expire_snapshots} older than {@code --snapshot-retention-days} (default 7, keeping at
 * least {@code --retain-last} = 5), and {@code remove_orphan_files} older than
 * {@code --orphan-age-hours} (default 72, so files of a write in progress are never touched).
 */
public final class MaintenanceJob {
  public record TableResult(TableId table, long rewrittenFiles, long addedFiles, long expiredDataFiles, long orphanFiles) {}

  private final SparkSession spark;
  private final JobConfig config;

  public MaintenanceJob(SparkSession spark, JobConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public List<TableResult> run() {
    List<String> namespaces = List.of(config.get("namespaces", "bronze,silver,gold,ops").split(","));
    int retentionDays = config.getInt("snapshot-retention-days", 7);
    int retainLast = config.getInt("retain-last", 5);
    int orphanHours = config.getInt("orphan-age-hours", 72);
    Instant now = Instant.now();
    String expireBefore = now.minus(retentionDays, ChronoUnit.DAYS).toString();
    String orphanBefore = now.minus(orphanHours, ChronoUnit.HOURS).toString();
    List<TableResult> out = new ArrayList<>();
    if (namespaces.contains("gold")) {
      // compaction moves main: a publish interrupted earlier must reach main first, or it could not fast-forward
      PendingPublish.complete(spark, GoldJob.TABLES);
    }
    for (TableSpec spec : TableRegistry.all()) {
      TableId t = spec.id();
      if (!namespaces.contains(t.namespace())) {
        continue;
      }
      Row rw = spark.sql("CALL lakehouse.system.rewrite_data_files(table => '" + t + "')").first();
      Row ex = spark.sql("CALL lakehouse.system.expire_snapshots(table => '" + t + "', older_than => TIMESTAMP '" + expireBefore
          + "', retain_last => " + retainLast + ")").first();
      long orphans = spark.sql("CALL lakehouse.system.remove_orphan_files(table => '" + t + "', older_than => TIMESTAMP '"
          + orphanBefore + "')").count();
      out.add(new TableResult(t, rw.getInt(0), rw.getInt(1), ex.getLong(0), orphans));
    }
    return out;
  }

  public static void main(String[] args) {
    JobConfig config = JobConfig.fromArgs(args);
    SparkSession spark = LakehouseSpark.session(config);
    new TableMigrator(spark, config).migrateAll();
    for (TableResult r : new MaintenanceJob(spark, config).run()) {
      System.out.println(r);
    }
  }
}
