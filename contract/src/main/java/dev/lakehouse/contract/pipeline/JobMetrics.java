package dev.lakehouse.contract.pipeline;

/**
 * The names the jobs' metrics go by, as the jobs emit them (CloudWatch EMF) and as the SLO alarms
 * and dashboards read them.
 */
public final class JobMetrics {
  public static final String NAMESPACE = "Lakehouse/Jobs";
  /** Dimension: the catalog id of the job ({@link PipelineJob#id()}). */
  public static final String JOB = "Job";
  /** Dimension of per-table metrics: the table, as "gold.x". */
  public static final String TABLE = "Table";
  public static final String QUALITY_CHECKS = "QualityChecks";
  public static final String QUALITY_FAILURES = "QualityFailures";
  /** Per gold table: 1 each time a gold run ends with the table current with silver. */
  public static final String REFRESHED = "Refreshed";

  /** Bytes of the data and delete files a job's commits added (per job, and per table it wrote). */
  public static final String BYTES_WRITTEN = "BytesWritten";
  /** Per table with a time column: how old the newest row a job wrote is when it ends (the freshness of what it wrote). */
  public static final String NEWEST_ROW_AGE = "NewestRowAgeSeconds";
  /** The orders bronze job: records waiting in the topic beyond its checkpoint when it started (all of which it then read). */
  public static final String KAFKA_OFFSET_LAG = "KafkaOffsetLag";

  private JobMetrics() {}
}
