package dev.lakehouse.infra.constructs;

import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.infra.config.EnvironmentConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.services.glue.CfnJob;
import software.amazon.awscdk.services.glue.CfnSecurityConfiguration;
import software.amazon.awscdk.services.iam.IRole;
import software.constructs.Construct;

/**
 * The Glue 5.0 job of one catalog entry: the jar's one entry class with {@code --lakehouse-job}
 * set to the entry's id, the catalog's default arguments, the security configuration, sizing from
 * the environment, one run at a time and no Glue retries (the state machine retries, with backoff).
 */
public final class SparkJob extends Construct {
  /** CDK leaves a "Default" child out of the logical id: the CfnJob keeps the id {@code <pipelineName>}. */
  private static final String CFN_ID = "Default";

  /**
   * What every Spark job of one environment shares.
   *
   * @param roles each job's role: the one of its access profile
   * @param scriptLocation the script Glue requires; ours is empty and Glue runs {@code --class} from {@code --extra-jars}
   * @param glueArguments Glue's own arguments, full keys ({@code --TempDir})
   * @param jobArguments the lake's arguments every job gets, {@link JobArgs} keys ({@code warehouse})
   */
  public record Shared(String environment, java.util.function.Function<PipelineJob, IRole> roles,
      CfnSecurityConfiguration securityConfiguration, String scriptLocation,
      EnvironmentConfig.Glue sizing, Map<String, String> glueArguments, Map<String, String> jobArguments) {
    public Shared {
      glueArguments = Map.copyOf(glueArguments);
      jobArguments = Map.copyOf(jobArguments);
    }
  }

  private final PipelineJob catalogEntry;
  private final CfnJob job;
  private final Map<String, String> lakehouseArguments;

  /**
   * The construct id is the job's {@link PipelineJob#pipelineName()}, so the Glue job's logical id is fixed by the catalog.
   *
   * @param arguments this job's environment-specific arguments, {@link JobArgs} keys
   * @param connection the Glue connection the job runs in, if any
   */
  public SparkJob(Construct scope, PipelineJob catalogEntry, Shared shared, Map<String, String> arguments, Optional<String> connection) {
    super(scope, catalogEntry.pipelineName());
    this.catalogEntry = catalogEntry;
    EnvironmentConfig.Glue sizing = shared.sizing().forJob(catalogEntry.id());
    this.lakehouseArguments = lakehouseArguments(catalogEntry, shared, sizing, arguments);
    CfnJob.Builder b = CfnJob.Builder.create(this, CFN_ID)
        .name(jobName(shared.environment(), catalogEntry))
        .description("Lakehouse " + catalogEntry.id() + ": " + PipelineJob.ENTRY_CLASS + " " + JobArgs.flag(JobArgs.JOB) + " "
            + catalogEntry.id())
        .role(shared.roles().apply(catalogEntry).getRoleArn())
        .command(CfnJob.JobCommandProperty.builder().name("glueetl").scriptLocation(shared.scriptLocation()).build())
        .glueVersion("5.0")
        .workerType(sizing.workerType())
        .numberOfWorkers(sizing.workers())
        .timeout(shared.sizing().timeoutMinutes())
        .maxRetries(0)
        .executionProperty(CfnJob.ExecutionPropertyProperty.builder().maxConcurrentRuns(1).build())
        .securityConfiguration(shared.securityConfiguration().getName())
        .defaultArguments(glueArguments(shared, lakehouseArguments));
    connection.ifPresent(c -> b.connections(CfnJob.ConnectionsListProperty.builder().connections(List.of(c)).build()));
    job = b.build();
    job.addResourceDependency(shared.securityConfiguration());
    job.getNode().addDependency(shared.roles().apply(catalogEntry));
  }

  /** {@code lakehouse-<env>-<job id>}. */
  public static String jobName(String environment, PipelineJob job) {
    return job.deployedName(environment);
  }

  /**
   * What the job runs with, on any engine: common arguments, then the catalog's defaults, then this
   * environment's; the job id always wins. The PII key's secret only where the job's access reads it.
   */
  private static Map<String, String> lakehouseArguments(PipelineJob catalogEntry, Shared shared, EnvironmentConfig.Glue sizing,
      Map<String, String> arguments) {
    Map<String, String> all = new java.util.TreeMap<>(shared.jobArguments());
    if (!catalogEntry.access().piiKey()) {
      all.remove(JobArgs.PII_HASH_KEY_SECRET);
    }
    if (!catalogEntry.emitsLineage()) {
      all.remove(JobArgs.LINEAGE);
    }
    // Spark's default of 8 (ours locally) would leave most of a large job's cores idle
    all.put(JobArgs.SHUFFLE_PARTITIONS, String.valueOf(sizing.shufflePartitions()));
    all.putAll(catalogEntry.defaultArguments());
    all.putAll(arguments);
    all.put(JobArgs.JOB, catalogEntry.id());
    return all;
  }

  /** Glue's own arguments, the job's as {@code --key}, and the entry class Glue runs. */
  private static Map<String, String> glueArguments(Shared shared, Map<String, String> lakehouse) {
    Map<String, String> all = new LinkedHashMap<>(shared.glueArguments());
    lakehouse.forEach((k, v) -> all.put(JobArgs.flag(k), v));
    all.put("--class", PipelineJob.ENTRY_CLASS);
    return all;
  }

  /** The job's own arguments ({@link JobArgs} keys), the same whichever engine runs it. */
  public Map<String, String> lakehouseArguments() {
    return lakehouseArguments;
  }

  public PipelineJob catalogEntry() {
    return catalogEntry;
  }

  public String jobName() {
    return job.getName();
  }

  public CfnJob cfnJob() {
    return job;
  }
}
