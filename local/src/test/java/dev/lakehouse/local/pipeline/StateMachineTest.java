package dev.lakehouse.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interpreter on the deployed definition itself ({@code stepfunctions/lakehouse-pipeline.asl.json}),
 * with tasks that record what they were asked to do: the order the definition gives, the failure
 * path through its Catch to the failure notification, and the quality branch.
 */
class StateMachineTest {
  private static final Path ASL = Path.of("..", "stepfunctions", "lakehouse-pipeline.asl.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Records invocations; a job named in {@code failing} throws; the quality query returns {@code failures}. */
  private static class Recording implements StateMachine.Tasks {
    final List<String> calls = new ArrayList<>();
    final List<JsonNode> published = new ArrayList<>();
    final List<JsonNode> jobParameters = new ArrayList<>();
    final List<JsonNode> queryParameters = new ArrayList<>();
    /** A job that fails its first run only, as a run that lost an executor does. */
    String flaky;
    final String failing;
    final String failures;

    Recording(String failing, String failures) {
      this.failing = failing;
      this.failures = failures;
    }

    @Override
    public JsonNode invoke(String state, String resource, JsonNode parameters) {
      if (resource.endsWith("glue:startJobRun.sync")) {
        String job = parameters.path("JobName").asText();
        calls.add(job);
        jobParameters.add(parameters);
        if (job.equals(flaky) && calls.stream().filter(job::equals).count() == 1) {
          throw new IllegalStateException(job + " lost its executors");
        }
        if (job.equals(failing)) {
          throw new IllegalStateException(job + " broke");
        }
        return JsonNodeFactory.instance.objectNode().put("JobRunState", "SUCCEEDED");
      }
      if (resource.endsWith("athena:startQueryExecution.sync")) {
        calls.add("query:" + parameters.path("QueryString").asText() + "@" + parameters.path("WorkGroup").asText());
        queryParameters.add(parameters);
        var out = JsonNodeFactory.instance.objectNode();
        out.putObject("QueryExecution").put("QueryExecutionId", "q1");
        return out;
      }
      if (resource.endsWith("athena:getQueryResults")) {
        calls.add("results:" + parameters.path("QueryExecutionId").asText());
        var out = JsonNodeFactory.instance.objectNode();
        var rows = out.putObject("ResultSet").putArray("Rows");
        rows.addObject().putArray("Data").addObject().put("VarCharValue", "failures");
        rows.addObject().putArray("Data").addObject().put("VarCharValue", failures);
        return out;
      }
      if (resource.endsWith("sns:publish")) {
        calls.add("sns:" + parameters.path("Subject").asText());
        published.add(parameters);
        return JsonNodeFactory.instance.objectNode();
      }
      if (resource.endsWith("dynamodb:deleteItem")) {
        calls.add("release:" + parameters.path("TableName").asText() + ":" + parameters.path("ExpressionAttributeValues").path(":owner").path("S").asText());
        return JsonNodeFactory.instance.objectNode();
      }
      throw new IllegalArgumentException(resource);
    }
  }

  /** What the execution's release of its writer lease was called with, but the execution's name. */
  private static final String RELEASE = "release:lakehouse-local-leases:" + StateMachine.executionId("");

  private static Map<String, String> substitutions() {
    Map<String, String> s = new HashMap<>(LocalTasks.substitutions("SELECT 'it''s' AS q"));
    s.put("AlertTopicArn", "arn:local:alerts");
    s.put("NoticeTopicArn", "arn:local:notices");
    return s;
  }

  private static final StateMachine.Listener SILENT = new StateMachine.Listener() {
    @Override
    public void entered(String state, String type) {}

    @Override
    public void left(String state, String type, long millis, JsonNode output, Throwable error) {}
  };

  @Test
  void everyBranchRunsBronzeBeforeSilverThenGoldQualityAndTheSuccessNotice() throws Exception {
    Recording tasks = new Recording(null, "0");
    StateMachine.load(ASL, substitutions(), "run-1", tasks, SILENT).run(JsonNodeFactory.instance.objectNode());

    for (String source : List.of("Orders", "Clickstream", "Transactions", "Users")) {
      assertThat(tasks.calls.indexOf("Bronze" + source + "Job")).as(source).isNotNegative()
          .isLessThan(tasks.calls.indexOf("Silver" + source + "Job"));
      assertThat(tasks.calls.indexOf("Silver" + source + "Job")).isLessThan(tasks.calls.indexOf("GoldJob"));
    }
    assertThat(tasks.calls.subList(tasks.calls.indexOf("GoldJob"), tasks.calls.size()))
        .containsExactly("GoldJob", "query:SELECT 'it''s' AS q@local", "results:q1", "sns:Lakehouse pipeline succeeded", RELEASE + "run-1");
    // States.Format with the execution name from the context object
    assertThat(tasks.published.get(0).path("Message").asText()).isEqualTo("Pipeline run-1 succeeded.");
    assertThat(tasks.published.get(0).path("TopicArn").asText()).as("success pages no one").isEqualTo("arn:local:notices");
    // every job records the execution as its run, and the quality check counts that run's failures only
    assertThat(tasks.jobParameters).hasSize(9).allSatisfy(p -> assertThat(p.path("Arguments").path("--run-id").asText()).isEqualTo("run-1"));
    // and writes under the execution's lease, which the execution releases at its end
    assertThat(tasks.jobParameters).allSatisfy(p -> assertThat(p.path("Arguments").path("--lease-owner").asText())
        .isEqualTo(StateMachine.executionId("run-1")));
    assertThat(tasks.queryParameters.get(0).path("ExecutionParameters")).containsExactly(JsonNodeFactory.instance.textNode("run-1"));
  }

  @Test
  void aJobRunThatFailsOnceIsRunAgainAndTheExecutionSucceeds() throws Exception {
    Recording tasks = new Recording(null, "0");
    tasks.flaky = "GoldJob";
    StateMachine.load(ASL, substitutions(), "run-4", tasks, SILENT).run(JsonNodeFactory.instance.objectNode());
    assertThat(tasks.calls.stream().filter("GoldJob"::equals)).hasSize(2);
    assertThat(tasks.calls).endsWith("sns:Lakehouse pipeline succeeded", RELEASE + "run-4");
  }

  @Test
  void aFailingJobIsCaughtNotifiedAndFailsTheExecutionWithoutRunningGold() throws Exception {
    Recording tasks = new Recording("SilverUsersJob", "0");
    assertThatThrownBy(() -> StateMachine.load(ASL, substitutions(), "run-2", tasks, SILENT).run(JsonNodeFactory.instance.objectNode()))
        .isInstanceOf(StateMachine.ExecutionFailed.class)
        .hasMessageContaining("PipelineFailed");
    // a failed job run is run again twice (States.TaskFailed), then the failure is caught
    assertThat(tasks.calls.stream().filter("SilverUsersJob"::equals)).hasSize(3);
    assertThat(tasks.calls).doesNotContain("GoldJob").endsWith("sns:Lakehouse pipeline failed", RELEASE + "run-2");
    String message = tasks.published.get(0).path("Message").asText();
    assertThat(message).startsWith("Pipeline run-2 failed: ").contains("SilverUsersJob broke");
    assertThat(tasks.published.get(0).path("TopicArn").asText()).isEqualTo("arn:local:alerts");
    assertThat(JSON.readTree(message.substring("Pipeline run-2 failed: ".length())).path("Error").asText()).isEqualTo("States.TaskFailed");
  }

  @Test
  void qualityFailuresTakeTheQualityNotificationAndFail() throws Exception {
    Recording tasks = new Recording(null, "3");
    assertThatThrownBy(() -> StateMachine.load(ASL, substitutions(), "run-3", tasks, SILENT).run(JsonNodeFactory.instance.objectNode()))
        .isInstanceOf(StateMachine.ExecutionFailed.class);
    assertThat(tasks.calls).endsWith("sns:Lakehouse data-quality failures", RELEASE + "run-3");
    assertThat(tasks.published.get(0).path("Message").asText()).contains("3 error-level data-quality failures");
    assertThat(tasks.published.get(0).path("TopicArn").asText()).isEqualTo("arn:local:alerts");
  }

  @Test
  void theEmrServerlessFormOfTheDefinitionRunsTheSameJobsInTheSameOrderWithTheirArguments(@TempDir Path dir) throws Exception {
    // the definition as an environment with features.emrServerless deploys it, with local stand-ins for the AWS names
    Path emr = dir.resolve("emr.asl.json");
    Files.writeString(emr, dev.lakehouse.contract.pipeline.EmrServerlessDefinition.of(Files.readString(ASL), job ->
        new dev.lakehouse.contract.pipeline.EmrServerlessDefinition.JobRun("local", "local:" + job.access().id(), "local.jar",
            "--class " + dev.lakehouse.contract.pipeline.PipelineJob.ENTRY_CLASS, 60,
            Map.of("lakehouse-job", job.id(), "lookback-days", "it's 2"), Map.of())));
    List<JobRunRequest> runs = new ArrayList<>();
    Recording tasks = new Recording(null, "0") {
      @Override
      public JsonNode invoke(String state, String resource, JsonNode parameters) {
        var run = JobRunRequest.of(resource, parameters);
        if (run.isEmpty()) {
          return super.invoke(state, resource, parameters);
        }
        runs.add(run.get());
        calls.add(run.get().job().pipelineName());
        return JsonNodeFactory.instance.objectNode().put("JobRunId", "r" + runs.size());
      }
    };
    StateMachine.load(emr, substitutions(), "run-7", tasks, SILENT).run(JsonNodeFactory.instance.objectNode());

    assertThat(runs).hasSize(9);
    for (String source : List.of("Orders", "Clickstream", "Transactions", "Users")) {
      assertThat(tasks.calls.indexOf("Bronze" + source + "Job")).isNotNegative().isLessThan(tasks.calls.indexOf("Silver" + source + "Job"));
    }
    assertThat(tasks.calls.subList(tasks.calls.indexOf("GoldJob"), tasks.calls.size()))
        .containsExactly("GoldJob", "query:SELECT 'it''s' AS q@local", "results:q1", "sns:Lakehouse pipeline succeeded", RELEASE + "run-7");
    // the execution's name reaches every job as its run id, and escaped literals arrive as written
    assertThat(runs).allSatisfy(r -> assertThat(r.arguments()).containsEntry("run-id", "run-7").containsEntry("lookback-days", "it's 2")
        .containsEntry("lease-owner", StateMachine.executionId("run-7")).doesNotContainKey("lakehouse-job"));
  }

  @Test
  void aPlaceholderWithoutALocalValueIsRefusedByName(@TempDir Path dir) throws Exception {
    Path asl = dir.resolve("x.asl.json");
    Files.writeString(asl, Files.readString(ASL).replace("${GoldJob}", "${SomethingNew}"));
    assertThatThrownBy(() -> StateMachine.load(asl, substitutions(), "x", new Recording(null, "0"), SILENT))
        .hasMessageContaining("no local substitution for ${SomethingNew}");
  }
}
