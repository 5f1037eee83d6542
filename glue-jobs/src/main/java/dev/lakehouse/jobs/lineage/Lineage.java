package dev.lakehouse.jobs.lineage;

import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.jobs.config.JobConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;

/**
 * OpenLineage events from every Spark job, by the OpenLineage Spark integration's listener:
 * {@code --lineage file:<path>} appends them to a file (local runs), {@code --lineage https://...}
 * posts them to a lineage service (Marquez, DataZone, ...; per environment on AWS). Each event
 * carries the catalog job that ran it as the Spark property {@value #JOB_PROPERTY} (one session runs
 * several jobs locally).
 */
public final class Lineage {
  /** Captured into each event's {@code spark_properties} run facet. */
  public static final String JOB_PROPERTY = "lakehouse.job";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Lineage.class);
  /** The events' job namespace. */
  public static final String NAMESPACE = "lakehouse";

  private Lineage() {}

  /** The session settings that turn the listener on, none without {@code --lineage}. */
  public static Map<String, String> conf(JobConfig config) {
    Map<String, String> conf = new LinkedHashMap<>();
    config.get(JobArgs.LINEAGE).ifPresent(where -> {
      conf.put("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener");
      conf.put("spark.openlineage.namespace", NAMESPACE);
      conf.put("spark.openlineage.capturedProperties", JOB_PROPERTY);
      // table-level lineage is what the platform uses; column lineage costs each event a plan analysis
      conf.put("spark.openlineage.facets.columnLineage.disabled", "true");
      if (where.startsWith("file:")) {
        conf.put("spark.openlineage.transport.type", "file");
        conf.put("spark.openlineage.transport.location", where.substring("file:".length()));
      } else if (where.startsWith("https://")) {
        URI url = URI.create(where);
        conf.put("spark.openlineage.transport.type", "http");
        conf.put("spark.openlineage.transport.url", url.getScheme() + "://" + url.getAuthority());
        conf.put("spark.openlineage.transport.endpoint", url.getRawPath().isEmpty() ? "/api/v1/lineage" : url.getRawPath());
      } else {
        throw new IllegalArgumentException("--" + JobArgs.LINEAGE + " must be file:<path> or an https:// URL, not '" + where + "'");
      }
    });
    return conf;
  }

  /** Whether the session emits lineage (it was started with {@code --lineage}). */
  private static boolean on(SparkSession spark) {
    return spark.sparkContext().getConf().contains("spark.openlineage.transport.type");
  }

  /** From now on, the session's events are {@code job}'s. */
  public static void startJob(SparkSession spark, PipelineJob job) {
    if (!on(spark)) {
      return;
    }
    spark.conf().set(JOB_PROPERTY, job.id());
    spark.sparkContext().setLocalProperty(JOB_PROPERTY, job.id());
  }

  /**
   * Waits until the listeners have handled every event of the job, then unmarks the session: what
   * runs next, in this session or in one that finds it as the active session, is not the job's.
   */
  public static void endJob(SparkSession spark) {
    if (!on(spark)) {
      return;
    }
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(TimeUnit.MINUTES.toMillis(2));
    } catch (TimeoutException e) {
      // lineage must not fail a job: its last events may then go unattributed
      LOG.warn("the Spark listeners are still busy two minutes after the job: some of its lineage may go unattributed");
    }
    spark.conf().unset(JOB_PROPERTY);
    spark.sparkContext().setLocalProperty(JOB_PROPERTY, null);
  }
}
