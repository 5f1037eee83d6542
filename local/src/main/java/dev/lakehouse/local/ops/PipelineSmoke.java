package dev.lakehouse.local.ops;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.pipeline.DeployedNames;
import dev.lakehouse.contract.pipeline.PipelineJob;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A deployed environment's pipeline, tried end to end on a tiny drop: the drop's landed files are
 * put where the transports deliver them in the lake bucket, the pipeline state machine is started
 * and awaited, and then Athena (the environment's work group) must show that run's reconciliation
 * balanced for every source with at least the rows uploaded, gold published by that run, and gold
 * rows on the drop's day. Order events travel through Kafka inside the VPC, which this machine
 * does not reach: the smoke covers the three file-borne sources.
 */
public final class PipelineSmoke {
  private static final Set<ExecutionStatus> RUNNING = Set.of(ExecutionStatus.RUNNING, ExecutionStatus.PENDING_REDRIVE);

  /** One object to upload: its lake key and the file. */
  public record Upload(String key, Path file) {}

  /** One check: the query (its {@code ?} is the execution name or the day) and what its single value must be. */
  public record Check(String what, String sql, List<String> parameters, java.util.function.LongPredicate expected, String expectation) {}

  /** The clients of the environment's region. */
  public record Clients(S3Client s3, SfnClient sfn, AthenaClient athena, CloudFormationClient cloudFormation) {}

  private final DeployedEnvironment env;
  private final Clients aws;
  private final PrintStream out;
  private final Duration poll;

  public PipelineSmoke(DeployedEnvironment env, Clients aws, PrintStream out, Duration poll) {
    this.env = env;
    this.aws = aws;
    this.out = out;
    this.poll = poll;
  }

  /** Every file under {@code landed}, keyed by its path there ({@code landing/...}), in a stable order. */
  public static List<Upload> uploads(Path landed) throws IOException {
    try (Stream<Path> files = Files.walk(landed)) {
      return files.filter(Files::isRegularFile).sorted()
          .map(f -> new Upload(landed.relativize(f).toString().replace('\\', '/'), f)).toList();
    }
  }

  /**
   * The records each source's uploads hold, as bronze will read them: the lines of the clickstream
   * and users files, the rows below each transactions CSV's header.
   */
  public static Map<Source, Long> records(List<Upload> uploads) throws IOException {
    Map<Source, Long> out = new java.util.EnumMap<>(Source.class);
    for (Upload u : uploads) {
      Source source = Stream.of(Source.CLICKSTREAM, Source.TRANSACTIONS, Source.USERS)
          .filter(src -> u.key().startsWith(dev.lakehouse.contract.layout.LakeLayout.landingPrefix(src))).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(u.key() + " is under no source's landing prefix"));
      long lines;
      try (Stream<String> l = Files.lines(u.file())) {
        lines = l.filter(line -> !line.isBlank()).count();
      }
      out.merge(source, source == Source.TRANSACTIONS ? Math.max(0, lines - 1) : lines, Long::sum);
    }
    return out;
  }

  /**
   * What the run must show: every reconciliation row of the execution balanced, each uploaded source
   * read into bronze with at least the records uploaded, gold published, gold sessions on the day.
   */
  public static List<Check> checks(String execution, LocalDate day, Map<Source, Long> uploadedRecords) {
    List<Check> checks = new ArrayList<>();
    checks.add(new Check("reconciliation rows that do not balance", "SELECT count(*) FROM ops.reconciliation WHERE run_id = ? AND NOT balanced",
        List.of(execution), n -> n == 0, "0"));
    uploadedRecords.forEach((source, records) -> checks.add(new Check(source.id() + " rows read into bronze by the run",
        "SELECT coalesce(sum(bronze_rows), 0) FROM ops.reconciliation WHERE run_id = ? AND source = ?",
        List.of(execution, source.id()), n -> n >= records, ">= " + records + " (the records uploaded)")));
    checks.add(new Check("gold runs of the execution that published", "SELECT count(*) FROM ops.gold_runs WHERE run_id = ? AND status = 'published'",
        List.of(execution), n -> n == 1, "1"));
    checks.add(new Check("gold sessions on " + day, "SELECT count(*) FROM gold.user_session_analysis WHERE session_date = CAST(? AS DATE)",
        List.of(day.toString()), n -> n > 0, "> 0"));
    return checks;
  }

  /** Uploads, runs the pipeline as {@code execution}, checks; returns the failed checks (empty: the smoke passed). */
  public List<String> run(List<Upload> uploads, String execution, List<Check> checks, Duration timeout) throws InterruptedException {
    String bucket = lakeBucket();
    // landed files are encrypted with the raw key, as the extractors and Firehose write them
    String rawKey = "arn:aws:kms:" + env.region() + ":" + env.account() + ":" + DeployedNames.rawKeyAlias(env.name());
    for (Upload u : uploads) {
      aws.s3().putObject(r -> r.bucket(bucket).key(u.key()).serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(rawKey),
          RequestBody.fromFile(u.file()));
    }
    out.println("uploaded " + uploads.size() + " objects to s3://" + bucket + "/" + commonPrefix(uploads));
    String machine = env.stateMachineArn(PipelineJob.pipelineStateMachine(env.name()));
    String arn = aws.sfn().startExecution(r -> r.stateMachineArn(machine).name(execution).input("{}")).executionArn();
    out.println("started " + arn);
    long deadline = System.nanoTime() + timeout.toNanos();
    ExecutionStatus status;
    while (true) {
      var d = aws.sfn().describeExecution(r -> r.executionArn(arn));
      status = d.status();
      if (!RUNNING.contains(status)) {
        if (status != ExecutionStatus.SUCCEEDED) {
          return List.of("the execution ended " + status + (d.cause() != null ? ": " + d.cause() : ""));
        }
        break;
      }
      if (System.nanoTime() > deadline) {
        return List.of("the execution still runs after " + timeout.toMinutes() + " minutes (" + arn + ")");
      }
      Thread.sleep(poll.toMillis());
    }
    out.println("execution " + execution + " succeeded");
    List<String> failed = new ArrayList<>();
    for (Check c : checks) {
      long value = query(c.sql(), c.parameters());
      boolean ok = c.expected().test(value);
      out.println((ok ? "ok      " : "FAILED  ") + c.what() + ": " + value + " (want " + c.expectation() + ")");
      if (!ok) {
        failed.add(c.what() + ": " + value + ", want " + c.expectation());
      }
    }
    return failed;
  }

  /** The lake bucket's name: the storage stack's bucket whose logical id starts with {@code Lake}. */
  private String lakeBucket() {
    String stack = DeployedNames.storageStack(env.name());
    return aws.cloudFormation().listStackResourcesPaginator(r -> r.stackName(stack)).stackResourceSummaries().stream()
        .filter(r -> r.resourceType().equals("AWS::S3::Bucket") && r.logicalResourceId().matches("Lake[0-9A-F]{8}"))
        .map(StackResourceSummary::physicalResourceId).findFirst()
        .orElseThrow(() -> new IllegalStateException(stack + " has no lake bucket (is the environment deployed?)"));
  }

  /** One number from Athena in the environment's work group (its result location and encryption apply). */
  private long query(String sql, List<String> parameters) throws InterruptedException {
    String workGroup = DeployedNames.workGroup(env.name());
    String id = aws.athena().startQueryExecution(r -> r.queryString(sql).workGroup(workGroup).executionParameters(parameters))
        .queryExecutionId();
    while (true) {
      var status = aws.athena().getQueryExecution(r -> r.queryExecutionId(id)).queryExecution().status();
      if (status.state() == QueryExecutionState.SUCCEEDED) {
        break;
      }
      if (status.state() == QueryExecutionState.FAILED || status.state() == QueryExecutionState.CANCELLED) {
        throw new IllegalStateException("query " + id + " " + status.state() + ": " + status.stateChangeReason() + " (" + sql + ")");
      }
      Thread.sleep(Math.min(poll.toMillis(), 2000));
    }
    var rows = aws.athena().getQueryResults(r -> r.queryExecutionId(id)).resultSet().rows();
    // the first row holds the column names
    return Long.parseLong(rows.get(1).data().get(0).varCharValue());
  }

  private static String commonPrefix(List<Upload> uploads) {
    return uploads.isEmpty() ? "" : uploads.get(0).key().substring(0, uploads.get(0).key().indexOf('/') + 1);
  }
}
