package dev.lakehouse.local.ops;

import dev.lakehouse.contract.pipeline.JobArgs;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;

/**
 * Runs an operation's jobs as the environment's deployed Glue jobs ({@code lakehouse-<env>-<id>}):
 * StartJobRun with the step's arguments, then GetJobRun until the run ends, printing each change
 * of state. The SDK's own retry policy covers throttling and transient errors of each call.
 */
public final class DeployedJobs implements JobRunner {
  private static final Set<JobRunState> RUNNING = Set.of(JobRunState.STARTING, JobRunState.RUNNING, JobRunState.STOPPING,
      JobRunState.WAITING);

  private final DeployedEnvironment env;
  private final GlueClient glue;
  private final PrintStream out;
  private final Duration poll;

  public DeployedJobs(DeployedEnvironment env, GlueClient glue, PrintStream out, Duration poll) {
    this.env = env;
    this.glue = glue;
    this.out = out;
    this.poll = poll;
  }

  @Override
  public String run(JobStep step) throws InterruptedException {
    String name = step.job().deployedName(env.name());
    Map<String, String> arguments = new LinkedHashMap<>();
    step.args().forEach((k, v) -> arguments.put(JobArgs.flag(k), v));
    String runId = glue.startJobRun(r -> r.jobName(name).arguments(arguments)).jobRunId();
    out.println(name + ": run " + runId + " started " + arguments);
    JobRunState last = null;
    long started = System.nanoTime();
    while (true) {
      JobRun run = glue.getJobRun(r -> r.jobName(name).runId(runId).predecessorsIncluded(false)).jobRun();
      long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
      if (run.jobRunState() != last) {
        last = run.jobRunState();
        out.println(name + ": " + last + " after " + seconds + " s");
      }
      if (!RUNNING.contains(last)) {
        if (last != JobRunState.SUCCEEDED) {
          throw new IllegalStateException(name + " run " + runId + " ended " + last
              + (run.errorMessage() != null ? ": " + run.errorMessage() : "") + " (its log: CloudWatch log group /aws-glue/jobs/error)");
        }
        return name + " run " + runId + " succeeded in " + run.executionTime() + " s";
      }
      Thread.sleep(poll.toMillis());
    }
  }
}
