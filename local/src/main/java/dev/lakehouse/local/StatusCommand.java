package dev.lakehouse.local;

import dev.lakehouse.contract.pipeline.JobMetrics;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.local.ops.DeployedEnvironment;
import dev.lakehouse.local.report.JobMetricsFile;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * {@code ./lakehouse status}: where the pipeline stands. Locally, from the work directory's job
 * metrics (each job's last run and its numbers, each gold table's last refresh); with
 * {@code --env}, from Step Functions (the pipeline's last executions, why the failed ones failed)
 * and Glue (each job's last run).
 */
@Command(name = "status", description = {"Where the pipeline stands: the last runs, their numbers, failures and gold freshness.",
    "e.g. ./lakehouse status; ./lakehouse status --env prod"})
final class StatusCommand implements Callable<Integer> {
  private static final int EXECUTIONS = 10;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  OperationCommand.Target target = new OperationCommand.Target();

  private final PrintStream out;
  private final AwsClients aws;

  StatusCommand(PrintStream out, AwsClients aws) {
    this.out = out;
    this.aws = aws;
  }

  @Override
  public Integer call() throws Exception {
    if (target != null && target.env != null) {
      DeployedEnvironment env = DeployedEnvironment.load(DeployedEnvironment.directory(), target.env);
      deployed(env, aws.sfn(env), aws.glue(env));
    } else {
      local(LocalLake.existing(target == null ? null : target.workdir));
    }
    return LakehouseCli.DONE;
  }

  private void local(Path workdir) throws Exception {
    List<JobMetricsFile.Event> events = JobMetricsFile.read(LocalLake.metricsFile(workdir));
    out.println("work directory " + workdir);
    if (events.isEmpty()) {
      out.println("no job has run here yet (no " + workdir.relativize(LocalLake.metricsFile(workdir)) + ")");
      return;
    }
    Map<String, JobMetricsFile.Event> lastRun = new TreeMap<>(Comparator.comparing(StatusCommand::catalogOrder).thenComparing(Comparator.naturalOrder()));
    Map<String, Instant> refreshed = new TreeMap<>();
    events.stream().filter(e -> e.table() != null && e.numbers().containsKey(JobMetrics.REFRESHED))
        .forEach(e -> refreshed.merge(e.table(), e.at(), (a, b) -> a.isAfter(b) ? a : b));
    List<JobMetricsFile.Event> runs = events.stream().filter(e -> e.table() == null).toList();
    runs.forEach(e -> lastRun.put(e.job(), e));
    out.printf(Locale.ROOT, "%d job runs recorded; the last of each job:%n", runs.size());
    out.printf(Locale.ROOT, "%-20s %-20s %8s  %s%n", "job", "finished (UTC)", "seconds", "numbers");
    for (JobMetricsFile.Event e : lastRun.values()) {
      out.printf(Locale.ROOT, "%-20s %-20s %8.1f  %s%n", e.job(), utc(e.at()), e.seconds(), e.numbersText());
    }
    if (!refreshed.isEmpty()) {
      var oldest = refreshed.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
      out.printf(Locale.ROOT, "gold: %d tables refreshed; the oldest refresh %s (%s)%n", refreshed.size(), utc(oldest.getValue()), oldest.getKey());
    }
    Path report = workdir.resolve("report.html");
    if (Files.exists(report)) {
      out.println("the last local run's report: " + report);
    }
  }

  private void deployed(DeployedEnvironment env, SfnClient sfn, GlueClient glue) {
    String machine = PipelineJob.pipelineStateMachine(env.name());
    String arn = env.stateMachineArn(machine);
    List<ExecutionListItem> executions = sfn.listExecutions(r -> r.stateMachineArn(arn).maxResults(EXECUTIONS)).executions();
    out.println(machine + ": the last " + executions.size() + " executions");
    out.printf(Locale.ROOT, "%-40s %-10s %-20s %8s%n", "execution", "status", "started (UTC)", "minutes");
    for (ExecutionListItem x : executions) {
      Instant end = x.stopDate() != null ? x.stopDate() : Instant.now();
      out.printf(Locale.ROOT, "%-40s %-10s %-20s %8.1f%n", x.name(), x.statusAsString(), utc(x.startDate()),
          Duration.between(x.startDate(), end).toSeconds() / 60.0);
      if (x.status() == ExecutionStatus.FAILED || x.status() == ExecutionStatus.TIMED_OUT || x.status() == ExecutionStatus.ABORTED) {
        var d = sfn.describeExecution(r -> r.executionArn(x.executionArn()));
        out.println("    " + d.error() + ": " + abbreviate(d.cause()));
      }
    }
    out.println("jobs: the last run of each");
    for (PipelineJob job : PipelineJob.inPipeline()) {
      List<JobRun> last = glue.getJobRuns(r -> r.jobName(job.deployedName(env.name())).maxResults(1)).jobRuns();
      if (last.isEmpty()) {
        out.printf(Locale.ROOT, "%-20s never ran%n", job.id());
      } else {
        JobRun r = last.get(0);
        out.printf(Locale.ROOT, "%-20s %-10s %-20s %6d s%s%n", job.id(), r.jobRunStateAsString(), utc(r.startedOn()), r.executionTime(),
            r.errorMessage() != null ? "  " + abbreviate(r.errorMessage()) : "");
      }
    }
  }

  private static int catalogOrder(String job) {
    try {
      return PipelineJob.byId(job).ordinal();
    } catch (IllegalArgumentException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static String utc(Instant at) {
    return at == null ? "-" : at.toString().replace('T', ' ').replaceAll("\\.\\d+Z$|Z$", "");
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
