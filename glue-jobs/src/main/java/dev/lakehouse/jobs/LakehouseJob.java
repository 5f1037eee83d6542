package dev.lakehouse.jobs;

/** One job of the catalog, built for a session and its configuration, run once. */
public interface LakehouseJob {
  /** What a run did; {@link #summary()} is the one line the job prints and local mode shows. */
  interface Outcome {
    String summary();

    /** The run's numbers as metrics (rows in and out, rejected, duplicates, ...), by metric name. */
    default java.util.Map<String, Double> metrics() {
      return java.util.Map.of();
    }

    /** Numbers about each table the run wrote (e.g. gold's {@code Refreshed}), by table ("gold.x"), then metric name. */
    default java.util.Map<String, java.util.Map<String, Double>> tableMetrics() {
      return java.util.Map.of();
    }
  }

  Outcome run() throws Exception;
}
