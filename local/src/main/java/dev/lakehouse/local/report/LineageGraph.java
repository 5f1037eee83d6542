package dev.lakehouse.local.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the OpenLineage events of a work directory say each catalog job read and wrote, datasets
 * named as the lakehouse names them: tables as {@code silver.orders}, landed files as
 * {@code landing/<source>}, Kafka topics as {@code kafka:<topic>}; drawn as a graph of datasets.
 */
public final class LineageGraph {
  /** One job's datasets. */
  public record Edges(Set<String> inputs, Set<String> outputs) {}

  private LineageGraph() {}

  /** Which events: each job run's own (inputs and outputs as Iceberg reported them), the Spark integration's per query, or both. */
  public enum Events {
    JOB_RUNS,
    QUERIES,
    ALL
  }

  /** Per catalog job, its inputs and outputs over all its runs, from both kinds of events. */
  public static Map<String, Edges> read(Path file) throws IOException {
    return read(file, Events.ALL);
  }

  /** Per catalog job (events of no job, such as ad-hoc queries, left out), its inputs and outputs over all its runs. */
  public static Map<String, Edges> read(Path file, Events which) throws IOException {
    Map<String, Edges> jobs = new TreeMap<>();
    if (!Files.exists(file)) {
      return jobs;
    }
    Set<String> catalog = new TreeSet<>();
    for (dev.lakehouse.contract.pipeline.PipelineJob j : dev.lakehouse.contract.pipeline.PipelineJob.values()) {
      catalog.add(j.id());
    }
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode e = json.readTree(line);
      String query = e.at("/run/facets/spark_properties/properties").path(dev.lakehouse.jobs.lineage.Lineage.JOB_PROPERTY).asText("");
      String run = e.at("/job/namespace").asText().equals(dev.lakehouse.jobs.lineage.Lineage.NAMESPACE)
          && catalog.contains(e.at("/job/name").asText()) ? e.at("/job/name").asText() : "";
      String job = which != Events.JOB_RUNS && !query.isEmpty() ? query : which != Events.QUERIES ? run : "";
      if (job.isEmpty()) {
        continue;
      }
      Edges edges = jobs.computeIfAbsent(job, j -> new Edges(new TreeSet<>(), new TreeSet<>()));
      e.path("inputs").forEach(d -> edges.inputs().add(name(d)));
      e.path("outputs").forEach(d -> edges.outputs().add(name(d)));
    }
    return jobs;
  }

  /** A dataset as the lakehouse names it. */
  static String name(JsonNode dataset) {
    String namespace = dataset.path("namespace").asText();
    String name = dataset.path("name").asText();
    if (namespace.startsWith("kafka://")) {
      return "kafka:" + name;
    }
    int warehouse = name.indexOf("/warehouse/");
    if (warehouse >= 0) {
      String[] parts = name.substring(warehouse + "/warehouse/".length()).split("/");
      if (parts.length >= 2) {
        return parts[0] + "." + parts[1];
      }
    }
    int landing = name.indexOf("/landing/");
    if (landing >= 0) {
      String[] parts = name.substring(landing + 1).split("/");
      return parts.length >= 2 ? parts[0] + "/" + parts[1] : parts[0];
    }
    return namespace + ":" + name;
  }

  /**
   * The datasets in columns (sources, bronze, silver, gold), a line from each input to each output
   * of a job; the ops tables every job writes are left to the table beside it.
   */
  static String svg(Map<String, Edges> jobs) {
    List<String> columns = List.of("sources", "bronze", "silver", "gold");
    Map<String, List<String>> byColumn = new LinkedHashMap<>();
    columns.forEach(c -> byColumn.put(c, new ArrayList<>()));
    Set<String> all = new TreeSet<>();
    jobs.values().forEach(e -> {
      all.addAll(e.inputs());
      all.addAll(e.outputs());
    });
    all.removeIf(d -> d.startsWith("ops."));
    for (String d : all) {
      String ns = d.contains(".") && !d.contains(":") && !d.contains("/") ? d.substring(0, d.indexOf('.')) : "sources";
      byColumn.getOrDefault(ns, byColumn.get("sources")).add(d);
    }
    int colWidth = 230;
    int rowHeight = 26;
    int rows = byColumn.values().stream().mapToInt(List::size).max().orElse(1);
    Map<String, int[]> at = new LinkedHashMap<>();
    int c = 0;
    for (var col : byColumn.entrySet()) {
      for (int r = 0; r < col.getValue().size(); r++) {
        at.put(col.getValue().get(r), new int[] {10 + c * colWidth, 40 + r * rowHeight});
      }
      c++;
    }
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " role=\"img\" aria-label=\"lineage: datasets each job read and wrote\">", 10 + columns.size() * colWidth, 50 + rows * rowHeight));
    for (int i = 0; i < columns.size(); i++) {
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-weight=\"bold\">%s</text>", 10 + i * colWidth, columns.get(i)));
    }
    for (var job : jobs.entrySet()) {
      for (String in : job.getValue().inputs()) {
        for (String out : job.getValue().outputs()) {
          int[] a = at.get(in);
          int[] b = at.get(out);
          if (a != null && b != null && !in.equals(out)) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#93c5fd\"><title>%s</title></line>",
                a[0] + 190, a[1] - 4, b[0], b[1] - 4, HtmlReport.esc(job.getKey())));
          }
        }
      }
    }
    at.forEach((d, p) -> svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"190\" height=\"20\" rx=\"3\" fill=\"#eef2ff\""
        + " stroke=\"#6366f1\"/><text x=\"%d\" y=\"%d\">%s</text>", p[0], p[1] - 15, p[0] + 4, p[1], HtmlReport.esc(d))));
    return svg.append("</svg>").toString();
  }
}
