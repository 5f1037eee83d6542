package dev.lakehouse.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineFiles;
import dev.lakehouse.datagen.DropManifest;
import dev.lakehouse.datagen.GeneratorConfig;
import dev.lakehouse.datagen.SourceDropGenerator;
import dev.lakehouse.embedded.LocalContext;
import dev.lakehouse.jobs.catalog.TableMigrator;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.gold.GoldJob;
import dev.lakehouse.jobs.silver.SilverJob;
import dev.lakehouse.jobs.spark.LakehouseSpark;
import dev.lakehouse.lambdas.common.Settings;
import dev.lakehouse.lambdas.rds.RdsExtractorHandler;
import dev.lakehouse.lambdas.rds.RdsRunReport;
import dev.lakehouse.lambdas.sftp.SftpExtractorHandler;
import dev.lakehouse.lambdas.sftp.SftpRunReport;
import dev.lakehouse.local.pipeline.LocalTasks;
import dev.lakehouse.local.pipeline.StateMachine;
import dev.lakehouse.local.platform.LocalPlatform;
import dev.lakehouse.local.platform.PipelineLock;
import dev.lakehouse.local.platform.SourceSystems;
import dev.lakehouse.local.platform.SourceSystems.Loaded;
import dev.lakehouse.local.report.HtmlReport;
import dev.lakehouse.local.report.RunRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code ./lakehouse local run}: the whole pipeline on this machine. It starts the stand-ins
 * ({@link LocalPlatform}), lets the source systems receive the drop ({@link SourceSystems}),
 * invokes the real extractor handlers, then runs the pipeline by following
 * {@code stepfunctions/lakehouse-pipeline.asl.json} — the definition CDK deploys — with the same
 * job classes Glue runs ({@link LocalTasks}), and stops everything it started. All state lives in
 * the work directory, so a second run there with a new drop is incremental.
 */
public final class LocalRun {
  /** The run failed in a pipeline stage (exit code 1); the message names the stage. */
  public static final class StageFailed extends RuntimeException {
    StageFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Path input;
  private final Path workdir;
  private final GeneratorConfig drop;
  private final int kafkaPort;
  private final Optional<LocalDate> asOf;
  private final Optional<String> failStage;
  private final boolean lineage;
  /** Follow the definition's EMR Serverless form (each job task an EMR Serverless job run) instead of the file's Glue form. */
  private final boolean emrServerless;
  private final long started = System.nanoTime();
  /** Unique per run, like a Step Functions execution name: every job of the run records it as its run id. */
  private final String executionName;
  private final RunRecord record = new RunRecord();
  private SourceSystems.Loaded lastLoaded;

  /** Options as {@link LocalRunCommand} checked them; {@code workdir} absolute. */
  /** {@code drop}: what to generate when there is no {@code input}. */
  LocalRun(Path input, Path workdir, GeneratorConfig drop, int kafkaPort, Optional<LocalDate> asOf, Optional<String> failStage,
      boolean lineage, boolean emrServerless) {
    this.emrServerless = emrServerless;
    this.input = input;
    this.workdir = workdir;
    this.executionName = "local-" + workdir.getFileName() + "-"
        + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
    this.drop = drop;
    this.kafkaPort = kafkaPort;
    this.asOf = asOf;
    this.failStage = failStage;
    this.lineage = lineage;
  }

  int run(PrintStream out) throws Exception {
    Files.createDirectories(workdir);
    try (PipelineLock lock = PipelineLock.acquire(workdir, "local run " + executionName)) {
      return runLocked(out);
    }
  }

