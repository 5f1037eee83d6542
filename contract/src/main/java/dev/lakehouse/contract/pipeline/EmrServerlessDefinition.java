package dev.lakehouse.contract.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The pipeline definition with every Glue job run ({@code glue:startJobRun.sync}) replaced by an EMR
 * Serverless job run ({@code emr-serverless:startJobRun.sync}) of the same catalog job: the same
 * jar's entry class, the job's arguments as {@code --key value} entry-point arguments (the task's own
 * {@code .$} arguments still read the execution, e.g. the run id), its role and sizing. States,
 * order, retries on {@code States.*} errors and catches are the file's; retries on Glue's own errors
 * are dropped (EMR Serverless never raises them). Parameter names follow
 * docs.aws.amazon.com/step-functions/latest/dg/connect-emr-serverless.html.
 */
public final class EmrServerlessDefinition {
  public static final String GLUE_RUN = "arn:aws:states:::glue:startJobRun.sync";
  public static final String EMR_RUN = "arn:aws:states:::emr-serverless:startJobRun.sync";

  /**
   * How one catalog job runs on EMR Serverless.
   *
   * @param arguments the job's arguments, keys without {@code --} ({@link JobArgs}), {@link JobArgs#JOB} included
   * @param configurationOverrides the run's {@code ConfigurationOverrides} (logging), as JSON-ready maps
   */
  public record JobRun(String applicationId, String executionRoleArn, String entryPoint, String sparkSubmitParameters,
      int timeoutMinutes, Map<String, String> arguments, Map<String, Object> configurationOverrides) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private EmrServerlessDefinition() {}

  /** {@code definition} (the file's text) with each job task as an EMR Serverless run; {@code runs} by the task's catalog job. */
  public static String of(String definition, Function<PipelineJob, JobRun> runs) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(definition);
      convert(root.path("States"), runs);
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the pipeline definition is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void convert(JsonNode states, Function<PipelineJob, JobRun> runs) {
    for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ObjectNode state = (ObjectNode) e.getValue();
      state.path("Branches").forEach(b -> convert(b.path("States"), runs));
      if (state.has("ItemProcessor")) {
        convert(state.path("ItemProcessor").path("States"), runs);
      }
      if (GLUE_RUN.equals(state.path("Resource").asText())) {
        String placeholder = state.path("Parameters").path("JobName").asText();
        if (!placeholder.matches("\\$\\{[A-Za-z]+}")) {
          throw new IllegalArgumentException("state '" + e.getKey() + "' names its Glue job '" + placeholder
              + "', not a catalog placeholder ${...Job}");
        }
        PipelineJob job = PipelineJob.byPipelineName(placeholder.substring(2, placeholder.length() - 1));
        state.put("Resource", EMR_RUN);
        state.set("Parameters", parameters(placeholder, runs.apply(job), state.path("Parameters").path("Arguments")));
        dropGlueRetries(state);
      }
    }
  }

  private static ObjectNode parameters(String name, JobRun run, JsonNode taskArguments) {
    ObjectNode p = JSON.createObjectNode();
    p.put("ApplicationId", run.applicationId());
    p.put("ExecutionRoleArn", run.executionRoleArn());
    p.put("Name", name);
    p.put("ExecutionTimeoutMinutes", run.timeoutMinutes());
    ObjectNode submit = p.putObject("JobDriver").putObject("SparkSubmit");
    submit.put("EntryPoint", run.entryPoint());
    submit.put("EntryPointArguments.$", entryPointArguments(run.arguments(), taskArguments));
    submit.put("SparkSubmitParameters", run.sparkSubmitParameters());
    p.set("ConfigurationOverrides", JSON.valueToTree(run.configurationOverrides()));
    return p;
  }

  /**
   * {@code States.Array('--k', 'v', ..., '--run-id', $$.Execution.Name)}: the job's arguments as
   * literals, then the task's own (a {@code .$} one as its path), so the task's win where both set a key.
   */
  static String entryPointArguments(Map<String, String> arguments, JsonNode taskArguments) {
    List<String> items = new ArrayList<>();
    arguments.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(a -> {
      items.add(literal(JobArgs.flag(a.getKey())));
      items.add(literal(a.getValue()));
    });
    for (Iterator<Map.Entry<String, JsonNode>> it = taskArguments.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> a = it.next();
      if (a.getKey().endsWith(".$")) {
        items.add(literal(a.getKey().substring(0, a.getKey().length() - 2)));
        items.add(a.getValue().asText());
      } else {
        items.add(literal(a.getKey()));
        items.add(literal(a.getValue().asText()));
      }
    }
    return "States.Array(" + String.join(", ", items) + ")";
  }

  /** An intrinsic function's string literal: quotes, braces and backslashes escaped. */
  static String literal(String s) {
    return "'" + s.replaceAll("([\\\\'{}])", "\\\\$1") + "'";
  }

  private static void dropGlueRetries(ObjectNode state) {
    if (!(state.get("Retry") instanceof ArrayNode retries)) {
      return;
    }
    ArrayNode kept = JSON.createArrayNode();
    for (JsonNode r : retries) {
      ArrayNode errors = JSON.createArrayNode();
      r.path("ErrorEquals").forEach(err -> {
        if (!err.asText().startsWith("Glue.")) {
          errors.add(err);
        }
      });
      if (!errors.isEmpty()) {
        ((ObjectNode) r).set("ErrorEquals", errors);
        kept.add(r);
      }
    }
    state.set("Retry", kept);
  }
}
