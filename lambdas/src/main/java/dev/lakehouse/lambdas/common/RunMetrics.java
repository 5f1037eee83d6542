package dev.lakehouse.lambdas.common;

import dev.lakehouse.contract.ingest.ExtractorSettings;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Publishes one run's numbers as CloudWatch embedded-metric-format lines through Powertools (no
 * PutMetricData call, no extra latency). Namespace from {@code POWERTOOLS_METRICS_NAMESPACE},
 * defaulting to {@code Lakehouse/Ingestion}; one dimension, the source.
 */
public final class RunMetrics {
  private RunMetrics() {}

  public static void publish(Settings settings, String source, Map<String, Double> counts, Map<String, Double> millis,
      Map<String, Double> bytes) {
    Metrics m = MetricsFactory.getMetricsInstance();
    m.setNamespace(settings.string(ExtractorSettings.POWERTOOLS_METRICS_NAMESPACE, "Lakehouse/Ingestion"));
    m.setDefaultDimensions(DimensionSet.of("Source", source));
    counts.forEach((k, v) -> m.addMetric(k, v, MetricUnit.COUNT));
    millis.forEach((k, v) -> m.addMetric(k, v, MetricUnit.MILLISECONDS));
    bytes.forEach((k, v) -> m.addMetric(k, v, MetricUnit.BYTES));
    m.flush();
  }
}