  private int runLocked(PrintStream out) throws Exception {
    record.title("lakehouse local run — " + workdir);
    Path dropDir = input != null ? input : generate(out);
    String failure = null;
    try (LocalPlatform platform = timed(out, "services", "prepare", () -> LocalPlatform.start(workdir, kafkaPort),
        p -> "S3, DynamoDB Local, PostgreSQL, SFTP (child JVM) and Kafka up")) {
      SourceSystems sources = new SourceSystems(platform, workdir);
      timed(out, "sources", "prepare", () -> lastLoaded = sources.load(dropDir), l -> l.clickstreamFiles() + " clickstream files via S3, "
          + l.transactionFiles() + " payment files on SFTP, " + l.userRows() + " users rows for PostgreSQL in " + l.usersWaves()
          + " waves of changes (" + l.refusedUserRows() + " refused, see refused/), " + l.orderEvents() + " order events on Kafka"
          + (l.skippedFiles() > 0 ? "; " + l.skippedFiles() + " files already loaded by an earlier run" : "")
          + (l.clickstreamHoursFromMtime() > 0 ? "; arrival hour of " + l.clickstreamHoursFromMtime()
              + " clickstream files from their modification time (no date-hour in the name)" : ""));
      Loaded loaded = lastLoaded;
      if (loaded != null && loaded.refusedUserRows() > loaded.userRows()) {
        warn(out, "PostgreSQL refused " + loaded.refusedUserRows() + " of " + (loaded.userRows() + loaded.refusedUserRows())
            + " users rows (see " + workdir.resolve("refused/users") + "): silver.users will not have them");
      }
      Settings settings = new Settings(platform.extractorEnvironment());
      timed(out, "extract sftp", "extract", () -> new SftpExtractorHandler(settings, platform.aws(), Clock.systemUTC())
          .handleRequest(null, new LocalContext("sftp-extractor", 900_000)), LocalRun::describe);
      UsersExtract users = timed(out, "extract rds", "extract", () -> extractUsers(settings, platform, sources), LocalRun::describe);
      if (users.extracted() < users.written()) {
        warn(out, (users.written() - users.extracted()) + " users rows written to PostgreSQL were not extracted: their updated_at is"
            + " older than the RDS extractor's watermark (a database stamps updated_at when a row changes; deliver a users change"
            + " with its change time, after the changes an earlier run loaded)");
      }

      LocalSessions.close(); // a run has a session of its own, with its services' settings
      Map<String, String> jobArgs = LocalLake.jobArgs(workdir);
      jobArgs.put(JobArgs.LAKE_ROOT, platform.lakeRoot().toUri().toString());
      if (!lineage) {
        jobArgs.remove(JobArgs.LINEAGE);
      }
      jobArgs.put(JobArgs.KAFKA_BOOTSTRAP, platform.kafka().bootstrapServers());
      // every job takes the writer lease in DynamoDB Local, as on AWS; the definition releases it at its end
      jobArgs.put(JobArgs.LEASE_TABLE, LocalPlatform.LEASE_TABLE);
      jobArgs.put(JobArgs.DYNAMODB_ENDPOINT, platform.dynamoDbEndpoint());
      platform.releaseLeftoverLease().ifPresent(holder -> warn(out, "released the writer lease a stopped run left behind (" + holder + ")"));
      // the local topic's 3 partitions as 6 even tasks for local[2] (Spark rounds per partition)
      jobArgs.put(JobArgs.KAFKA_MIN_PARTITIONS, "6");
      jobArgs.putAll(goldWindow(dropDir));
      asOf.ifPresent(d -> jobArgs.put(JobArgs.AS_OF_DATE, d.toString()));
      JobConfig config = JobConfig.of(jobArgs);
      SparkSession spark = timed(out, "spark", "prepare", () -> {
        SparkSession s = LakehouseSpark.session(config);
        new TableMigrator(s, config).migrateAll();
        return s;
      }, s -> "local[2] session, tables migrated");
      try {
        LocalTasks tasks = new LocalTasks(spark, config, failStage, platform.aws().dynamo());
        failure = runPipeline(out, tasks);
        summary(out, spark, tasks, platform);
      } finally {
        spark.stop();
      }
    }
    double total = (System.nanoTime() - started) / 1e9;
    record.finish(total, failure == null ? "succeeded" : "failed: " + failure);
    Path report = HtmlReport.write(record, workdir.resolve("report.html"));
    out.printf(Locale.ROOT, "report: %s%n", report);
    out.printf(Locale.ROOT, "total %.1fs%n", total);
    if (failure != null) {
      throw new StageFailed(failure, null);
    }
    return 0;
  }

