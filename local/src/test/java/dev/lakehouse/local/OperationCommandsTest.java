package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.GetJobRunRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunResponse;
import software.amazon.awssdk.services.glue.model.GetJobRunsRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunsResponse;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;
import software.amazon.awssdk.services.glue.model.StartJobRunResponse;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;

/**
 * The operations commands' command line, checked the same way for a work directory and for
 * {@code --env}, and what they ask of AWS with {@code --env}: the deployed job or state machine,
 * the arguments, waiting for the end. AWS is played by in-memory fakes of the SDK's client
 * interfaces (AWS cannot be reached here; the staging smoke test covers the real calls).
 */
class OperationCommandsTest {
  @ParameterizedTest
  @ValueSource(strings = {"backfill", "reprocess", "rollback", "maintain", "status"})
  void everyOperationHasHelpNamingBothTargets(String command) {
    CliRun run = CliRun.of(command, "--help");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("usage: ./lakehouse " + command, "--workdir=DIR", "--env=ENV", "e.g. ./lakehouse " + command);
    assertThat(CliRun.of("--help").out()).contains(command);
  }

  /** The same options are refused with the same message whether they were to run here or on AWS, before anything starts. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "backfill --days 0|--days must be 1 to 3650, not 0",
      "backfill --from 2026-12-02 --to 2026-12-01|--from 2026-12-02 is after --to 2026-12-01",
      "backfill --from 2026-12-02|--from needs --to",
      "reprocess --source payments|--source 'payments' is not a source; they are [clickstream, orders, transactions, users]",
      "rollback --all-gold --to-snapshot 42|--to-snapshot names a snapshot of one table; for --all-gold use --to-timestamp",
      "rollback --table gold.top_products --to-timestamp yesterday|--to-timestamp 'yesterday' is not an ISO-8601 instant",
      "rollback --table analytics.top_products|--table analytics.top_products: no namespace 'analytics'",
      "maintain --orphan-age-hours 1|--orphan-age-hours must be at least 24, not 1",
      "maintain --namespaces gold,platinum|--namespaces: no namespace 'platinum'"})
  void badOptionsAreRefusedAlikeLocallyAndOnAws(String line, String message) {
    for (String target : List.of("--workdir /nonexistent/run", "--env staging")) {
      Fakes aws = new Fakes();
      CliRun run = aws.run((line + " " + target).split(" "));
      assertThat(run.exit()).as(target + ": " + run.out() + run.err()).isEqualTo(2);
      assertThat(run.err()).as(target).contains("error: " + message);
      assertThat(aws.started).as(target).isEmpty();
    }
  }

  @Test
  void targetsAreOneOrTheOtherAndAnUnknownEnvironmentIsNamed() {
    CliRun both = CliRun.of("maintain", "--workdir", "w", "--env", "dev");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");
    CliRun unknown = new Fakes().run("maintain", "--env", "qa");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("--env qa: no ").contains("the environments are [dev, prod, staging]");
  }

  @Test
  void backfillOnAnEnvironmentStartsItsGoldJobWithTheWindowAndWaitsForTheEnd() {
    Fakes aws = new Fakes(JobRunState.STARTING, JobRunState.RUNNING, JobRunState.RUNNING, JobRunState.SUCCEEDED);
    CliRun run = aws.run("backfill", "--days", "3", "--to", "2026-12-01", "--env", "staging");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(aws.started).hasSize(1);
    assertThat(aws.started.get(0).jobName()).isEqualTo("lakehouse-staging-gold");
    assertThat(aws.started.get(0).arguments()).isEqualTo(Map.of("--as-of-date", "2026-12-01", "--lookback-days", "3"));
    assertThat(aws.polls).isEqualTo(4);
    assertThat(run.out()).contains("lakehouse-staging-gold: STARTING after", "lakehouse-staging-gold: RUNNING after",
        "lakehouse-staging-gold: SUCCEEDED after", "gold: lakehouse-staging-gold run jr_1 succeeded");
  }

  @Test
  void reprocessRunsSilverOverAllOfBronzeThenGoldAndStopsAtAFailureNamingIt() {
    Fakes ok = new Fakes(JobRunState.SUCCEEDED, JobRunState.SUCCEEDED);
    CliRun run = ok.run("reprocess", "--source", "orders", "--as-of", "2026-12-01", "--env", "prod");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(ok.started).extracting(StartJobRunRequest::jobName).containsExactly("lakehouse-prod-silver-orders", "lakehouse-prod-gold");
    assertThat(ok.started.get(0).arguments()).isEqualTo(Map.of("--reprocess", "true"));
    assertThat(ok.started.get(1).arguments()).isEqualTo(Map.of("--as-of-date", "2026-12-01"));

    Fakes failing = new Fakes(JobRunState.RUNNING, JobRunState.FAILED);
    CliRun failed = failing.run("reprocess", "--source", "users", "--env", "prod");
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.err()).contains("lakehouse-prod-silver-users run jr_1 ended FAILED: Out of memory");
    assertThat(failing.started).hasSize(1);
  }

  @Test
  void rollbackOfAllGoldOnAnEnvironmentRunsTheSnapshotsJobOnTheGoldNamespace() {
    Fakes aws = new Fakes(JobRunState.SUCCEEDED);
    CliRun run = aws.run("rollback", "--all-gold", "--to-timestamp", "2026-12-01T03:00:00Z", "--env", "dev");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(aws.started.get(0).jobName()).isEqualTo("lakehouse-dev-snapshots");
    assertThat(aws.started.get(0).arguments()).isEqualTo(Map.of("--table", "gold.*", "--to-timestamp", "2026-12-01T03:00:00Z"));
  }

  @Test
  void statusOnAnEnvironmentListsTheExecutionsWithWhyTheFailedOnesFailedAndEachJobsLastRun() {
    Fakes aws = new Fakes();
    CliRun run = aws.run("status", "--env", "prod");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(aws.listedArn).isEqualTo("arn:aws:states:us-east-1:333333333333:stateMachine:lakehouse-prod-pipeline");
    assertThat(run.out()).containsPattern("(?m)^exec-ok +SUCCEEDED +2026-12-01 03:00:00 +42\\.0$")
        .containsPattern("(?m)^exec-bad +FAILED ").contains("    States.TaskFailed: silver-orders failed")
        .containsPattern("(?m)^gold +SUCCEEDED +2026-12-01 03:30:00 +600 s$").containsPattern("(?m)^bronze-orders +never ran$");
  }

  /** In-memory Glue and Step Functions: job runs go through the given states, one per poll. */
  private static final class Fakes {
    final List<StartJobRunRequest> started = new ArrayList<>();
    final Deque<JobRunState> states;
    int polls;
    String listedArn;

