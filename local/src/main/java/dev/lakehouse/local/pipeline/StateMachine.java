package dev.lakehouse.local.pipeline;

import dev.lakehouse.contract.pipeline.PipelineJob;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Runs an Amazon States Language definition — the very file the orchestration stack deploys — on
 * this machine: {@code Task}, {@code Parallel} (branches one after another: one Spark session),
 * {@code Choice}, {@code Pass}, {@code Succeed} and {@code Fail} states with {@code Parameters},
 * {@code ResultSelector}, {@code ResultPath}, {@code Retry} and {@code Catch}, JSONPath references
 * ({@code $.a.b[1]}, {@code $$.Execution.Name}) and the {@code States.Format} /
 * {@code States.JsonToString} intrinsics. {@code ${Name}} placeholders are filled from the
 * substitutions, as CloudFormation does with {@code DefinitionSubstitutions}. What a Task does is
 * up to {@link Tasks}: locally, the Spark jobs, Spark SQL and the console.
 */
public final class StateMachine {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Performs a Task state's resource (e.g. {@code arn:aws:states:::glue:startJobRun.sync}). */
  public interface Tasks {
    JsonNode invoke(String state, String resource, JsonNode parameters) throws Exception;
  }

  /** Hears about each state as it runs (progress lines, the report). */
  public interface Listener {
    void entered(String state, String type);

    void left(String state, String type, long millis, JsonNode output, Throwable error);
  }

  /** A Task failed (after its retries) or a Fail state was reached. */
  public static final class ExecutionFailed extends RuntimeException {
    private final String error;

    public ExecutionFailed(String error, String cause, Throwable root) {
      super(error + ": " + cause, root);
      this.error = error;
    }

    public String error() {
      return error;
    }
  }

  private final JsonNode definition;
  private final String executionName;
  private final Tasks tasks;
  private final Listener listener;

  private StateMachine(JsonNode definition, String executionName, Tasks tasks, Listener listener) {
    this.definition = definition;
    this.executionName = executionName;
    this.tasks = tasks;
    this.listener = listener;
  }

  /** Reads {@code asl}, replacing each {@code ${Name}} with its substitution (every one must be given). */
  public static StateMachine load(Path asl, Map<String, String> substitutions, String executionName, Tasks tasks, Listener listener)
      throws IOException {
    String text = Files.readString(asl);
    for (var e : substitutions.entrySet()) {
      text = text.replace("${" + e.getKey() + "}", JSON.writeValueAsString(e.getValue()).replaceAll("^\"|\"$", ""));
    }
    java.util.regex.Matcher left = java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(text);
    if (left.find()) {
      throw new IllegalArgumentException(asl + ": no local substitution for ${" + left.group(1) + "}");
    }
    return new StateMachine(JSON.readTree(text), executionName, tasks, listener);
  }

  /** Runs the machine from StartAt; returns its output or throws {@link ExecutionFailed}. */
  public JsonNode run(JsonNode input) {
    return runStates(definition, input);
  }

  private JsonNode runStates(JsonNode machine, JsonNode input) {
    String name = machine.path("StartAt").asText();
    JsonNode data = input;
    while (true) {
      JsonNode state = machine.path("States").path(name);
      if (state.isMissingNode()) {
        throw new IllegalArgumentException("the definition has no state '" + name + "'");
      }
      String type = state.path("Type").asText();
      listener.entered(name, type);
      long start = System.nanoTime();
      JsonNode output;
      String next;
      try {
        if ("Choice".equals(type)) {
          next = choose(name, state, data);
          output = data;
        } else {
          output = runState(name, state, data);
          next = state.path("Next").asText();
        }
      } catch (StateError e) {
        JsonNode handler = catcher(state, e.error);
        listener.left(name, type, (System.nanoTime() - start) / 1_000_000, null, e);
        if (handler == null) {
          throw new ExecutionFailed(e.error, e.cause, e.getCause());
        }
        ObjectNode errorOutput = JsonNodeFactory.instance.objectNode().put("Error", e.error).put("Cause", e.cause);
        data = applyResultPath(data, handler.has("ResultPath") ? handler.get("ResultPath") : textNode("$"), errorOutput);
        name = handler.path("Next").asText();
        continue;
      }
      listener.left(name, type, (System.nanoTime() - start) / 1_000_000, output, null);
      if ("Fail".equals(type)) {
        throw new ExecutionFailed(state.path("Error").asText("States.Fail"), state.path("Cause").asText(""), null);
      }
      if ("Succeed".equals(type) || state.path("End").asBoolean(false)) {
        return output;
      }
      name = next;
      data = output;
    }
  }

  private JsonNode runState(String name, JsonNode state, JsonNode input) {
    switch (state.path("Type").asText()) {
      case "Task": {
        JsonNode params = state.has("Parameters") ? resolve(state.get("Parameters"), input) : input;
        JsonNode result = withRetries(name, state, params);
        if (state.has("ResultSelector")) {
          result = resolve(state.get("ResultSelector"), result);
        }
        return applyResultPath(input, state.get("ResultPath"), result);
      }
      case "Parallel": {
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        for (JsonNode branch : state.path("Branches")) {
          try {
            results.add(runStates(branch, input));
          } catch (ExecutionFailed e) {
            throw new StateError(e.error(), e.getMessage(), e);
          }
        }
        return applyResultPath(input, state.get("ResultPath"), results);
      }
      case "Pass":
        return applyResultPath(input, state.get("ResultPath"), state.has("Result") ? state.get("Result") : input);
      case "Succeed":
      case "Fail":
        return input;
      default:
        throw new IllegalArgumentException("state '" + name + "': type " + state.path("Type").asText() + " is not supported locally");
    }
  }

