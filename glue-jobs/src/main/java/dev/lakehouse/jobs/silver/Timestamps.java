package dev.lakehouse.jobs.silver;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rtrim;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.lakehouse.jobs.config.JobConfig;
import java.sql.Timestamp;
import org.apache.spark.sql.Column;

/** Time rules shared by the silver jobs. */
final class Timestamps {
  private Timestamps() {}

  /**
   * Text → TIMESTAMP. A trailing {@code Z} is dropped first (the session time zone is UTC, so the
   * instant is the same): Spark resolves an explicit zone in the string through a regex compiled
   * on every row (SparkDateTimeUtils.getZoneId), which profiled as the costliest part of the cast.
   * Dropped with {@code rtrim}, not {@code substr}: substr counts the characters of the string
   * twice. A doubled {@code ZZ} is left alone, so it still fails to parse.
   */
  static Column parse(Column text) {
    Column t = trim(text);
    return when(t.endsWith("Z").and(t.endsWith("ZZ").unary_$bang()), rtrim(t, "Z")).otherwise(t).cast("timestamp");
  }

  /** Anything later than the run time plus the tolerated clock skew is "in the future". */
  static Column futureLimit(Timestamp runTime, JobConfig config) {
    return lit(new Timestamp(runTime.getTime() + config.futureSkewMinutes() * 60_000L));
  }
}
