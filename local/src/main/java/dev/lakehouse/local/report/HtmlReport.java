package dev.lakehouse.local.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page of a local run (no scripts, no external files: it opens offline): a
 * picture of the pipeline — one lane per stage group, one box per stage with its time and what it
 * did, laid out by start time — then reconciliation, rejects, data quality, gold row counts and
 * each job's metrics.
 */
public final class HtmlReport {
  private static final int LANE = 64;
  private static final int LEFT = 150;
  private static final int WIDTH = 1100;

  private HtmlReport() {}

  public static Path write(RunRecord run, Path file) throws IOException {
    Files.writeString(file, render(run), StandardCharsets.UTF_8);
    return file;
  }

  static String render(RunRecord run) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(run.title())).append("</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 20px}")
        .append("td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}td:first-child,th:first-child{text-align:left}")
        .append(".ok{color:#17803d}.bad{color:#b42318;font-weight:bold}svg text{font-size:11px}")
        .append("</style></head><body>");
    h.append("<h1>").append(esc(run.title())).append("</h1>");
    h.append("<p>Outcome: <b class=\"").append(run.outcome().startsWith("succeeded") ? "ok" : "bad").append("\">")
        .append(esc(run.outcome())).append("</b> in ").append(fmt(run.totalSeconds())).append(" s</p>");
    h.append(picture(run.stages(), Math.max(run.totalSeconds(), 1)));

    h.append("<h2>Stages</h2><table><tr><th>stage</th><th>start (s)</th><th>time (s)</th><th>what it did</th></tr>");
    for (RunRecord.Stage s : run.stages()) {
      h.append("<tr><td>").append(esc(s.name())).append("</td><td>").append(fmt(s.startSeconds())).append("</td><td>")
          .append(fmt(s.seconds())).append("</td><td style=\"text-align:left\"").append(s.failed() ? " class=\"bad\"" : "").append(">")
          .append(esc(s.detail())).append("</td></tr>");
    }
    h.append("</table>");

    h.append("<h2>Reconciliation (this run)</h2><table><tr><th>source</th><th>bronze</th><th>silver</th><th>rejected</th>")
        .append("<th>duplicates</th><th>balanced</th></tr>");
    for (RunRecord.Reconciliation r : run.reconciliation()) {
      h.append("<tr><td>").append(esc(r.source())).append("</td><td>").append(r.bronze()).append("</td><td>").append(r.silver())
          .append("</td><td>").append(r.rejected()).append("</td><td>").append(r.duplicates()).append("</td><td class=\"")
          .append(r.balanced() ? "ok\">yes" : "bad\">NO").append("</td></tr>");
    }
    h.append("</table>");
    h.append(table("Rejected rows by reason (all runs)", "table and reason", "rows", run.rejectedByReason()));
    h.append("<h2>Data quality</h2><p>").append(run.dqChecks()).append(" constraints evaluated in this run, ")
        .append("<span class=\"").append(run.dqErrors() == 0 ? "ok" : "bad").append("\">").append(run.dqErrors())
        .append(" error-level failures</span></p>");
    h.append(table("Gold tables", "table", "rows", run.goldRows()));
    List<JobMetricsFile.Event> jobs = run.jobMetrics().stream().filter(e -> e.table() == null).toList();
    if (!jobs.isEmpty()) {
      // the numbers CloudWatch gets on AWS (namespace Lakehouse/Jobs), from metrics/jobs.emf.jsonl
      h.append("<h2>Job metrics</h2><table><tr><th>job</th><th>seconds</th><th>numbers</th></tr>");
      for (JobMetricsFile.Event e : jobs) {
        h.append("<tr><td>").append(esc(e.job())).append("</td><td>").append(fmt(e.seconds())).append("</td><td style=\"text-align:left\">")
            .append(esc(e.numbersText())).append("</td></tr>");
      }
      h.append("</table>");
    }
    if (!run.lineage().isEmpty()) {
      // from the OpenLineage events the Spark jobs emitted (lineage/openlineage.jsonl)
      h.append("<h2>Lineage</h2><p>What each job read and wrote, from its OpenLineage events.</p>").append(LineageGraph.svg(run.lineage()));
      h.append("<table><tr><th>job</th><th>read</th><th>wrote</th></tr>");
      run.lineage().forEach((job, e) -> h.append("<tr><td>").append(esc(job)).append("</td><td style=\"text-align:left\">")
          .append(esc(String.join(", ", e.inputs()))).append("</td><td style=\"text-align:left\">").append(esc(String.join(", ", e.outputs())))
          .append("</td></tr>"));
      h.append("</table>");
    }
    if (!run.notes().isEmpty()) {
      h.append("<h2>Notes</h2><ul>");
      run.notes().forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
      h.append("</ul>");
    }
    return h.append("</body></html>\n").toString();
  }

  /** Lanes by stage group, boxes placed on a shared time axis. */
  private static String picture(List<RunRecord.Stage> stages, double total) {
    Map<String, Integer> lanes = new LinkedHashMap<>();
    stages.forEach(s -> lanes.putIfAbsent(s.group(), lanes.size()));
    int height = lanes.size() * LANE + 30;
    double scale = (WIDTH - LEFT - 10) / total;
    StringBuilder svg = new StringBuilder("<h2>Pipeline</h2><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH
        + "\" height=\"" + height + "\" role=\"img\" aria-label=\"pipeline stages over time\">");
    for (var lane : lanes.entrySet()) {
      int y = lane.getValue() * LANE + 10;
      svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-weight=\"bold\">%s</text>", y + 28, esc(lane.getKey())));
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>", LEFT, y + LANE - 6,
          WIDTH, y + LANE - 6));
    }
    for (RunRecord.Stage s : stages) {
      int y = lanes.get(s.group()) * LANE + 10;
      double x = LEFT + s.startSeconds() * scale;
      double w = Math.max(3, s.seconds() * scale);
      String fill = s.failed() ? "#fde2e1" : "#dbeafe";
      String stroke = s.failed() ? "#b42318" : "#1d4ed8";
      svg.append(String.format(Locale.ROOT,
          "<g><title>%s — %s s — %s</title><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"44\" rx=\"4\" fill=\"%s\" stroke=\"%s\"/>"
              + "<text x=\"%.1f\" y=\"%d\">%s</text><text x=\"%.1f\" y=\"%d\">%s s</text></g>",
          esc(s.name()), fmt(s.seconds()), esc(s.detail()), x, y + 4, w, fill, stroke, x + 3, y + 20, esc(s.name()), x + 3, y + 38,
          fmt(s.seconds())));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">0 s</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s s</text>",
        LEFT, height - 4, WIDTH - 4, height - 4, fmt(total)));
    return svg.append("</svg>").toString();
  }

  private static String table(String title, String keyHeader, String valueHeader, Map<String, Long> rows) {
    StringBuilder h = new StringBuilder("<h2>").append(esc(title)).append("</h2><table><tr><th>").append(esc(keyHeader))
        .append("</th><th>").append(esc(valueHeader)).append("</th></tr>");
    rows.forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td>").append(v).append("</td></tr>"));
    return h.append("</table>").toString();
  }

  private static String fmt(double seconds) {
    return String.format(Locale.ROOT, "%.1f", seconds);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