  /** The Choice state's next state: the first rule that matches, else its Default. */
  private String choose(String name, JsonNode state, JsonNode input) {
    for (JsonNode rule : state.path("Choices")) {
      if (matches(rule, input)) {
        return rule.path("Next").asText();
      }
    }
    if (!state.has("Default")) {
      throw new StateError("States.NoChoiceMatched", "no choice of '" + name + "' matched", null);
    }
    return state.get("Default").asText();
  }

  private JsonNode withRetries(String name, JsonNode state, JsonNode params) {
    int attempt = 0;
    while (true) {
      try {
        return tasks.invoke(name, state.path("Resource").asText(), params);
      } catch (Exception e) {
        String error = e instanceof StateError se ? se.error : "States.TaskFailed";
        JsonNode retrier = null;
        for (JsonNode r : state.path("Retry")) {
          if (errorMatches(r.path("ErrorEquals"), error)) {
            retrier = r;
            break;
          }
        }
        // locally the retryable errors (Glue capacity, Athena throttling) do not occur; no waiting
        if (retrier == null || attempt >= retrier.path("MaxAttempts").asInt(3)) {
          throw e instanceof StateError se ? se : new StateError(error, String.valueOf(e.getMessage()), e);
        }
        attempt++;
      }
    }
  }

  private static JsonNode catcher(JsonNode state, String error) {
    for (JsonNode c : state.path("Catch")) {
      if (errorMatches(c.path("ErrorEquals"), error)) {
        return c;
      }
    }
    return null;
  }

  private static boolean errorMatches(JsonNode names, String error) {
    for (JsonNode n : names) {
      // States.TaskFailed names any task error but a timeout, as on AWS
      if (n.asText().equals("States.ALL") || n.asText().equals(error)
          || (n.asText().equals("States.TaskFailed") && !error.equals("States.Timeout"))) {
        return true;
      }
    }
    return false;
  }

  private boolean matches(JsonNode rule, JsonNode input) {
    JsonNode value = JsonPaths.read(rule.path("Variable").asText(), input, context());
    if (rule.has("StringEquals")) {
      return value != null && value.isTextual() && value.asText().equals(rule.get("StringEquals").asText());
    }
    if (rule.has("NumericEquals")) {
      return value != null && value.isNumber() && value.asDouble() == rule.get("NumericEquals").asDouble();
    }
    if (rule.has("BooleanEquals")) {
      return value != null && value.isBoolean() && value.asBoolean() == rule.get("BooleanEquals").asBoolean();
    }
    throw new IllegalArgumentException("choice rule " + rule + " uses an operator not supported locally");
  }

  /** Parameters / ResultSelector: keys ending in {@code .$} take a path or an intrinsic. */
  private JsonNode resolve(JsonNode template, JsonNode input) {
    if (template.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
        var f = it.next();
        if (f.getKey().endsWith(".$")) {
          out.set(f.getKey().substring(0, f.getKey().length() - 2), Intrinsics.evaluate(f.getValue().asText(), input, context()));
        } else {
          out.set(f.getKey(), resolve(f.getValue(), input));
        }
      }
      return out;
    }
    if (template.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      template.forEach(v -> out.add(resolve(v, input)));
      return out;
    }
    return template;
  }

  /** The execution's ARN as Step Functions gives it in {@code $$.Execution.Id}, in a local account and region. */
  public static String executionId(String executionName) {
    return "arn:aws:states:local:000000000000:execution:" + PipelineJob.pipelineStateMachine("local") + ":" + executionName;
  }

  private JsonNode context() {
    ObjectNode ctx = JsonNodeFactory.instance.objectNode();
    ctx.putObject("Execution").put("Name", executionName).put("Id", executionId(executionName));
    return ctx;
  }

  private static JsonNode applyResultPath(JsonNode input, JsonNode resultPath, JsonNode result) {
    if (resultPath != null && resultPath.isNull()) {
      return input; // ResultPath: null keeps the input and drops the result
    }
    String path = resultPath == null ? "$" : resultPath.asText();
    if (path.equals("$")) {
      return result;
    }
    if (!path.startsWith("$.") || path.contains("[")) {
      throw new IllegalArgumentException("ResultPath " + path + " is not supported locally (use $ or $.a.b)");
    }
    ObjectNode out = input.isObject() ? ((ObjectNode) input).deepCopy() : JsonNodeFactory.instance.objectNode();
    ObjectNode at = out;
    String[] parts = path.substring(2).split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      at = at.has(parts[i]) && at.get(parts[i]).isObject() ? (ObjectNode) at.get(parts[i]) : at.putObject(parts[i]);
    }
    at.set(parts[parts.length - 1], result);
    return out;
  }

  private static JsonNode textNode(String s) {
    return JsonNodeFactory.instance.textNode(s);
  }

  /** An error raised inside a state, named as Step Functions names it. */
  static final class StateError extends RuntimeException {
    final String error;
    final String cause;

    StateError(String error, String cause, Throwable root) {
      super(error + ": " + cause, root);
      this.error = error;
      this.cause = cause;
    }
  }
}
