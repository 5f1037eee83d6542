package dev.lakehouse.local.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contract.Source;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.ResultSet;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionResponse;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesResponse;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * What the smoke test asks of AWS, with in-process stand-ins for the four clients (the staging run
 * itself is CD's): where it puts the files and under which key, which execution it starts and
 * waits for, which queries it sends, and how a failed execution or a failed check ends it.
 */
class PipelineSmokeTest {
  private static final DeployedEnvironment STAGING = new DeployedEnvironment("staging", "222222222222", "us-east-1");

  @Test
  void itLandsUnderTheRawKeyStartsTheNamedExecutionWaitsAndPassesWhenEveryCheckHolds(@TempDir Path dir) throws Exception {
    Fakes aws = new Fakes(List.of(ExecutionStatus.RUNNING, ExecutionStatus.RUNNING, ExecutionStatus.SUCCEEDED), 0, 50, 1, 12);
    List<String> failed = smoke(aws, dir);

    assertThat(failed).isEmpty();
    assertThat(aws.puts).extracting(PutObjectRequest::bucket).containsOnly("lakehouse-staging-storage-lake5f1b88ea-abc");
    assertThat(aws.puts).extracting(PutObjectRequest::key).containsExactly("landing/users/table=users/users.ndjson");
    assertThat(aws.puts).allSatisfy(p -> {
      assertThat(p.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
      assertThat(p.ssekmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:222222222222:alias/lakehouse-staging-raw");
    });
    assertThat(aws.started.stateMachineArn()).isEqualTo("arn:aws:states:us-east-1:222222222222:stateMachine:lakehouse-staging-pipeline");
    assertThat(aws.started.name()).isEqualTo("smoke-1");
    assertThat(aws.describes).isEqualTo(3);
    // every check's query in the environment's work group, with the execution or the day as its parameter
    assertThat(aws.queries).allSatisfy(q -> assertThat(q.workGroup()).isEqualTo("lakehouse-staging"));
    assertThat(aws.queries).extracting(StartQueryExecutionRequest::executionParameters)
        .contains(List.of("smoke-1"), List.of("smoke-1", "users"), List.of("2026-11-03"));
  }

  @Test
  void aFailedExecutionEndsItWithoutQueryingAndAFailedCheckIsNamed(@TempDir Path dir) throws Exception {
    Fakes broken = new Fakes(List.of(ExecutionStatus.FAILED), 0, 50, 1, 12);
    assertThat(smoke(broken, dir)).singleElement().asString().startsWith("the execution ended FAILED: silver-users broke");
    assertThat(broken.queries).isEmpty();

    // users read into bronze: 49 of the 50 landed
    Fakes lossy = new Fakes(List.of(ExecutionStatus.SUCCEEDED), 0, 49, 1, 12);
    assertThat(smoke(lossy, dir)).containsExactly("users rows read into bronze by the run: 49, want >= 50 (the records uploaded)");
  }

  private static List<String> smoke(Fakes aws, Path dir) throws Exception {
    Path landed = dir.resolve("landed");
    Path users = landed.resolve("landing/users/table=users/users.ndjson");
    Files.createDirectories(users.getParent());
    Files.writeString(users, "{\"user_id\":\"U1\"}\n".repeat(50));
    List<PipelineSmoke.Upload> uploads = PipelineSmoke.uploads(landed);
    Map<Source, Long> records = PipelineSmoke.records(uploads);
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return new PipelineSmoke(STAGING, aws.clients(), out, Duration.ofMillis(1))
        .run(uploads, "smoke-1", PipelineSmoke.checks("smoke-1", LocalDate.of(2026, 11, 3), records), Duration.ofMinutes(1));
  }

  /** The four clients, answering as a deployed staging would; the numbers are what Athena returns, in check order. */
  private static final class Fakes {
    final List<PutObjectRequest> puts = new ArrayList<>();
    final List<StartQueryExecutionRequest> queries = new ArrayList<>();
    final Deque<ExecutionStatus> statuses;
    final Deque<Long> answers = new ArrayDeque<>();
    StartExecutionRequest started;
    int describes;

    Fakes(List<ExecutionStatus> statuses, long unbalanced, long usersRead, long goldRuns, long sessions) {
      this.statuses = new ArrayDeque<>(statuses);
      answers.addAll(List.of(unbalanced, usersRead, goldRuns, sessions));
    }

    PipelineSmoke.Clients clients() {
      return new PipelineSmoke.Clients(s3(), sfn(), athena(), cloudFormation());
    }

    S3Client s3() {
      return new S3Client() {
        @Override
        public PutObjectResponse putObject(PutObjectRequest r, RequestBody body) {
          puts.add(r);
          return PutObjectResponse.builder().build();
        }

        @Override
        public String serviceName() {
          return "s3";
        }

        @Override
        public void close() {}
      };
    }

    SfnClient sfn() {
      return new SfnClient() {
        @Override
        public StartExecutionResponse startExecution(StartExecutionRequest r) {
          started = r;
          return StartExecutionResponse.builder().executionArn("arn:aws:states:us-east-1:222222222222:execution:lakehouse-staging-pipeline:"
              + r.name()).build();
        }

        @Override
        public DescribeExecutionResponse describeExecution(DescribeExecutionRequest r) {
          describes++;
          ExecutionStatus s = statuses.poll();
          return DescribeExecutionResponse.builder().executionArn(r.executionArn()).status(s)
              .cause(s == ExecutionStatus.FAILED ? "silver-users broke" : null).build();
        }

        @Override
        public String serviceName() {
          return "states";
        }

        @Override
        public void close() {}
      };
    }

    AthenaClient athena() {
      return new AthenaClient() {
        @Override
        public StartQueryExecutionResponse startQueryExecution(StartQueryExecutionRequest r) {
          queries.add(r);
          return StartQueryExecutionResponse.builder().queryExecutionId("q" + queries.size()).build();
        }

        @Override
        public GetQueryExecutionResponse getQueryExecution(GetQueryExecutionRequest r) {
          return GetQueryExecutionResponse.builder().queryExecution(QueryExecution.builder().queryExecutionId(r.queryExecutionId())
              .status(QueryExecutionStatus.builder().state(QueryExecutionState.SUCCEEDED).build()).build()).build();
        }

        @Override
        public GetQueryResultsResponse getQueryResults(GetQueryResultsRequest r) {
          // the first row holds the column name, as Athena's does
          return GetQueryResultsResponse.builder().resultSet(ResultSet.builder().rows(
              Row.builder().data(Datum.builder().varCharValue("_col0").build()).build(),
              Row.builder().data(Datum.builder().varCharValue(String.valueOf(answers.poll())).build()).build()).build()).build();
        }

        @Override
        public String serviceName() {
          return "athena";
        }

        @Override
        public void close() {}
      };
    }

    CloudFormationClient cloudFormation() {
      return new CloudFormationClient() {
        @Override
        public ListStackResourcesResponse listStackResources(ListStackResourcesRequest r) {
          assertThat(r.stackName()).isEqualTo("lakehouse-staging-storage");
          return ListStackResourcesResponse.builder().stackResourceSummaries(
              StackResourceSummary.builder().resourceType("AWS::S3::Bucket").logicalResourceId("AccessLogs1234ABCD")
                  .physicalResourceId("lakehouse-staging-storage-accesslogs-xyz").build(),
              StackResourceSummary.builder().resourceType("AWS::S3::Bucket").logicalResourceId("Lake5F1B88EA")
                  .physicalResourceId("lakehouse-staging-storage-lake5f1b88ea-abc").build()).build();
        }

        @Override
        public String serviceName() {
          return "cloudformation";
        }

        @Override
        public void close() {}
      };
    }
  }
}
