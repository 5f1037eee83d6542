package dev.lakehouse.jobs;

import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.jobs.catalog.TableMigrator;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.spark.LakehouseSpark;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job jar's one entry point (Glue {@code --class}, spark-submit, EMR Serverless):
 * {@code --lakehouse-job <id>} names the catalog job; session, table migration, run id and error
 * reporting are done here once for every job.
 */
public final class LakehouseJobMain {
  private static final Logger LOG = LoggerFactory.getLogger(LakehouseJobMain.class);

  private LakehouseJobMain() {}

  public static void main(String[] args) throws Exception {
    JobConfig config = JobConfig.fromArgs(args);
    PipelineJob job = PipelineJob.byId(config.require(JobArgs.JOB));
    // one run id for the whole run, whatever reads it
    config = config.withDefaults(java.util.Map.of(JobArgs.RUN_ID, config.runId()));
    if (!job.emitsLineage()) {
      config = config.with(JobArgs.LINEAGE, ""); // before the session exists: its listener is never registered
    }
    try {
      SparkSession spark = LakehouseSpark.session(config);
      // only the tables this job writes: its role may create and alter nothing else
      new TableMigrator(spark, config).migrate(TableMigrator.writtenBy(job.access()));
      LakehouseJob.Outcome outcome = JobRegistry.run(job, spark, config);
      System.out.println(job.id() + ": " + outcome.summary());
    } catch (Exception e) {
      LOG.error("{} run {} failed: {}", job.id(), config.require(JobArgs.RUN_ID), e.toString(), e);
      throw e;
    }
  }
}
