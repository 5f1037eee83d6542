package dev.lakehouse.local;

import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.jobs.JobRegistry;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.local.platform.PipelineLock;
import dev.lakehouse.local.platform.LocalPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A local run's lakehouse as the jobs see it: the Iceberg warehouse, the S3 stand-in's lake bucket,
 * and the PII hash key kept in the work directory (one key, or after a rotation a JSON array of
 * keys, oldest first). Every command that runs a job on a work directory configures it here.
 */
final class LocalLake {
  /** The key a new work directory starts with (local data only; on AWS the key is a Secrets Manager secret). */
  static final String DEVELOPMENT_KEY = "local-development-pii-key";

  private LocalLake() {}

  /** Every job run's metrics (CloudWatch embedded metric format, one JSON object per line). */
  static Path metricsFile(Path workdir) {
    return workdir.resolve("metrics").resolve("jobs.emf.jsonl");
  }

  /** Every Spark job's OpenLineage events (one JSON object per line). */
  static Path lineageFile(Path workdir) {
    return workdir.resolve("lineage").resolve("openlineage.jsonl");
  }

  static Path piiKeyFile(Path workdir) {
    return workdir.resolve("services").resolve("secrets").resolve("pii-hash-key");
  }

  /**
   * The Iceberg warehouse of {@code workdir}, as {@code file:/abs/path}: the form Hadoop gives every
   * metadata and data file, so a table's location has it too and one prefix covers all its paths
   * (what {@code rewrite_table_path} needs for a DR failover; {@code file:///} gave locations another).
   */
  static String warehouse(Path workdir) {
    return "file:" + workdir.toAbsolutePath().normalize().resolve("lakehouse").resolve("warehouse");
  }

  /** The job arguments for {@code workdir}; its PII key file is created with the development key when absent. */
  static Map<String, String> jobArgs(Path workdir) throws IOException {
    Path key = piiKeyFile(workdir);
    if (!Files.exists(key)) {
      Files.createDirectories(key.getParent());
      Files.writeString(key, DEVELOPMENT_KEY + "\n");
    }
    Map<String, String> args = new HashMap<>();
    args.put(JobArgs.CATALOG, JobArgs.CATALOG_LOCAL);
    args.put(JobArgs.WAREHOUSE, warehouse(workdir));
    args.put(JobArgs.LAKE_ROOT, LocalPlatform.lakeRoot(workdir).toUri().toString());
    args.put(JobArgs.SPARK_MASTER, "local[2]");
    args.put(JobArgs.SPARK_LOCAL_DIR, workdir.resolve("spark-tmp").toString());
    args.put(JobArgs.SHUFFLE_PARTITIONS, "8");
    args.put(JobArgs.PII_HASH_KEY, Files.readString(key).strip());
    // every job run's metrics, as the EMF lines CloudWatch reads on AWS
    args.put(JobArgs.METRICS, "file:" + metricsFile(workdir));
    // and every Spark job's OpenLineage events, as a lineage service would receive them
    args.put(JobArgs.LINEAGE, "file:" + lineageFile(workdir));
    return args;
  }

  /**
   * Runs one catalog job on {@code workdir}'s lakehouse, as Glue would (the same entry: migrate,
   * then the job), under the work directory's lock; {@code args} add to or override the local ones.
   */
  static String runJob(Path workdir, PipelineJob job, Map<String, String> args) throws Exception {
    return runJob(workdir, job, args, () -> {});
  }

  /** As above; {@code underLock} runs first, once the lock is held (what the job reads, written only if it runs). */
  static String runJob(Path workdir, PipelineJob job, Map<String, String> args, Runnable underLock) throws Exception {
    try (PipelineLock lock = PipelineLock.acquire(workdir, "the " + job.id() + " job")) {
      underLock.run();
      Map<String, String> all = jobArgs(workdir);
      all.putAll(args);
      if (!job.emitsLineage()) {
        all.remove(JobArgs.LINEAGE);
      }
      JobConfig config = JobConfig.of(all);
      return JobRegistry.run(job, LocalSessions.of(workdir, config), config).summary();
    }
  }

  /** The work directory a command acts on: {@code --workdir}, else the newest local run; it must hold a lakehouse. */
  static Path existing(Path workdir) throws IOException {
    Path dir = (workdir != null ? workdir : SqlCommand.latestRun()).toAbsolutePath();
    if (!Files.isDirectory(dir.resolve("lakehouse/warehouse"))) {
      throw new IllegalArgumentException(dir + " holds no local lakehouse (no lakehouse/warehouse/): run ./lakehouse local run first");
    }
    return dir;
  }
}
