package dev.lakehouse.jobs.spark;

import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.jobs.config.JobConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession factory. The catalog switch lives here: the same jar runs against an Iceberg
 * Hadoop catalog on a directory (local) or the Glue Data Catalog with S3FileIO and SSE-KMS (AWS).
 */
public final class LakehouseSpark {
  /** Name of the Iceberg catalog; it is also the session's default catalog, so SQL says {@code silver.orders}. */
  public static final String CATALOG = "lakehouse";

  private LakehouseSpark() {}

  /** Spark configuration for the chosen catalog (pure; tested without starting Spark). */
  public static Map<String, String> catalogConf(JobConfig config) {
    Map<String, String> conf = new LinkedHashMap<>();
    String prefix = "spark.sql.catalog." + CATALOG;
    conf.put("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    conf.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
    conf.put("spark.sql.defaultCatalog", CATALOG);
    // Jobs run one after another in one session (local mode): always read the latest commit.
    conf.put(prefix + ".cache-enabled", "false");
    // Iceberg reports every scan and commit: each job's lineage and bytes written
    conf.put(prefix + ".metrics-reporter-impl", dev.lakehouse.jobs.lineage.TableActivity.class.getName());
    switch (config.catalogType()) {
      case LOCAL -> {
        conf.put(prefix + ".type", "hadoop");
        conf.put(prefix + ".warehouse", config.warehouse());
      }
      case GLUE -> {
        conf.put(prefix + ".catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog");
        conf.put(prefix + ".io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
        conf.put(prefix + ".warehouse", config.warehouse());
        conf.put(prefix + ".s3.sse.type", "kms");
        conf.put(prefix + ".s3.sse.key", config.require(JobArgs.KMS_KEY_ARN));
        config.get(JobArgs.GLUE_CATALOG_ID).ifPresent(id -> conf.put(prefix + ".glue.id", id));
        // Optimistic-concurrency commits through Glue; the lock is Glue's own version check.
        conf.put(prefix + ".glue.skip-archive", "true");
      }
    }
    return conf;
  }

  /** Session settings shared by every job, everywhere. */
  public static Map<String, String> commonConf(JobConfig config) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.session.timeZone", "UTC");
    // Rules detect bad values as nulls from casts; ANSI mode would throw instead.
    conf.put("spark.sql.ansi.enabled", "false");
    conf.put("spark.sql.shuffle.partitions", String.valueOf(config.getInt(JobArgs.SHUFFLE_PARTITIONS, 8)));
    // No session-wide write distribution: each table's own write.distribution-mode applies
    // (hash for silver, none for bronze's parallel appends).
    conf.put("spark.sql.adaptive.enabled", "true");
    // Jobs cache a batch once and read it a few times (rules, quality, write): compressing the
    // cache costs more CPU than the batch's whole validation, and batches spill to disk anyway.
    conf.put("spark.sql.inMemoryColumnarStorage.compressed", "false");
    conf.put("spark.sql.streaming.stopGracefullyOnShutdown", "true");
    return conf;
  }

  /**
   * Returns the active session configured for the lakehouse, creating a local one when
   * {@code --spark-master} is given (local mode, tests). On Glue the session already exists.
   */
  public static SparkSession session(JobConfig config) {
    SparkSession.Builder builder = SparkSession.builder().appName(config.get(JobArgs.APP_NAME, "lakehouse"));
    config
        .get(JobArgs.SPARK_MASTER)
        .ifPresent(
            master -> {
              builder.master(master);
              builder.config("spark.ui.enabled", "false");
              builder.config("spark.driver.host", "127.0.0.1");
              builder.config("spark.driver.bindAddress", "127.0.0.1");
              config.get(JobArgs.SPARK_LOCAL_DIR).ifPresent(d -> builder.config("spark.local.dir", d));
            });
    catalogConf(config).forEach(builder::config);
    commonConf(config).forEach(builder::config);
    dev.lakehouse.jobs.lineage.Lineage.conf(config).forEach(builder::config);
    return builder.getOrCreate();
  }

  /** Runs {@code work} with one session setting changed, then restores the setting (or its absence). */
  public static <T> T withConf(SparkSession spark, String key, String value, java.util.function.Supplier<T> work) {
    scala.Option<String> before = spark.conf().getOption(key);
    spark.conf().set(key, value);
    try {
      return work.get();
    } finally {
      if (before.isDefined()) {
        spark.conf().set(key, before.get());
      } else {
        spark.conf().unset(key);
      }
    }
  }
}
