package dev.lakehouse.jobs.silver;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;

/**
 * For the benchmark: the least a silver job must do, timed the way the job is. Reads the bronze
 * rows as the job does, applies its rules and projection, and appends the valid rows to the (empty)
 * silver table, in one pass and one commit. Rejected rows, dedup, the quality gate, reconciliation
 * and state are left out, so a job's time minus this floor is what those cost.
 */
public final class SilverFloor {
  private SilverFloor() {}

  /** Returns the rows appended. */
  public static long run(SilverJob job, SparkSession spark) {
    Timestamp now = Timestamp.from(Instant.now());
    long snapshot = dev.lakehouse.jobs.catalog.TableFiles.load(spark, job.source().bronze()).currentSnapshot().snapshotId();
    job.append(
        job.classify(job.readIncrement(Optional.empty(), snapshot), now)
            .where(Rules.isValid())
            .select(job.silverColumns(now).toArray(Column[]::new)),
        job.source().silver().toString());
    return spark.table(job.source().silver().toString()).count();
  }
}