  private Path generate(PrintStream out) throws IOException {
    Path dir = workdir.resolve("drops").resolve("drop-" + drop.drop());
    if (Files.isDirectory(dir) && Files.exists(dir.resolve(SourceDropGenerator.MANIFEST_FILE))) {
      step(out, "generate", "prepare", 0, "drop " + drop.drop() + " already generated in " + dir + " (same seed and scale: same files)", false);
      return dir;
    }
    long t0 = System.nanoTime();
    DropManifest m = SourceDropGenerator.generate(drop, dir);
    step(out, "generate", "prepare", (System.nanoTime() - t0) / 1e9, String.format(Locale.ROOT,
        "drop %d (seed %d, scale %s, from %s): %d events, %d order events, %d transactions, %d users rows", drop.drop(), drop.seed(), drop.scale(),
        m.baseDate(), m.clickstream().records(), m.orders().records(), m.transactions().records(), m.users().records()), false);
    return dir;
  }

  /**
   * A generated drop is history (its manifest names its days), not today: gold's as-of date is the
   * drop's last day and the look-back spans the drop plus one day, as a daily run would have seen
   * it. A drop without a manifest runs as of today with the job's default look-back.
   */
  static Map<String, String> goldWindow(Path drop) throws IOException {
    Path manifest = drop.resolve(SourceDropGenerator.MANIFEST_FILE);
    if (!Files.exists(manifest)) {
      return Map.of();
    }
    DropManifest m = new com.fasterxml.jackson.databind.ObjectMapper().readValue(manifest.toFile(), DropManifest.class);
    java.time.LocalDate last = java.time.LocalDate.parse(m.baseDate()).plusDays(m.days() - 1L);
    return Map.of(JobArgs.AS_OF_DATE, last.toString(), JobArgs.LOOKBACK_DAYS, String.valueOf(m.days() + 1));
  }

  /** Follows the deployed definition; returns null on success, else what failed. */
  private String runPipeline(PrintStream out, LocalTasks tasks) throws IOException {
    Path asl = PipelineFiles.definition();
    if (emrServerless) {
      // what an environment with features.emrServerless deploys, with local stand-ins for the AWS names
      asl = Files.writeString(workdir.resolve("pipeline.emr-serverless.asl.json"), dev.lakehouse.contract.pipeline.EmrServerlessDefinition.of(
          Files.readString(asl), job -> new dev.lakehouse.contract.pipeline.EmrServerlessDefinition.JobRun("local", "local:" + job.access().id(),
              "local:glue-jobs.jar", "--class " + dev.lakehouse.contract.pipeline.PipelineJob.ENTRY_CLASS, 60,
              Map.of(JobArgs.JOB, job.id()), Map.of())));
      out.println("following the EMR Serverless form of " + PipelineFiles.definition().getFileName() + " (each job an EMR Serverless job run)");
    }
    String query = PipelineFiles.qualityQuery();
    Map<String, Double> startedAt = new java.util.HashMap<>();
    StateMachine machine = StateMachine.load(asl, LocalTasks.substitutions(query), executionName, tasks,
        new StateMachine.Listener() {
          @Override
          public void entered(String state, String type) {
            startedAt.put(state, (System.nanoTime() - started) / 1e9);
          }

          @Override
          public void left(String state, String type, long millis, JsonNode output, Throwable error) {
            if (!"Task".equals(type) && error == null) {
              return; // Parallel, Choice, Fail: the Tasks tell the story
            }
            String detail = error != null ? "FAILED: " + error.getMessage() : tasks.detail(state);
            if (detail.isEmpty() && output != null && output.path("quality").has("failures")) {
              detail = output.path("quality").path("failures").asText() + " error-level data-quality failures in this execution";
            } else if (detail.isEmpty()) {
              detail = "ok";
            }
            recordStage(out, state, lane(state), startedAt.get(state), millis / 1000.0, detail, error != null);
          }
        });
    try {
      machine.run(JsonNodeFactory.instance.objectNode());
      return null;
    } catch (StateMachine.ExecutionFailed e) {
      String failed = record.stages().stream().filter(RunRecord.Stage::failed).map(RunRecord.Stage::name)
          .filter(n -> !n.equals("Bronze and silver")).findFirst().orElse("?");
      return "stage '" + failed + "' failed (" + e.getMessage() + "); published tables are as before that stage";
    }
  }

