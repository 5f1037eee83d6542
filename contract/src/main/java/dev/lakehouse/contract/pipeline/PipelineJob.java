package dev.lakehouse.contract.pipeline;

import dev.lakehouse.contract.Source;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The job catalog: every Spark job of the platform, named once. Its {@link #pipelineName()} is the
 * {@code ${...}} placeholder of {@code stepfunctions/lakehouse-pipeline.asl.json}, its {@link #id()}
 * the Glue job suffix, run-state key and {@link JobArgs#JOB} value. Infra creates a Glue job per
 * deployed entry, the job jar's one entry point ({@link #ENTRY_CLASS}) dispatches on the id, and
 * local mode runs the same entry in process.
 */
public enum PipelineJob {
  BRONZE_ORDERS(Stage.BRONZE, Source.ORDERS, Launch.PIPELINE, Map.of()),
  BRONZE_CLICKSTREAM(Stage.BRONZE, Source.CLICKSTREAM, Launch.PIPELINE, Map.of()),
  BRONZE_TRANSACTIONS(Stage.BRONZE, Source.TRANSACTIONS, Launch.PIPELINE, Map.of()),
  BRONZE_USERS(Stage.BRONZE, Source.USERS, Launch.PIPELINE, Map.of()),
  SILVER_ORDERS(Stage.SILVER, Source.ORDERS, Launch.PIPELINE, Map.of()),
  SILVER_CLICKSTREAM(Stage.SILVER, Source.CLICKSTREAM, Launch.PIPELINE, Map.of()),
  SILVER_TRANSACTIONS(Stage.SILVER, Source.TRANSACTIONS, Launch.PIPELINE, Map.of()),
  SILVER_USERS(Stage.SILVER, Source.USERS, Launch.PIPELINE, Map.of()),
  GOLD(Stage.GOLD, null, Launch.PIPELINE, Map.of(JobArgs.LOOKBACK_DAYS, "2", JobArgs.MAX_DELETE_SHARE, "0.5")),
  /** Compaction, snapshot expiry and orphan removal; a weekly Glue trigger starts it. */
  MAINTENANCE(Stage.MAINTENANCE, null, Launch.SCHEDULE, Map.of()),
  /** Deletes rows older than each layer's retention, then expires their snapshots; the weekly trigger starts it. */
  RETENTION(Stage.MAINTENANCE, null, Launch.SCHEDULE, Map.of(JobArgs.RETENTION_BRONZE_DAYS, "90", JobArgs.RETENTION_SILVER_DAYS, "365",
      JobArgs.RETENTION_REJECTED_DAYS, "30")),
  /** Lists a table's snapshots and rolls it (or all gold) back: {@code ./lakehouse rollback}. */
  SNAPSHOTS(Stage.MAINTENANCE, null, Launch.COMMAND, Map.of()),
  /** After a PII key rotation, moves every stored hash onto the new key (run by hand, see the runbook). */
  PII_REHASH(Stage.MAINTENANCE, null, Launch.REQUEST, Map.of()),
  /** Removes a data subject from every layer (GDPR right to erasure); its own state machine starts it. */
  ERASURE(Stage.MAINTENANCE, null, Launch.REQUEST, Map.of());

  /** The job jar's one {@code main}: {@code --lakehouse-job <id>} picks the job. */
  public static final String ENTRY_CLASS = "dev.lakehouse.jobs.LakehouseJobMain";

  /** Where a job sits in the lakehouse. */
  public enum Stage {
    BRONZE,
    SILVER,
    GOLD,
    MAINTENANCE
  }

  /** What starts a job on AWS. */
  public enum Launch {
    /** A Task state of the pipeline definition. */
    PIPELINE,
    /** Its own schedule. */
    SCHEDULE,
    /** Its own state machine, started per request (a Glue job is deployed). */
    REQUEST,
    /** A person, with {@code ./lakehouse <command> --env <env>} (deployed; nothing starts it on its own). */
    COMMAND
  }

  private final Stage stage;
  private final Source source;
  private final Launch launch;
  private final Map<String, String> defaultArguments;

  PipelineJob(Stage stage, Source source, Launch launch, Map<String, String> defaultArguments) {
    this.stage = stage;
    this.source = source;
    this.launch = launch;
    this.defaultArguments = defaultArguments;
  }

  /** {@code bronze-orders}, {@code silver-users}, {@code gold}, {@code maintenance}: lower-case, hyphenated. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The definition's placeholder: {@code BronzeOrdersJob}, {@code GoldJob}. */
  public String pipelineName() {
    StringBuilder sb = new StringBuilder();
    for (String word : name().split("_")) {
      sb.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return sb.append("Job").toString();
  }

  public Stage stage() {
    return stage;
  }

  /** The source a bronze or silver job moves; empty for gold and maintenance. */
  public Optional<Source> source() {
    return Optional.ofNullable(source);
  }

  public Launch launch() {
    return launch;
  }

  /** What the job may touch on AWS: its role's grants, and the namespaces whose tables it migrates. */
  public JobAccess access() {
    return switch (this) {
      case PII_REHASH -> JobAccess.PII_REHASH;
      case ERASURE -> JobAccess.ERASURE;
      default -> switch (stage) {
        case BRONZE -> JobAccess.BRONZE;
        case SILVER -> JobAccess.SILVER;
        case GOLD -> JobAccess.GOLD;
        case MAINTENANCE -> JobAccess.MAINTENANCE;
      };
    };
  }

  /** The deployed Glue job's name in {@code environment}: {@code lakehouse-<env>-<id>}. */
  public String deployedName(String environment) {
    return "lakehouse-" + environment + "-" + id();
  }

  /** The pipeline state machine's name in {@code environment}. */
  public static String pipelineStateMachine(String environment) {
    return "lakehouse-" + environment + "-pipeline";
  }

  /**
   * Whether the job's runs emit OpenLineage events. Not the erasure's: the Spark integration
   * records each query's text and plan, and the erasure's name the person it removes.
   */
  public boolean emitsLineage() {
    return this != ERASURE;
  }

  /** Arguments the job runs with unless told otherwise (keys of {@link JobArgs}). */
  public Map<String, String> defaultArguments() {
    return defaultArguments;
  }

  /** The jobs of a stage for one source, e.g. {@code of(Stage.SILVER, Source.USERS)}. */
  public static PipelineJob of(Stage stage, Source source) {
    return Arrays.stream(values()).filter(j -> j.stage == stage && j.source == source).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No " + stage + " job for " + source));
  }

  /** The jobs the pipeline definition starts, in catalog order. */
  public static List<PipelineJob> inPipeline() {
    return Arrays.stream(values()).filter(j -> j.launch == Launch.PIPELINE).toList();
  }

  public static PipelineJob byId(String id) {
    return Arrays.stream(values()).filter(j -> j.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown job '" + id + "'; the catalog has " + ids()));
  }

  public static PipelineJob byPipelineName(String name) {
    return Arrays.stream(values()).filter(j -> j.pipelineName().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("The pipeline names a job '" + name + "' that the catalog lacks; it has "
            + Arrays.stream(values()).map(PipelineJob::pipelineName).toList()));
  }

  private static List<String> ids() {
    return Arrays.stream(values()).map(PipelineJob::id).toList();
  }
}
