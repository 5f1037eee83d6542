package dev.lakehouse.jobs.silver;

import dev.lakehouse.jobs.catalog.TableMigrator;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.spark.LakehouseSpark;
import java.util.function.BiFunction;
import org.apache.spark.sql.SparkSession;

/** Shared {@code main} of the silver job entry classes. */
final class SilverJobs {
  private SilverJobs() {}

  static void main(String[] args, BiFunction<SparkSession, JobConfig, SilverJob> factory) {
    JobConfig config = JobConfig.fromArgs(args);
    SparkSession spark = LakehouseSpark.session(config);
    new TableMigrator(spark, config).migrateAll();
    SilverJob job = factory.apply(spark, config);
    SilverJob.Result result = job.run();
    System.out.println(job.jobName() + ": " + (result.skipped() ? "no new bronze data" : result.counts()));
  }
}
