package dev.lakehouse.jobs.silver;

import static org.apache.spark.sql.functions.lit;

import dev.lakehouse.jobs.config.JobConfig;
import java.sql.Timestamp;
import org.apache.spark.sql.Column;

/** Time rules shared by the silver jobs. */
final class Timestamps {
  private Timestamps() {}

  /** Anything later than the run time plus the tolerated clock skew is "in the future". */
  static Column futureLimit(Timestamp runTime, JobConfig config) {
    return lit(new Timestamp(runTime.getTime() + config.futureSkewMinutes() * 60_000L));
  }
}
