package dev.lakehouse.jobs;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.jobs.bronze.LandedFilesBronzeJob;
import dev.lakehouse.jobs.bronze.OrdersBronzeJob;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.erasure.ErasureJob;
import dev.lakehouse.jobs.retention.RetentionJob;
import dev.lakehouse.jobs.lineage.Lineage;
import dev.lakehouse.jobs.lineage.TableActivity;
import dev.lakehouse.jobs.metrics.JobRunMetrics;
import dev.lakehouse.jobs.ops.WriterLease;
import dev.lakehouse.jobs.gold.GoldJob;
import dev.lakehouse.jobs.gold.MaintenanceJob;
import dev.lakehouse.jobs.gold.Snapshots;
import dev.lakehouse.jobs.silver.ClickstreamSilverJob;
import dev.lakehouse.jobs.silver.PiiRehashJob;
import dev.lakehouse.jobs.silver.OrdersSilverJob;
import dev.lakehouse.jobs.silver.TransactionsSilverJob;
import dev.lakehouse.jobs.silver.UsersSilverJob;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.spark.sql.SparkSession;

/**
 * Catalog job → implementation, one line each (as Iceberg registers its Spark procedures by name):
 * the one place that knows which class runs which job.
 */
public final class JobRegistry {
  private static final Map<PipelineJob, BiFunction<SparkSession, JobConfig, LakehouseJob>> JOBS = new EnumMap<>(PipelineJob.class);

  static {
    JOBS.put(PipelineJob.BRONZE_ORDERS, OrdersBronzeJob::new);
    JOBS.put(PipelineJob.BRONZE_CLICKSTREAM, (spark, config) -> new LandedFilesBronzeJob(spark, config, Source.CLICKSTREAM));
    JOBS.put(PipelineJob.BRONZE_TRANSACTIONS, (spark, config) -> new LandedFilesBronzeJob(spark, config, Source.TRANSACTIONS));
    JOBS.put(PipelineJob.BRONZE_USERS, (spark, config) -> new LandedFilesBronzeJob(spark, config, Source.USERS));
    JOBS.put(PipelineJob.SILVER_ORDERS, OrdersSilverJob::new);
    JOBS.put(PipelineJob.SILVER_CLICKSTREAM, ClickstreamSilverJob::new);
    JOBS.put(PipelineJob.SILVER_TRANSACTIONS, TransactionsSilverJob::new);
    JOBS.put(PipelineJob.SILVER_USERS, UsersSilverJob::new);
    JOBS.put(PipelineJob.GOLD, GoldJob::new);
    JOBS.put(PipelineJob.MAINTENANCE, MaintenanceJob::new);
    JOBS.put(PipelineJob.SNAPSHOTS, Snapshots::new);
    JOBS.put(PipelineJob.ERASURE, ErasureJob::new);
    JOBS.put(PipelineJob.RETENTION, RetentionJob::new);
    JOBS.put(PipelineJob.PII_REHASH, PiiRehashJob::new);
  }

  private JobRegistry() {}

  public static LakehouseJob create(PipelineJob job, SparkSession spark, JobConfig config) {
    var factory = JOBS.get(job);
    if (factory == null) {
      throw new IllegalStateException("No implementation registered for catalog job " + job.id());
    }
    return factory.apply(spark, config.withDefaults(job.defaultArguments()));
  }

  /**
   * Runs {@code job} once under the writer lease ({@link WriterLease}), its lineage events marked as its
   * own ({@link Lineage}), and publishes its run metrics where {@code --metrics} says ({@link JobRunMetrics}).
   */
  public static LakehouseJob.Outcome run(PipelineJob job, SparkSession spark, JobConfig config) throws Exception {
    long started = System.nanoTime();
    LakehouseJob.Outcome outcome;
    // every job writes under the lakehouse's one writer lease, when it has one (WriterLease)
    Optional<WriterLease> lease = WriterLease.forJob(config, job.id());
    try {
      Lineage.startJob(spark, job, config);
      boolean failed = true;
      try {
        outcome = create(job, spark, config).run();
        failed = false;
      } finally {
        Lineage.endJob(spark, job, config, failed);
      }
    } finally {
      lease.ifPresent(WriterLease::close);
    }
    JobRunMetrics.publish(spark, config, job.id(), outcome, (System.nanoTime() - started) / 1e9, TableActivity.current());
    return outcome;
  }

  /** The catalog jobs that have an implementation (a test checks: all of them). */
  static java.util.Set<PipelineJob> registered() {
    return JOBS.keySet();
  }
}
