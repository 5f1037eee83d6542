package dev.lakehouse.local.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.contract.pipeline.JobMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The job runs' metrics a work directory collected ({@code metrics/jobs.emf.jsonl}, CloudWatch EMF), read back. */
public final class JobMetricsFile {
  /** Where the numbers come first in a table: the reconciliation's order. */
  private static final List<String> ORDER = List.of("RowsIn", "RowsOut", "RowsRejected", "RowsDuplicate", "TablesPublished", "LateRows",
      JobMetrics.QUALITY_CHECKS, JobMetrics.QUALITY_FAILURES);

  /** One EMF event: a job run's numbers, or (with {@code table}) the numbers of one table it wrote. */
  public record Event(String job, String table, String runId, Instant at, double seconds, Map<String, Long> numbers) {
    /** The numbers as one line: {@code RowsIn=10, RowsOut=7, ...}. */
    public String numbersText() {
      return numbers.entrySet().stream().map(n -> n.getKey() + "=" + n.getValue()).collect(java.util.stream.Collectors.joining(", "));
    }
  }

  private JobMetricsFile() {}

  public static List<Event> read(Path file) throws IOException {
    List<Event> events = new ArrayList<>();
    if (!Files.exists(file)) {
      return events;
    }
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(file)) {
      JsonNode e = json.readTree(line);
      Map<String, Long> numbers = new LinkedHashMap<>();
      List<String> names = new ArrayList<>();
      e.at("/_aws/CloudWatchMetrics/0/Metrics").forEach(m -> names.add(m.path("Name").asText()));
      names.sort((a, b) -> Integer.compare(rank(a), rank(b)));
      for (String name : names) {
        if (!name.equals("DurationSeconds")) {
          numbers.put(name, e.path(name).asLong());
        }
      }
      events.add(new Event(e.path(JobMetrics.JOB).asText(), e.has(JobMetrics.TABLE) ? e.path(JobMetrics.TABLE).asText() : null,
          e.path("RunId").asText(), Instant.ofEpochMilli(e.at("/_aws/Timestamp").asLong()), e.path("DurationSeconds").asDouble(), numbers));
    }
    return events;
  }

  private static int rank(String name) {
    int i = ORDER.indexOf(name);
    return i < 0 ? ORDER.size() : i;
  }
}
