package dev.lakehouse.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.contract.pipeline.DeployedNames;
import dev.lakehouse.contract.pipeline.EmrServerlessDefinition;
import dev.lakehouse.contract.pipeline.JobAccess;
import dev.lakehouse.contract.pipeline.LakeLease;
import dev.lakehouse.contract.pipeline.PipelineFiles;
import dev.lakehouse.contract.pipeline.PipelineJob;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * One writer lease for every writer: every Glue job is given the lease table and its role may take
 * the lease; every state machine passes its execution as the lease owner to each job it runs, and
 * every way out of it after a job passes through the release of that execution's lease.
 */
class WriterLeaseTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyJobTakesTheLeaseAndEveryStateMachineReleasesIt(String env) throws Exception {
    Template compute = Stacks.template(env, "compute");
    compute.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of("TableName", DeployedNames.leaseTable(env),
        "KeySchema", List.of(Map.of("AttributeName", LakeLease.KEY_ATTRIBUTE, "KeyType", "HASH")),
        "SSESpecification", Match.objectLike(Map.of("SSEEnabled", true, "SSEType", "KMS")))));
    String table = compute.findResources("AWS::DynamoDB::Table").keySet().stream().filter(k -> k.startsWith("Leases")).findFirst().orElseThrow();
    for (PipelineJob job : PipelineJob.values()) {
      compute.hasResourceProperties("AWS::Glue::Job", Match.objectLike(Map.of("Name", job.deployedName(env),
          "DefaultArguments", Match.objectLike(Map.of("--lease-table", Map.of("Ref", table))))));
    }
    for (JobAccess access : Arrays.stream(PipelineJob.values()).map(PipelineJob::access).distinct().toList()) {
      RoleGrants role = RoleGrants.of(compute, "lakehouse-" + env + "-glue-" + access.id());
      for (String action : List.of("dynamodb:UpdateItem", "dynamodb:GetItem", "dynamodb:DeleteItem")) {
        assertThat(role.allows(action, "getatt:[" + table + ", Arn]")).as(access + " " + action).isTrue();
      }
    }

    Template orchestration = Stacks.template(env, "orchestration");
    Map<String, Map<String, Object>> machines = orchestration.findResources("AWS::StepFunctions::StateMachine");
    assertThat(machines).hasSize(2);
    for (Map<String, Object> machine : machines.values()) {
      assertEveryJobSharesAndEveryEndReleases(definition(machine));
    }
  }

  /** The file the pipeline deploys, and its EMR Serverless form, pass the lease owner to every job run. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void bothEnginesFormsPassTheLeaseOwner(boolean emr) throws Exception {
    String file = Files.readString(PipelineFiles.definition());
    String definition = emr ? EmrServerlessDefinition.of(file, job -> new EmrServerlessDefinition.JobRun("app", "role", "jar", "--class x", 60,
        Map.of(), Map.of())) : file;
    assertEveryJobSharesAndEveryEndReleases(JSON.readTree(definition));
  }

  @SuppressWarnings("unchecked")
  private static JsonNode definition(Map<String, Object> machine) throws Exception {
    Map<String, Object> props = (Map<String, Object>) machine.get("Properties");
    if (props.containsKey("DefinitionS3Location")) {
      return JSON.readTree(Files.readString(PipelineFiles.definition())); // the file itself, uploaded
    }
    return JSON.readTree(RoleGrants.render(props.get("DefinitionString")));
  }

  private static void assertEveryJobSharesAndEveryEndReleases(JsonNode definition) {
    Map<String, JsonNode> states = new java.util.HashMap<>();
    Map<String, String> parallelOf = new java.util.HashMap<>();
    collect(definition.path("States"), null, states, parallelOf);
    List<String> jobs = states.entrySet().stream().filter(e -> isJobRun(e.getValue())).map(Map.Entry::getKey).toList();
    assertThat(jobs).isNotEmpty();
    for (String name : jobs) {
      JsonNode p = states.get(name).path("Parameters");
      String owner = p.path("Arguments").path("--lease-owner.$").asText(null);
      String emrArguments = p.path("JobDriver").path("SparkSubmit").path("EntryPointArguments.$").asText("");
      assertThat(owner != null ? owner : emrArguments).as(name + " passes its execution as the lease owner")
          .satisfiesAnyOf(o -> assertThat(o).isEqualTo("$$.Execution.Id"), o -> assertThat(o).contains("'--lease-owner', $$.Execution.Id"));
      // every way on from a job (its Next, its Catch, its branch's end) reaches an end only through a release of the lease
      for (String n : successors(name, states, parallelOf)) {
        assertReleasedBeforeEveryEnd(n, states, parallelOf, name);
      }
    }
  }

  private static void assertReleasedBeforeEveryEnd(String name, Map<String, JsonNode> states, Map<String, String> parallelOf, String path) {
    JsonNode s = states.get(name);
    assertThat(s).as("state " + name).isNotNull();
    if (isJobRun(s)) {
      return; // checked from that job
    }
    if (s.path("Resource").asText().endsWith(":states:::dynamodb:deleteItem")) {
      assertThat(s.path("Parameters").path("Key").toString()).contains("\"" + LakeLease.KEY_ATTRIBUTE + "\":{\"S\":\"" + LakeLease.KEY + "\"}");
      assertThat(s.path("Parameters").path("ExpressionAttributeValues").toString()).contains("$$.Execution.Id");
      return;
    }
    List<String> next = successors(name, states, parallelOf);
    assertThat(next).as("an end reached from a job without releasing the lease: " + path + " > " + name).isNotEmpty();
    for (String n : next) {
      assertReleasedBeforeEveryEnd(n, states, parallelOf, path + " > " + name);
    }
  }

  /** Where a state can go next; the end of a parallel branch goes on where its Parallel state does. Empty: the machine ends. */
  private static List<String> successors(String name, Map<String, JsonNode> states, Map<String, String> parallelOf) {
    JsonNode s = states.get(name);
    List<String> next = new ArrayList<>();
    if (s.has("Next")) {
      next.add(s.path("Next").asText());
    }
    s.path("Choices").forEach(c -> next.add(c.path("Next").asText()));
    if (s.has("Default")) {
      next.add(s.path("Default").asText());
    }
    s.path("Catch").forEach(c -> next.add(c.path("Next").asText()));
    boolean ends = s.path("End").asBoolean(false) || List.of("Succeed", "Fail").contains(s.path("Type").asText());
    if (ends && parallelOf.containsKey(name) && !s.path("Type").asText().equals("Fail")) {
      next.addAll(successors(parallelOf.get(name), states, parallelOf).stream().filter(n -> !n.equals(name)).toList());
    } else if (s.path("Type").asText().equals("Fail") && parallelOf.containsKey(name)) {
      states.get(parallelOf.get(name)).path("Catch").forEach(c -> next.add(c.path("Next").asText()));
    }
    return next;
  }

  private static boolean isJobRun(JsonNode s) {
    String r = s.path("Resource").asText();
    return r.equals(EmrServerlessDefinition.GLUE_RUN) || r.equals(EmrServerlessDefinition.EMR_RUN);
  }

  private static void collect(JsonNode states, String parallel, Map<String, JsonNode> out, Map<String, String> parallelOf) {
    states.fields().forEachRemaining(e -> {
      out.put(e.getKey(), e.getValue());
      if (parallel != null) {
        parallelOf.put(e.getKey(), parallel);
      }
      e.getValue().path("Branches").forEach(b -> collect(b.path("States"), e.getKey(), out, parallelOf));
    });
  }
}