    Fakes(JobRunState... states) {
      this.states = new ArrayDeque<>(List.of(states));
    }

    CliRun run(String... args) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      AwsClients clients = new AwsClients(env -> glue(), env -> sfn(), Duration.ZERO);
      int exit = LakehouseCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
          clients);
      return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    GlueClient glue() {
      return new GlueClient() {
        @Override
        public StartJobRunResponse startJobRun(StartJobRunRequest r) {
          started.add(r);
          return StartJobRunResponse.builder().jobRunId("jr_" + started.size()).build();
        }

        @Override
        public GetJobRunResponse getJobRun(GetJobRunRequest r) {
          polls++;
          JobRunState s = states.poll();
          return GetJobRunResponse.builder().jobRun(JobRun.builder().id(r.runId()).jobRunState(s).executionTime(polls * 10)
              .errorMessage(s == JobRunState.FAILED ? "Out of memory" : null).build()).build();
        }

        @Override
        public GetJobRunsResponse getJobRuns(GetJobRunsRequest r) {
          if (!r.jobName().endsWith("-gold")) {
            return GetJobRunsResponse.builder().jobRuns(List.of()).build();
          }
          return GetJobRunsResponse.builder().jobRuns(JobRun.builder().jobRunState(JobRunState.SUCCEEDED)
              .startedOn(Instant.parse("2026-12-01T03:30:00Z")).executionTime(600).build()).build();
        }

        @Override
        public String serviceName() {
          return "glue";
        }

        @Override
        public void close() {}
      };
    }

    SfnClient sfn() {
      return new SfnClient() {
        @Override
        public ListExecutionsResponse listExecutions(ListExecutionsRequest r) {
          listedArn = r.stateMachineArn();
          return ListExecutionsResponse.builder().executions(
              ExecutionListItem.builder().name("exec-ok").executionArn("arn:ok").status(ExecutionStatus.SUCCEEDED)
                  .startDate(Instant.parse("2026-12-01T03:00:00Z")).stopDate(Instant.parse("2026-12-01T03:42:00Z")).build(),
              ExecutionListItem.builder().name("exec-bad").executionArn("arn:bad").status(ExecutionStatus.FAILED)
                  .startDate(Instant.parse("2026-11-30T03:00:00Z")).stopDate(Instant.parse("2026-11-30T03:10:00Z")).build()).build();
        }

        @Override
        public DescribeExecutionResponse describeExecution(DescribeExecutionRequest r) {
          return DescribeExecutionResponse.builder().executionArn(r.executionArn()).error("States.TaskFailed")
              .cause("silver-orders failed").build();
        }

        @Override
        public String serviceName() {
          return "states";
        }

        @Override
        public void close() {}
      };
    }
  }
}
