package dev.lakehouse.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.jobs.LakehouseJob;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.lineage.TableActivity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's metrics are CloudWatch EMF events: the namespace, the Job dimension, each number with its unit. */
class JobRunMetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final LakehouseJob.Outcome SILVER = new LakehouseJob.Outcome() {
    @Override
    public String summary() {
      return "orders: bronze 10 = silver 7 + rejected 2 + duplicates 1";
    }

    @Override
    public Map<String, Double> metrics() {
      return Map.of("RowsIn", 10.0, "RowsOut", 7.0, "RowsRejected", 2.0, "RowsDuplicate", 1.0);
    }
  };

  private static final TableActivity.Activity NOTHING_WRITTEN = new TableActivity.Activity(Map.of(), Map.of(), java.util.Set.of());

  @Test
  void anEventDeclaresItsMetricsUnderTheNamespaceAndJobDimension() throws Exception {
    Instant at = Instant.parse("2026-12-01T03:00:00Z");
    List<String> events = JobRunMetrics.events("silver-orders", "exec-1", SILVER, 12.5, at, NOTHING_WRITTEN, Map.of());
    assertThat(events).hasSize(1);
    JsonNode e = JSON.readTree(events.get(0));
    assertThat(e.at("/_aws/Timestamp").asLong()).isEqualTo(at.toEpochMilli());
    JsonNode directive = e.at("/_aws/CloudWatchMetrics/0");
    assertThat(directive.path("Namespace").asText()).isEqualTo("Lakehouse/Jobs");
    assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Job\"]]");
    assertThat(directive.path("Metrics").findValuesAsText("Name"))
        .containsExactlyInAnyOrder("RowsIn", "RowsOut", "RowsRejected", "RowsDuplicate", "DurationSeconds", "BytesWritten");
    assertThat(directive.path("Metrics").toString()).contains("{\"Name\":\"DurationSeconds\",\"Unit\":\"Seconds\"}")
        .contains("{\"Name\":\"RowsIn\",\"Unit\":\"Count\"}").contains("{\"Name\":\"BytesWritten\",\"Unit\":\"Bytes\"}");
    assertThat(e.path("Job").asText()).isEqualTo("silver-orders");
    assertThat(e.path("RunId").asText()).isEqualTo("exec-1");
    assertThat(List.of(e.path("RowsIn").asDouble(), e.path("RowsOut").asDouble(), e.path("RowsRejected").asDouble(),
        e.path("RowsDuplicate").asDouble(), e.path("DurationSeconds").asDouble())).containsExactly(10.0, 7.0, 2.0, 1.0, 12.5);
  }

  @Test
  void perTableNumbersAreEventsWithTheTableAsASecondDimension() throws Exception {
    LakehouseJob.Outcome gold = new LakehouseJob.Outcome() {
      @Override
      public String summary() {
        return "2 tables";
      }

      @Override
      public Map<String, Map<String, Double>> tableMetrics() {
        return new java.util.TreeMap<>(Map.of("gold.a", Map.of("Refreshed", 1.0), "gold.b", Map.of("Refreshed", 1.0)));
      }
    };
    // what Iceberg reported the run's commits added: two commits to gold.b, one to ops.dq_results
    TableActivity.Activity activity = new TableActivity.Activity(Map.of(), Map.of(
        "gold.b", new TableActivity.Written(List.of(21L, 22L), 1500, 40), "ops.dq_results", new TableActivity.Written(List.of(23L), 700, 14)), java.util.Set.of());
    List<String> events = JobRunMetrics.events("gold", "exec-3", gold, 4.0, Instant.parse("2026-12-01T03:00:00Z"), activity,
        Map.of("gold.b", 5400.0));
    assertThat(events).hasSize(4);
    JsonNode b = JSON.readTree(events.get(2));
    assertThat(b.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"Job\",\"Table\"]]");
    assertThat(List.of(b.path("Job").asText(), b.path("Table").asText(), b.path("RunId").asText())).containsExactly("gold", "gold.b", "exec-3");
    assertThat(List.of(b.path("Refreshed").asDouble(), b.path("BytesWritten").asDouble(), b.path("NewestRowAgeSeconds").asDouble()))
        .containsExactly(1.0, 1500.0, 5400.0);
    assertThat(b.at("/_aws/CloudWatchMetrics/0/Metrics").toString()).contains("{\"Name\":\"NewestRowAgeSeconds\",\"Unit\":\"Seconds\"}");
    JsonNode a = JSON.readTree(events.get(1));
    assertThat(a.path("Table").asText()).isEqualTo("gold.a");
    assertThat(a.has("BytesWritten")).as("gold.a was found unchanged: nothing written").isFalse();
    assertThat(JSON.readTree(events.get(3)).path("BytesWritten").asDouble()).isEqualTo(700.0);
    JsonNode job = JSON.readTree(events.get(0));
    assertThat(job.has("Table")).isFalse();
    assertThat(job.path("BytesWritten").asDouble()).isEqualTo(2200.0);
  }

  @Test
  void aFileDestinationCollectsEveryRunAndAnUnknownOneIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("metrics/jobs.emf.jsonl");
    JobConfig config = JobConfig.of(Map.of(JobArgs.METRICS, "file:" + file, JobArgs.RUN_ID, "exec-2"));
    JobRunMetrics.publish(null, config, "silver-orders", SILVER, 1.0, NOTHING_WRITTEN);
    JobRunMetrics.publish(null, config, "gold", () -> "3 tables published", 2.0, NOTHING_WRITTEN);
    assertThat(Files.readAllLines(file)).extracting(l -> JSON.readTree(l).path("Job").asText()).containsExactly("silver-orders", "gold");
    assertThatThrownBy(() -> JobRunMetrics.publish(null, JobConfig.of(Map.of(JobArgs.METRICS, "s3://x")), "gold", SILVER, 1.0, NOTHING_WRITTEN))
        .hasMessageContaining("--metrics must be stdout or file:<path>, not 's3://x'");
  }
}
