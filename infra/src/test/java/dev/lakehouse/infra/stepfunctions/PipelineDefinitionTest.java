package dev.lakehouse.infra.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.contract.pipeline.PipelineSubstitutions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one ASL file CDK deploys (and local mode follows) is valid and has the required shape. */
class PipelineDefinitionTest {
  static final Path ASL = Path.of("..", "stepfunctions", "lakehouse-pipeline.asl.json");

  @Test
  void passesAslValidator() throws Exception {
    Path validator = Path.of("..", "node_modules", ".bin", "asl-validator");
    assertThat(validator).as("npm ci (run by this module's build) installs it").exists();
    Process p = new ProcessBuilder(validator.toString(), "--json-path", ASL.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("is valid");
  }

  @Test
  void bronzeAndSilverRunPerSourceInParallelThenGoldThenQualityThenNotify() throws IOException {
    JsonNode asl = new ObjectMapper().readTree(ASL.toFile());
    JsonNode states = asl.get("States");
    assertThat(asl.get("StartAt").asText()).isEqualTo("Bronze and silver");
    JsonNode parallel = states.get("Bronze and silver");
    assertThat(parallel.get("Type").asText()).isEqualTo("Parallel");
    List<String> firstStates = new ArrayList<>();
    for (JsonNode b : parallel.get("Branches")) {
      firstStates.add(b.get("StartAt").asText());
      JsonNode bronze = b.get("States").get(b.get("StartAt").asText());
      assertThat(bronze.get("Resource").asText()).isEqualTo("arn:aws:states:::glue:startJobRun.sync");
      assertThat(bronze.get("Retry").get(0).get("BackoffRate").asDouble()).isGreaterThan(1);
      assertThat(b.get("States").get(bronze.get("Next").asText()).get("Resource").asText()).endsWith("glue:startJobRun.sync");
    }
    assertThat(firstStates).containsExactlyInAnyOrder("Bronze orders", "Bronze clickstream", "Bronze transactions", "Bronze users");
    assertThat(parallel.get("Next").asText()).isEqualTo("Gold");
    assertThat(parallel.get("Catch").get(0).get("Next").asText()).isEqualTo("Notify failure");
    assertThat(states.get("Gold").get("Next").asText()).isEqualTo("Quality check");
    assertThat(states.get("Quality check").get("Resource").asText()).endsWith("athena:startQueryExecution.sync");
    assertThat(states.get("Notify failure").get("Resource").asText()).isEqualTo("arn:aws:states:::sns:publish");
  }

  /**
   * Every Glue job run records the execution as its run id and is run again, a bounded number of
   * times with backoff, when it fails; the quality check counts this execution's failures only,
   * so a rerun after a failed run is judged on its own.
   */
  @Test
  void everyJobRunIsRetriedWhenItFailsAndTheQualityCheckIsScopedToTheExecution() throws IOException {
    JsonNode states = new ObjectMapper().readTree(ASL.toFile()).get("States");
    List<JsonNode> jobs = new ArrayList<>();
    states.get("Bronze and silver").get("Branches").forEach(b -> b.get("States").forEach(jobs::add));
    jobs.add(states.get("Gold"));
    assertThat(jobs).hasSize(9).allSatisfy(job -> {
      assertThat(job.get("Resource").asText()).isEqualTo("arn:aws:states:::glue:startJobRun.sync");
      assertThat(job.at("/Parameters/Arguments/--run-id.$").asText()).isEqualTo("$$.Execution.Name");
      JsonNode failed = null;
      for (JsonNode r : job.get("Retry")) {
        if (r.get("ErrorEquals").toString().equals("[\"States.TaskFailed\"]")) {
          failed = r;
        }
      }
      assertThat(failed).as("a retrier for a failed job run").isNotNull();
      assertThat(failed.get("MaxAttempts").asInt()).isBetween(1, 3);
      assertThat(failed.get("BackoffRate").asDouble()).isGreaterThan(1);
      // the specific Glue errors keep their own retrier: it comes first, as the first match applies
      assertThat(job.get("Retry").get(0).get("ErrorEquals").toString()).contains("Glue.ConcurrentRunsExceededException");
    });
    assertThat(states.at("/Quality check/Parameters/ExecutionParameters.$").asText()).isEqualTo("States.Array($$.Execution.Name)");
    String query = dev.lakehouse.contract.pipeline.PipelineFiles.qualityQuery();
    assertThat(query).contains("run_id = ?").doesNotContain("INTERVAL").doesNotContain("current_timestamp");
    assertThat(query.chars().filter(c -> c == '?').count()).as("one parameter: the execution name").isEqualTo(1);
  }

  @Test
  void everySubstitutionIsOneTheAppProvides() throws IOException {
    assertThat(placeholders("[A-Za-z]+")).isNotEmpty().allMatch(PipelineSubstitutions.NAMES::contains);
  }

  @Test
  void theDefinitionStartsExactlyTheCatalogsPipelineJobs() throws IOException {
    Set<String> started = new TreeSet<>(placeholders("[A-Za-z]+Job"));
    Set<String> catalog = new TreeSet<>();
    for (PipelineJob job : PipelineJob.values()) {
      catalog.add(job.pipelineName());
    }
    Set<String> pipeline = new TreeSet<>(PipelineJob.inPipeline().stream().map(PipelineJob::pipelineName).toList());
    assertThat(started).as("jobs the definition names that the catalog lacks").isSubsetOf(catalog);
    assertThat(started).as("the definition may start only Launch.PIPELINE jobs").isSubsetOf(pipeline);
    assertThat(pipeline).as("Launch.PIPELINE jobs the definition does not start").isSubsetOf(started);
  }

  /** The {@code ${name}} placeholders of the definition whose names match {@code name}, in order. */
  private static List<String> placeholders(String name) throws IOException {
    Matcher m = Pattern.compile("\\$\\{(" + name + ")}").matcher(Files.readString(ASL));
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
