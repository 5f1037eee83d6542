package dev.lakehouse.contract.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmrServerlessDefinitionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyJobTaskBecomesAnEmrServerlessRunOfTheSameCatalogJobAndNothingElseChanges() throws Exception {
    String file = Files.readString(PipelineFiles.definition());
    JsonNode emr = JSON.readTree(EmrServerlessDefinition.of(file, job -> new EmrServerlessDefinition.JobRun("app-1",
        "arn:aws:iam::1:role/" + job.access().id(), "s3://assets/jobs.jar", "--class " + PipelineJob.ENTRY_CLASS, 120,
        Map.of(JobArgs.JOB, job.id(), JobArgs.WAREHOUSE, "s3://lake/"), Map.of("MonitoringConfiguration", Map.of()))));
    JsonNode glue = JSON.readTree(file);

    List<JsonNode> tasks = new ArrayList<>();
    collect(emr.path("States"), tasks);
    assertThat(tasks).extracting(t -> t.path("Resource").asText()).doesNotContain(EmrServerlessDefinition.GLUE_RUN);
    List<JsonNode> runs = tasks.stream().filter(t -> t.path("Resource").asText().equals(EmrServerlessDefinition.EMR_RUN)).toList();
    assertThat(runs).hasSize(PipelineJob.inPipeline().size());
    for (JsonNode run : runs) {
      JsonNode p = run.path("Parameters");
      PipelineJob job = PipelineJob.byPipelineName(p.path("Name").asText().replaceAll("[${}]", ""));
      assertThat(p.path("ApplicationId").asText()).isEqualTo("app-1");
      assertThat(p.path("ExecutionRoleArn").asText()).endsWith("role/" + job.access().id());
      assertThat(p.path("JobDriver").path("SparkSubmit").path("EntryPoint").asText()).isEqualTo("s3://assets/jobs.jar");
      assertThat(p.path("JobDriver").path("SparkSubmit").path("EntryPointArguments.$").asText()).isEqualTo(
          "States.Array('--lakehouse-job', '" + job.id() + "', '--warehouse', 's3://lake/', '--run-id', $$.Execution.Name, '--lease-owner', $$.Execution.Id)");
      // Glue's own errors are gone from the retriers; the States.* ones stay
      assertThat(run.path("Retry").toString()).doesNotContain("Glue.").contains("States.TaskFailed").contains("States.Timeout");
    }
    // the states, their order and their wiring are the file's
    assertThat(emr.path("StartAt")).isEqualTo(glue.path("StartAt"));
    assertThat(names(emr.path("States"))).isEqualTo(names(glue.path("States")));
    assertThat(emr.path("States").path("Gold").path("Next")).isEqualTo(glue.path("States").path("Gold").path("Next"));
    assertThat(emr.path("States").path("Gold").path("Catch")).isEqualTo(glue.path("States").path("Gold").path("Catch"));
  }

  @Test
  void literalsEscapeWhatIntrinsicFunctionsReserve() {
    assertThat(EmrServerlessDefinition.literal("it's {x} \\ y")).isEqualTo("'it\\'s \\{x\\} \\\\ y'");
  }

  private static void collect(JsonNode states, List<JsonNode> out) {
    states.forEach(s -> {
      if (s.path("Type").asText().equals("Task")) {
        out.add(s);
      }
      s.path("Branches").forEach(b -> collect(b.path("States"), out));
    });
  }

  private static List<String> names(JsonNode states) {
    List<String> out = new ArrayList<>();
    states.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
