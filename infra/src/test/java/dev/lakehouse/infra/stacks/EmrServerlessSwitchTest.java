package dev.lakehouse.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.contract.pipeline.EmrServerlessDefinition;
import dev.lakehouse.contract.pipeline.JobAccess;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.infra.LakehouseApp;
import dev.lakehouse.infra.config.EnvironmentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code features.emrServerless} switches the engine: with it on, the same state machine starts an
 * EMR Serverless job run for every job of the definition, under that job's EMR role; with it off,
 * Glue job runs. Staging's file with the switch flipped stands for an environment that turns it on.
 */
class EmrServerlessSwitchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static List<Stack> emrStacks;

  @BeforeAll
  static void synthesizeStagingWithTheSwitchOn() throws Exception {
    Path envs = Files.createDirectories(dir.resolve("environments"));
    ObjectNode staging = (ObjectNode) JSON.readTree(Files.readString(Path.of("..", "environments", "staging.json")));
    ((ObjectNode) staging.path("features")).put("emrServerless", true);
    Files.writeString(envs.resolve("staging.json"), JSON.writeValueAsString(staging));
    emrStacks = LakehouseApp.build(new App(AppProps.builder().outdir(dir.resolve("out").toString()).build()),
        EnvironmentConfig.load(envs, "staging"));
  }

  @Test
  void switchedOnEveryJobOfThePipelineIsAnEmrServerlessRunUnderItsStagesRole() {
    Template orchestration = template(emrStacks, "orchestration");
    JsonNode definition = definition(orchestration);
    List<JsonNode> tasks = tasks(definition);
    assertThat(tasks).extracting(t -> t.path("Resource").asText()).doesNotContain(EmrServerlessDefinition.GLUE_RUN);
    List<JsonNode> runs = tasks.stream().filter(t -> t.path("Resource").asText().equals(EmrServerlessDefinition.EMR_RUN)).toList();
    assertThat(runs).hasSize(PipelineJob.inPipeline().size());
    Template compute = template(emrStacks, "compute");
    for (JsonNode run : runs) {
      JsonNode p = run.path("Parameters");
      PipelineJob job = PipelineJob.byPipelineName(p.path("Name").asText().replaceAll("[${}]", ""));
      // the role and application are the compute stack's, passed by export
      assertThat(p.path("ExecutionRoleArn").asText()).contains("EmrJobRoles" + job.access().name());
      assertThat(p.path("ApplicationId").asText()).contains("EmrServerless");
      assertThat(p.path("JobDriver").path("SparkSubmit").path("SparkSubmitParameters").asText())
          .startsWith("--class " + PipelineJob.ENTRY_CLASS + " ");
      // the same arguments the job's Glue definition has, its id first among them, and the execution's run id
      String arguments = p.path("JobDriver").path("SparkSubmit").path("EntryPointArguments.$").asText();
      assertThat(arguments).contains("'--lakehouse-job', '" + job.id() + "'").contains("'--catalog', 'glue'")
          .contains("'--run-id', $$.Execution.Name").endsWith("'--lease-owner', $$.Execution.Id)");
      assertThat(arguments.contains("--pii-hash-key-secret")).isEqualTo(job.access().piiKey());
    }
    // EMR roles: one per stage the pipeline runs, trusted by EMR Serverless for this account only
    for (JobAccess access : List.of(JobAccess.BRONZE, JobAccess.SILVER, JobAccess.GOLD)) {
      compute.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("RoleName", "lakehouse-staging-emr-" + access.id(),
          "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
              "Principal", Map.of("Service", "emr-serverless.amazonaws.com"),
              "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", Stacks.config("staging").account()))))))))));
    }
    RoleGrants gold = RoleGrants.of(compute, "lakehouse-staging-emr-gold");
    assertThat(gold.allows("s3:GetObject", RoleGrants.LAKE + "/landing/users/x.jsonl")).isFalse();
    assertThat(gold.actions()).noneMatch(a -> a.startsWith("secretsmanager:"));
    // the pipeline may start runs on its application and pass only the EMR roles, and starts no Glue job
    String policy = pipelinePolicy(orchestration);
    assertThat(policy).contains("emr-serverless:StartJobRun").contains("iam:PassedToService").contains("StepFunctionsGetEventsForEMRServerlessJobRule")
        .doesNotContain("glue:StartJobRun");
    compute.resourceCountIs("AWS::EMRServerless::Application", 1);
    // one run per pipeline branch at a time; different writers are kept apart by the writer lease
    compute.hasResourceProperties("AWS::EMRServerless::Application", Match.objectLike(Map.of("SchedulerConfiguration",
        Map.of("MaxConcurrentRuns", dev.lakehouse.contract.Source.values().length, "QueueTimeoutMinutes", Match.anyValue()))));
  }

  @Test
  @SuppressWarnings("unchecked")
  void switchedOffEveryJobIsAGlueRunOfTheFilesDefinition() throws Exception {
    Template orchestration = Stacks.template("staging", "orchestration");
    Map<String, Object> machine = orchestration.findResources("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of("Properties",
        Match.objectLike(Map.of("StateMachineName", "lakehouse-staging-pipeline"))))).values().iterator().next();
    Map<String, Object> props = (Map<String, Object>) machine.get("Properties");
    // the file itself, uploaded, with the Glue job names filled in
    assertThat(props).containsKey("DefinitionS3Location").doesNotContainKey("DefinitionString");
    Map<String, Object> substitutions = (Map<String, Object>) props.get("DefinitionSubstitutions");
    for (PipelineJob job : PipelineJob.inPipeline()) {
      assertThat(substitutions.get(job.pipelineName())).isEqualTo(job.deployedName("staging"));
    }
    List<JsonNode> tasks = tasks(JSON.readTree(Files.readString(dev.lakehouse.contract.pipeline.PipelineFiles.definition())));
    assertThat(tasks.stream().filter(t -> t.path("Resource").asText().equals(EmrServerlessDefinition.GLUE_RUN)))
        .hasSize(PipelineJob.inPipeline().size());
    assertThat(pipelinePolicy(orchestration)).contains("glue:StartJobRun").doesNotContain("emr-serverless:").doesNotContain("iam:PassRole");
    Stacks.template("staging", "compute").resourceCountIs("AWS::EMRServerless::Application", 0);
  }

  /** The pipeline state machine's role policy (the erasure machine, in the same stack, starts its Glue job either way). */
  private static String pipelinePolicy(Template t) {
    return t.findResources("AWS::IAM::Policy").entrySet().stream().filter(e -> e.getKey().startsWith("PipelineRoleDefaultPolicy"))
        .map(e -> e.getValue().toString()).findFirst().orElseThrow();
  }

  @Test
  void switchedOnTheThreeNagPacksStayClean() {
    List<String> findings = new ArrayList<>();
    for (Stack s : emrStacks) {
      Template.fromStack(s);
      Annotations a = Annotations.fromStack(s);
      a.findError("*", Match.stringLikeRegexp(".*")).forEach(m -> findings.add(s.getStackName() + " " + m.getId() + ": " + m.getEntry().getData()));
      a.findWarning("*", Match.stringLikeRegexp(".*")).forEach(m -> findings.add(s.getStackName() + " " + m.getId() + ": " + m.getEntry().getData()));
    }
    assertThat(findings).isEmpty();
  }

  private static Template template(List<Stack> stacks, String concern) {
    return Template.fromStack(stacks.stream().filter(s -> s.getStackName().endsWith("-" + concern)).findFirst().orElseThrow());
  }

  /** The state machine's definition, its tokens rendered as text ({@code import:<export>}, see {@link RoleGrants#render}). */
  @SuppressWarnings("unchecked")
  private static JsonNode definition(Template t) {
    Map<String, Object> machine = t.findResources("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of("Properties",
        Match.objectLike(Map.of("StateMachineName", Match.stringLikeRegexp(".*-pipeline")))))).values().iterator().next();
    Object body = ((Map<String, Object>) machine.get("Properties")).get("DefinitionString");
    try {
      return JSON.readTree(RoleGrants.render(body));
    } catch (Exception e) {
      throw new AssertionError("definition is not JSON: " + body, e);
    }
  }

  private static List<JsonNode> tasks(JsonNode definition) {
    List<JsonNode> out = new ArrayList<>();
    collect(definition.path("States"), out);
    return out;
  }

  private static void collect(JsonNode states, List<JsonNode> out) {
    states.forEach(s -> {
      if ("Task".equals(s.path("Type").asText())) {
        out.add(s);
      }
      s.path("Branches").forEach(b -> collect(b.path("States"), out));
    });
  }
}
