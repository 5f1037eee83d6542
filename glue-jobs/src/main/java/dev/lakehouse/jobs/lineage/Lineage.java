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
 * OpenLineage events from every Spark job: {@code --lineage file:<path>} appends them to a file
 * (local runs), {@code --lineage https://...} posts them to a lineage service (Marquez, DataZone,
 * ...; per environment on AWS). The OpenLineage Spark integration's listener reports each query,
 * marked with the catalog job that ran it as the Spark property {@value #JOB_PROPERTY} (one session
 * runs several jobs locally); {@link JobRunEvents} reports each job run with every table it read
 * and wrote.
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
      // the catalog's own reporter (TableActivity) records Iceberg's scans and commits; the
      // integration's injected one fails on every plan with Iceberg 1.10 (ClassCastException)
      conf.put("spark.openlineage.vendors.iceberg.metricsReporterDisabled", "true");
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

  /** From now on, the session's events and the tables it reads and writes are {@code job}'s. */
  public static void startJob(SparkSession spark, PipelineJob job, JobConfig config) {
    TableActivity.reset();
    if (!on(spark)) {
      return;
    }
    spark.conf().set(JOB_PROPERTY, job.id());
    spark.sparkContext().setLocalProperty(JOB_PROPERTY, job.id());
    config.get(JobArgs.LINEAGE).ifPresent(where -> quietly(() -> events(where).start(job, config.runId())));
  }

  /**
   * Reports the job run's end with what it read and wrote, waits until the listeners have handled
   * every event of the job, then unmarks the session: what runs next, in this session or in one
   * that finds it as the active session, is not the job's.
   */
  public static void endJob(SparkSession spark, PipelineJob job, JobConfig config, boolean failed) {
    if (!on(spark)) {
      return;
    }
    TableActivity.Activity activity = TableActivity.current();
    config.get(JobArgs.LINEAGE).ifPresent(where -> quietly(
        () -> events(where).end(job, config.runId(), failed, activity, table -> location(spark, config, table))));
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(TimeUnit.MINUTES.toMillis(2));
    } catch (TimeoutException e) {
      // lineage must not fail a job: its last events may then go unattributed
      LOG.warn("the Spark listeners are still busy two minutes after the job: some of its lineage may go unattributed");
    }
    spark.conf().unset(JOB_PROPERTY);
    spark.sparkContext().setLocalProperty(JOB_PROPERTY, null);
  }

  private static final Map<String, JobRunEvents> EVENTS = new java.util.concurrent.ConcurrentHashMap<>();

  private static JobRunEvents events(String where) {
    return EVENTS.computeIfAbsent(where, JobRunEvents::to);
  }

  /** Where a table lives, as its catalog says (the warehouse's layout if it cannot be loaded, e.g. dropped since). */
  private static String location(SparkSession spark, JobConfig config, String table) {
    try {
      return org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark, table).location();
    } catch (Exception e) {
      return config.warehouse() + "/" + table.replace('.', '/');
    }
  }

  /** Lineage must not fail a job: an unreachable lineage service is logged. */
  private static void quietly(Runnable emit) {
    try {
      emit.run();
    } catch (RuntimeException e) {
      LOG.warn("could not emit the job's lineage event: {}", e.toString());
    }
  }
}
