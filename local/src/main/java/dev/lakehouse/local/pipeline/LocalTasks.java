package dev.lakehouse.local.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.contract.pipeline.PipelineSubstitutions;
import dev.lakehouse.jobs.JobRegistry;
import dev.lakehouse.jobs.LakehouseJob;
import dev.lakehouse.jobs.bronze.BronzeAppend;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.gold.GoldJob;
import dev.lakehouse.jobs.silver.SilverJob;
import dev.lakehouse.local.platform.LocalPlatform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * What the pipeline's Task states do on this machine: a {@code glue:startJobRun.sync} or
 * {@code emr-serverless:startJobRun.sync} ({@link JobRunRequest}) looks the job up in the catalog and
 * runs the same implementation Glue or EMR Serverless runs, in this Spark session; {@code athena:startQueryExecution.sync}
 * runs the query with Spark SQL on the local catalog and {@code athena:getQueryResults} returns it
 * in Athena's shape; {@code sns:publish} is written to the run's notifications; {@code dynamodb:deleteItem}
 * (the writer lease's release) acts on DynamoDB Local. Results of every
 * job are kept for the summary and the report.
 */
public final class LocalTasks implements StateMachine.Tasks {
  /** The pipeline's {@code ${...}} names for the local run: job names stay names, the rest are local stand-ins. */
  public static Map<String, String> substitutions(String qualityQuery) {
    Map<String, String> s = new HashMap<>();
    PipelineSubstitutions.JOBS.forEach(job -> s.put(job, job)); // runJob looks the name up in the catalog
    s.put(PipelineSubstitutions.QUALITY_QUERY, qualityQuery);
    s.put(PipelineSubstitutions.WORK_GROUP, "local");
    s.put(PipelineSubstitutions.ALERT_TOPIC, "local:alerts");
    s.put(PipelineSubstitutions.NOTICE_TOPIC, "local:notices");
    s.put(PipelineSubstitutions.LEASE_TABLE, LocalPlatform.LEASE_TABLE);
    return s;
  }

  /** One notification the pipeline published. */
  public record Notification(String subject, String message) {}

  private final SparkSession spark;
  private final JobConfig config;
  private final Optional<String> failState;
  private final Map<String, Long> bronzeRows = new LinkedHashMap<>();
  private final Map<String, SilverJob.Result> silver = new LinkedHashMap<>();
  private final Map<String, List<Row>> queries = new HashMap<>();
  private final List<Notification> notifications = new ArrayList<>();
  private final Map<String, String> details = new LinkedHashMap<>();
  private GoldJob.Result gold;

  private final DynamoDbClient dynamo;

  /**
   * {@code failState}: a Task state made to fail (to see, and test, the failure path); {@code dynamo}:
   * DynamoDB Local, where the definition's DynamoDB states act.
   */
  public LocalTasks(SparkSession spark, JobConfig config, Optional<String> failState, DynamoDbClient dynamo) {
    this.spark = spark;
    this.config = config;
    this.failState = failState;
    this.dynamo = dynamo;
  }

  @Override
  public JsonNode invoke(String state, String resource, JsonNode parameters) throws Exception {
    if (failState.filter(state::equals).isPresent()) {
      throw new IllegalStateException("stage '" + state + "' failed: forced with --fail-stage");
    }
    Optional<JobRunRequest> run = JobRunRequest.of(resource, parameters);
    if (run.isPresent()) {
      return runJob(state, run.get());
    }
    String service = resource.replaceFirst("^arn:aws:states:::", "");
    switch (service) {
      case "athena:startQueryExecution.sync": {
        String id = "q" + (queries.size() + 1);
        // Athena's ExecutionParameters fill the query's ? in order, as Spark's positional parameters do
        List<Object> args = new ArrayList<>();
        parameters.path("ExecutionParameters").forEach(a -> args.add(a.asText()));
        queries.put(id, spark.sql(parameters.path("QueryString").asText(), args.toArray()).collectAsList());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.putObject("QueryExecution").put("QueryExecutionId", id).putObject("Status").put("State", "SUCCEEDED");
        return out;
      }
      case "athena:getQueryResults":
        return athenaResultSet(queries.get(parameters.path("QueryExecutionId").asText()));
      case "sns:publish": {
        Notification n = new Notification(parameters.path("Subject").asText(), parameters.path("Message").asText());
        notifications.add(n);
        details.put(state, n.subject() + ": " + n.message());
        return JsonNodeFactory.instance.objectNode().put("MessageId", "local-" + notifications.size());
      }
      case "dynamodb:deleteItem":
        try {
          dynamo.deleteItem(b -> b.tableName(parameters.path("TableName").asText()).key(attributes(parameters.path("Key")))
              .conditionExpression(parameters.path("ConditionExpression").asText(null))
              .expressionAttributeNames(names(parameters.path("ExpressionAttributeNames")))
              .expressionAttributeValues(attributes(parameters.path("ExpressionAttributeValues"))));
        } catch (ConditionalCheckFailedException e) {
          // named as the Step Functions DynamoDB integration names it
          throw new StateMachine.StateError("DynamoDB.ConditionalCheckFailedException", e.getMessage(), e);
        }
        details.put(state, "released");
        return JsonNodeFactory.instance.objectNode();
      default:
        throw new IllegalArgumentException("state '" + state + "': resource " + resource + " has no local equivalent");
    }
  }

  /** The request's arguments go over the local configuration. */
  private JsonNode runJob(String state, JobRunRequest request) throws Exception {
    PipelineJob job = request.job();
    JobConfig run = config;
    for (var a : request.arguments().entrySet()) {
      run = run.with(a.getKey(), a.getValue());
    }
    LakehouseJob.Outcome outcome = JobRegistry.run(job, spark, run);
    if (outcome instanceof BronzeAppend b) {
      bronzeRows.merge(job.source().orElseThrow().id(), b.rows(), Long::sum);
    } else if (outcome instanceof SilverJob.Result r) {
      silver.put(job.source().orElseThrow().id(), r);
    } else if (outcome instanceof GoldJob.Result g) {
      gold = g;
    }
    details.put(state, outcome.summary());
    return JsonNodeFactory.instance.objectNode().put("JobName", job.pipelineName()).put("JobRunState", "SUCCEEDED");
  }

  /** DynamoDB's JSON attribute values ({@code {"S": "x"}}, {@code {"N": "1"}}) as the SDK's; null when absent. */
  private static Map<String, AttributeValue> attributes(JsonNode json) {
    if (json.isMissingNode() || json.isNull()) {
      return null;
    }
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    json.fields().forEachRemaining(f -> {
      JsonNode v = f.getValue();
      if (v.has("S")) {
        out.put(f.getKey(), AttributeValue.builder().s(v.get("S").asText()).build());
      } else if (v.has("N")) {
        out.put(f.getKey(), AttributeValue.builder().n(v.get("N").asText()).build());
      } else {
        throw new IllegalArgumentException("attribute " + f.getKey() + ": only S and N values are supported locally, got " + v);
      }
    });
    return out;
  }

  private static Map<String, String> names(JsonNode json) {
    if (json.isMissingNode() || json.isNull()) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    json.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
    return out;
  }

  /** Athena's GetQueryResults shape: the first row holds the column names. */
  private JsonNode athenaResultSet(List<Row> rows) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode list = out.putObject("ResultSet").putArray("Rows");
    if (rows == null) {
      throw new IllegalStateException("no such query execution");
    }
    if (!rows.isEmpty()) {
      ArrayNode header = list.addObject().putArray("Data");
      for (String f : rows.get(0).schema().fieldNames()) {
        header.addObject().put("VarCharValue", f);
      }
    }
    for (Row r : rows) {
      ArrayNode data = list.addObject().putArray("Data");
      for (int i = 0; i < r.size(); i++) {
        data.addObject().put("VarCharValue", r.isNullAt(i) ? null : String.valueOf(r.get(i)));
      }
    }
    return out;
  }

  public Map<String, Long> bronzeRows() {
    return bronzeRows;
  }

  public Map<String, SilverJob.Result> silver() {
    return silver;
  }

  public Optional<GoldJob.Result> gold() {
    return Optional.ofNullable(gold);
  }

  public List<Notification> notifications() {
    return notifications;
  }

  /** One line per Task state: what it did. */
  public String detail(String state) {
    return details.getOrDefault(state, "");
  }
}