  private static String lane(String state) {
    for (Source s : Source.values()) {
      if (state.toLowerCase(Locale.ROOT).endsWith(" " + s.id())) {
        return s.id();
      }
    }
    return state.startsWith("Gold") ? "gold" : "quality & notify";
  }

  private void summary(PrintStream out, SparkSession spark, LocalTasks tasks, LocalPlatform platform) throws java.io.IOException {
    out.println();
    out.println("source        bronze    silver  rejected  duplicates  balanced");
    for (Map.Entry<String, SilverJob.Result> e : tasks.silver().entrySet()) {
      SilverJob.Result r = e.getValue();
      if (r.skipped()) {
        out.printf(Locale.ROOT, "%-12s  no new bronze rows%n", e.getKey());
        continue;
      }
      var c = r.counts();
      record.reconciliation().add(new RunRecord.Reconciliation(c.source(), c.bronzeRows(), c.silverRows(), c.rejectedRows(),
          c.duplicatesRemoved(), c.balanced()));
      out.printf(Locale.ROOT, "%-12s %7d %9d %9d %11d  %s%n", c.source(), c.bronzeRows(), c.silverRows(), c.rejectedRows(),
          c.duplicatesRemoved(), c.balanced() ? "yes" : "NO");
    }
    // most of a source rejected is a broken source or format: said here, in the report, and by the rows_accepted rule
    for (SilverJob.Result r : tasks.silver().values()) {
      if (!r.skipped() && r.counts().rejectedRows() * 2 > r.counts().bronzeRows()) {
        warn(out, r.counts().source() + ": " + r.counts().rejectedRows() + " of " + r.counts().bronzeRows()
            + " rows rejected in this run (reasons below; the rows_accepted quality rule failed)");
      }
    }
    out.println();
    out.println("rejected rows by reason (all runs):");
    for (Source s : Source.values()) {
      for (Row row : spark.sql("SELECT reason_code, count(*) FROM " + s.rejected() + " GROUP BY 1 ORDER BY 2 DESC").collectAsList()) {
        record.rejectedByReason().put(s.rejected() + " " + row.getString(0), row.getLong(1));
        out.printf(Locale.ROOT, "  %-42s %s%n", s.rejected() + " " + row.getString(0), row.getLong(1));
      }
    }
    long checks = tasks.silver().values().stream().mapToLong(r -> r.quality().size()).sum()
        + tasks.gold().map(g -> (long) g.quality().size()).orElse(0L);
    // the deployed quality check's own query, so the summary and the pipeline count alike
    long errors = spark.sql(PipelineFiles.qualityQuery(), new Object[] {executionName}).first().getLong(0);
    record.quality(checks, errors);
    out.printf(Locale.ROOT, "%ndata quality: %d constraints evaluated in this run, %d error-level failures%n",
        checks, errors);
    out.println();
    out.println("gold tables:");
    for (TableId t : GoldJob.TABLES) {
      long n = spark.table(t.toString()).count();
      record.goldRows().put(t.toString(), n);
      out.printf(Locale.ROOT, "  %-34s %8d rows%n", t, n);
    }
    for (var e : dev.lakehouse.local.report.JobMetricsFile.read(LocalLake.metricsFile(workdir))) {
      if (e.runId().equals(executionName)) {
        record.jobMetrics().add(e);
      }
    }
    record.lineage().putAll(dev.lakehouse.local.report.LineageGraph.read(LocalLake.lineageFile(workdir)));
    for (LocalTasks.Notification n : tasks.notifications()) {
      out.printf(Locale.ROOT, "notification: %s — %s%n", n.subject(), n.message());
      record.notes().add("notification: " + n.subject() + " — " + n.message());
    }
    out.printf(Locale.ROOT, "lakehouse: %s (query it: ./lakehouse sql \"SELECT ...\" --workdir %s)%n", workdir.resolve("lakehouse"), workdir);
    record.notes().add("services: " + platform.describe());
  }

