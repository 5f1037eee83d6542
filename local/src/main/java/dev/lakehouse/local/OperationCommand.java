package dev.lakehouse.local;

import dev.lakehouse.local.ops.DeployedEnvironment;
import dev.lakehouse.local.ops.DeployedJobs;
import dev.lakehouse.local.ops.JobRunner;
import dev.lakehouse.local.ops.JobStep;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * An operation (backfill, reprocess, rollback, maintain) as catalog job runs: the options become
 * the same {@link JobStep}s, checked the same way, whether they then run on a local run's
 * lakehouse ({@code --workdir}, the default) or as the deployed Glue jobs of {@code --env}.
 */
abstract class OperationCommand implements Callable<Integer> {
  /** Where to act: a local work directory or a deployed environment, not both. */
  static final class Target {
    @Option(names = "--workdir", paramLabel = "DIR", description = "a local run's work directory (default: the newest work/run-*)")
    Path workdir;

    @Option(names = "--env", paramLabel = "ENV", description = "a deployed environment of environments/ (dev, staging, prod):"
        + " start its Glue jobs and wait (AWS credentials from the default chain)")
    String env;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Target target = new Target();

  final PrintStream out;
  final AwsClients aws;

  OperationCommand(PrintStream out, AwsClients aws) {
    this.out = out;
    this.aws = aws;
  }

  /** The job runs the options ask for, checked (bad options: {@link IllegalArgumentException}). */
  abstract List<JobStep> steps();

  @Override
  public Integer call() throws Exception {
    List<JobStep> steps = steps();
    JobRunner runner = runner();
    for (JobStep step : steps) {
      out.println(step.job().id() + ": " + runner.run(step));
    }
    return LakehouseCli.DONE;
  }

  private JobRunner runner() throws Exception {
    if (target != null && target.env != null) {
      DeployedEnvironment env = DeployedEnvironment.load(DeployedEnvironment.directory(), target.env);
      return new DeployedJobs(env, aws.glue(env), out, aws.poll());
    }
    Path dir = LocalLake.existing(target == null ? null : target.workdir);
    return step -> LocalLake.runJob(dir, step.job(), step.args());
  }
}
