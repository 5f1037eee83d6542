package dev.lakehouse.local;

import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.jobs.catalog.TableMigrator;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.spark.LakehouseSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of the work directory the commands act on. A {@code ./lakehouse} command runs
 * in a process of its own, which ends the session with it; commands run one after another in one
 * JVM (the tests run the CLI in process) share it while they act on the same work directory, the
 * tables migrated once, as one Glue job's session serves all its steps.
 */
final class LocalSessions {
  private static Path workdir;
  private static SparkSession session;

  private LocalSessions() {}

  /**
   * The session of {@code dir}, created (and its tables migrated) on first use; another directory's
   * is stopped first, and so is one whose lineage listener {@code config} does not want (or lacks).
   */
  static synchronized SparkSession of(Path dir, JobConfig config) {
    if (session != null && dir.equals(workdir) && !session.sparkContext().isStopped()
        && session.sparkContext().getConf().contains("spark.openlineage.transport.type") == config.get(JobArgs.LINEAGE).isPresent()) {
      return session;
    }
    close();
    SparkSession s = LakehouseSpark.session(config);
    new TableMigrator(s, config).migrateAll();
    session = s;
    workdir = dir;
    return s;
  }

  /** Stops the session, if one is open (before a local run starts its own, and before the JVM exits). */
  static synchronized void close() {
    if (session != null) {
      session.stop();
      session = null;
      workdir = null;
    }
  }
}