  private void warn(PrintStream out, String message) {
    out.println("WARNING: " + message);
    record.notes().add("WARNING: " + message);
  }

  private static String describe(SftpRunReport r) {
    return String.format(Locale.ROOT, "%d files listed, %d landed, %d quarantined, %d already done; %d rows, %d bad rows kept for silver",
        r.listed, r.landed, r.quarantined, r.alreadyDone, r.rows, r.invalidRows);
  }

  /** The RDS extracts of one run, and how many users rows went into the database and came out. */
  private record UsersExtract(List<RdsRunReport> runs, long written, long extracted) {}

  /** Each wave of users changes written to PostgreSQL, then extracted, as the daily extract would have seen them. */
  private static UsersExtract extractUsers(Settings settings, LocalPlatform platform, SourceSystems sources) {
    List<RdsRunReport> runs = new java.util.ArrayList<>();
    long written = 0;
    for (int i = 0; i < Math.max(1, sources.usersWaves()); i++) {
      if (i < sources.usersWaves()) {
        written += sources.writeUsersWave(i);
      }
      runs.add(new RdsExtractorHandler(settings, platform.aws(), Clock.systemUTC())
          .handleRequest(null, new LocalContext("rds-extractor", 900_000)));
    }
    return new UsersExtract(runs, written, runs.stream().mapToLong(r -> r.rows).sum());
  }

  private static String describe(UsersExtract e) {
    RdsRunReport last = e.runs().get(e.runs().size() - 1);
    return String.format(Locale.ROOT, "%d rows in %d objects (%d extracts); watermark now (%s, %s)", e.extracted(),
        e.runs().stream().mapToInt(r -> r.objects).sum(), e.runs().size(), last.watermarkUpdatedAt, last.watermarkKey);
  }

  private interface Step<T> {
    T get() throws Exception;
  }

  private <T> T timed(PrintStream out, String name, String lane, Step<T> step, java.util.function.Function<T, String> detail)
      throws Exception {
    double at = (System.nanoTime() - started) / 1e9;
    long t0 = System.nanoTime();
    try {
      T result = step.get();
      recordStage(out, name, lane, at, (System.nanoTime() - t0) / 1e9, detail.apply(result), false);
      return result;
    } catch (Exception e) {
      recordStage(out, name, lane, at, (System.nanoTime() - t0) / 1e9, "FAILED: " + e.getMessage(), true);
      throw e;
    }
  }

  private void step(PrintStream out, String name, String lane, double seconds, String detail, boolean failed) {
    recordStage(out, name, lane, (System.nanoTime() - started) / 1e9 - seconds, seconds, detail, failed);
  }

  private void recordStage(PrintStream out, String name, String lane, double at, double seconds, String detail, boolean failed) {
    record.stage(new RunRecord.Stage(name, lane, Math.max(0, at), seconds, detail, failed));
    out.printf(Locale.ROOT, "[%6.1fs] %-22s %s%n", (System.nanoTime() - started) / 1e9, name, detail);
    out.flush();
  }
}
