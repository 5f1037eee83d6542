package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.schema.TableRegistry;
import dev.lakehouse.contract.schema.TableSpec;
import dev.lakehouse.jobs.LakehouseJob;
import dev.lakehouse.jobs.catalog.TableFiles;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.ops.JobStateStore;
import dev.lakehouse.jobs.silver.HashedTables;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Table maintenance with Iceberg's procedures, for every table of the given namespaces (default:
 * all) or one {@code --table}: compaction ({@code rewrite_data_files}, where there are enough small files or a file has
 * deleted rows, removing the deletes that then point nowhere),
 * {@code expire_snapshots} older than {@code --snapshot-retention-days} (default 7, keeping at
 * least {@code --retain-last} = 5), and {@code remove_orphan_files} older than
 * {@code --orphan-age-hours} (default 72, so files of a write in progress are never touched).
 */
public final class MaintenanceJob implements LakehouseJob {
  public record TableResult(TableId table, long rewrittenFiles, long addedFiles, long expiredDataFiles, long orphanFiles) {}

  /** One result per table maintained. */
  public record Report(List<TableResult> tables) implements LakehouseJob.Outcome {
    @Override
    public String summary() {
      return tables.size() + " tables maintained" + tables.stream().map(t -> "\n  " + t).collect(java.util.stream.Collectors.joining());
    }
  }

  private final SparkSession spark;
  private final JobConfig config;

  public MaintenanceJob(SparkSession spark, JobConfig config) {
    this.spark = spark;
    this.config = config;
  }

  @Override
  public Report run() {
    List<String> namespaces = List.of(config.get(JobArgs.NAMESPACES, String.join(",", Namespaces.ALL)).split(","));
    int retentionDays = config.getInt(JobArgs.SNAPSHOT_RETENTION_DAYS, 7);
    int retainLast = config.getInt(JobArgs.RETAIN_LAST, 5);
    int orphanHours = config.getInt(JobArgs.ORPHAN_AGE_HOURS, 72);
    HashedTables.requireNoRehashPending(spark);
    Instant now = Instant.now();
    Instant expireBefore = now.minus(retentionDays, ChronoUnit.DAYS);
    String orphanBefore = now.minus(orphanHours, ChronoUnit.HOURS).toString();
    List<TableResult> out = new ArrayList<>();
    if (namespaces.contains(Namespaces.GOLD)) {
      // compaction moves main: a publish interrupted earlier must reach main first, or it could not fast-forward
      PendingPublish.complete(spark, GoldJob.TABLES);
    }
    java.util.Optional<TableId> only = config.get(JobArgs.TABLE).map(TableId::of);
    only.ifPresent(TableRegistry::spec); // an unknown table is a bad argument, not "nothing to do"
    for (TableSpec spec : TableRegistry.all()) {
      TableId t = spec.id();
      if (!namespaces.contains(t.namespace()) || only.filter(o -> !o.equals(t)).isPresent()) {
        continue;
      }
      // a file with any row deleted by a merge-on-read replace is rewritten without it, and the
      // deletes that then apply to no live file leave the table
      Row rw = TableFiles.rewriteFilesWithDeletes(spark, t);
      Row ex = spark.sql("CALL lakehouse.system.expire_snapshots(table => '" + t + "', older_than => TIMESTAMP '"
          + new JobStateStore(spark).expireBefore(t, expireBefore) + "', retain_last => " + retainLast + ")").first();
      long orphans = spark.sql("CALL lakehouse.system.remove_orphan_files(table => '" + t + "', older_than => TIMESTAMP '"
          + orphanBefore + "')").count();
      out.add(new TableResult(t, rw.getInt(0), rw.getInt(1), ex.getLong(0), orphans));
    }
    return new Report(out);
  }


}
