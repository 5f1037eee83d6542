package dev.lakehouse.jobs.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.JobMetrics;
import dev.lakehouse.jobs.LakehouseJob;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.lineage.TableActivity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * What one job run measured, as CloudWatch embedded metric format (EMF) events built by AWS's EMF
 * library: namespace {@value #NAMESPACE}, dimension {@code Job} (the catalog id), the run id as a
 * property. {@code --metrics stdout} (Glue) prints them on the driver's output, which CloudWatch Logs
 * turns into metrics; {@code --metrics file:<path>} (local) appends the same lines to a file.
 */
public final class JobRunMetrics {
  public static final String NAMESPACE = dev.lakehouse.contract.pipeline.JobMetrics.NAMESPACE;
  public static final String DURATION = "DurationSeconds";
  public static final String BYTES_WRITTEN = JobMetrics.BYTES_WRITTEN;

  private JobRunMetrics() {}

  /**
   * The EMF events of one run: the outcome's numbers, its duration and the bytes its commits added
   * (dimension {@code Job}), then each table's numbers, bytes written and the age of the newest row
   * written (dimensions {@code Job} and {@code Table}).
   */
  public static List<String> events(String job, String runId, LakehouseJob.Outcome outcome, double seconds, Instant at,
      TableActivity.Activity activity, Map<String, Double> newestRowAges) {
    Map<String, Double> values = new LinkedHashMap<>(outcome.metrics());
    values.put(DURATION, seconds);
    values.put(BYTES_WRITTEN, (double) activity.bytesWritten());
    Map<String, Map<String, Double>> tables = new java.util.TreeMap<>();
    outcome.tableMetrics().forEach((table, metrics) -> tables.put(table, new LinkedHashMap<>(metrics)));
    activity.writes().forEach((table, w) -> tables.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(BYTES_WRITTEN, (double) w.bytes()));
    newestRowAges.forEach((table, age) -> tables.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(JobMetrics.NEWEST_ROW_AGE, age));
    List<String> events = new java.util.ArrayList<>(event(job, runId, at, DimensionSet.of(JobMetrics.JOB, job), values));
    tables.forEach((table, metrics) -> events.addAll(event(job, runId, at, DimensionSet.of(JobMetrics.JOB, job, JobMetrics.TABLE, table), metrics)));
    return events;
  }

  private static List<String> event(String job, String runId, Instant at, DimensionSet dimensions, Map<String, Double> values) {
    try {
      MetricsContext context = new MetricsContext();
      context.setNamespace(NAMESPACE);
      context.setDefaultDimensions(new DimensionSet());
      context.putDimension(dimensions);
      context.putProperty("RunId", runId);
      context.setTimestamp(at);
      values.forEach((name, v) -> context.putMetric(name, v, unit(name)));
      return context.serialize();
    } catch (JsonProcessingException | software.amazon.cloudwatchlogs.emf.exception.DimensionSetExceededException
        | software.amazon.cloudwatchlogs.emf.exception.InvalidDimensionException e) {
      throw new IllegalStateException("cannot write the metrics of " + job + " as EMF", e);
    }
  }

  private static Unit unit(String metric) {
    return switch (metric) {
      case DURATION -> Unit.SECONDS;
      case BYTES_WRITTEN -> Unit.BYTES;
      default -> metric.endsWith("Seconds") ? Unit.SECONDS : Unit.COUNT;
    };
  }

  /**
   * Publishes where {@code --metrics} says (nowhere when it is absent); with a session, the
   * freshness of what the job wrote is read from its tables' metadata ({@link WrittenFreshness}).
   */
  public static void publish(SparkSession spark, JobConfig config, String job, LakehouseJob.Outcome outcome, double seconds,
      TableActivity.Activity activity) {
    String where = config.get(JobArgs.METRICS).orElse("");
    if (where.isEmpty()) {
      return;
    }
    Instant now = Instant.now();
    Map<String, Double> ages = spark == null ? Map.of() : WrittenFreshness.newestRowAgeSeconds(spark, activity.writes(), now);
    List<String> lines = events(job, config.runId(), outcome, seconds, now, activity, ages);
    if (where.equals("stdout")) {
      lines.forEach(System.out::println);
    } else if (where.startsWith("file:")) {
      Path file = Path.of(where.substring("file:".length()));
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append metrics to " + file, e);
      }
    } else {
      throw new IllegalArgumentException("--" + JobArgs.METRICS + " must be stdout or file:<path>, not '" + where + "'");
    }
  }
}
