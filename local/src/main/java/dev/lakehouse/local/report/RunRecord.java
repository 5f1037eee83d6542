package dev.lakehouse.local.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a local run did, stage by stage, and its summary tables: the input of the console summary and the HTML report. */
public final class RunRecord {
  /** One stage: a preparation step or a state of the pipeline definition; {@code group} is its lane in the picture. */
  public record Stage(String name, String group, double startSeconds, double seconds, String detail, boolean failed) {}

  /** One source's reconciliation in this run. */
  public record Reconciliation(String source, long bronze, long silver, long rejected, long duplicates, boolean balanced) {}

  private final List<Stage> stages = new ArrayList<>();
  private final List<Reconciliation> reconciliation = new ArrayList<>();
  private final Map<String, Long> rejectedByReason = new LinkedHashMap<>();
  private final Map<String, Long> goldRows = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<JobMetricsFile.Event> jobMetrics = new ArrayList<>();
  private final Map<String, LineageGraph.Edges> lineage = new java.util.TreeMap<>();
  private String title = "";
  private long dqChecks;
  private long dqErrors;
  private double totalSeconds;
  private String outcome = "running";

  public void title(String t) {
    title = t;
  }

  public String title() {
    return title;
  }

  public void stage(Stage s) {
    stages.add(s);
  }

  public List<Stage> stages() {
    return stages;
  }

  public List<Reconciliation> reconciliation() {
    return reconciliation;
  }

  public Map<String, Long> rejectedByReason() {
    return rejectedByReason;
  }

  public Map<String, Long> goldRows() {
    return goldRows;
  }

  /** The metrics each job of this run reported (the EMF events of its metrics file). */
  public List<JobMetricsFile.Event> jobMetrics() {
    return jobMetrics;
  }

  /** What each job read and wrote, from the work directory's OpenLineage events. */
  public Map<String, LineageGraph.Edges> lineage() {
    return lineage;
  }

  public List<String> notes() {
    return notes;
  }

  public void quality(long checks, long errors) {
    dqChecks = checks;
    dqErrors = errors;
  }

  public long dqChecks() {
    return dqChecks;
  }

  public long dqErrors() {
    return dqErrors;
  }

  public void finish(double seconds, String result) {
    totalSeconds = seconds;
    outcome = result;
  }

  public double totalSeconds() {
    return totalSeconds;
  }

  public String outcome() {
    return outcome;
  }
}
