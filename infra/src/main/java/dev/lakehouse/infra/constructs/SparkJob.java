package dev.lakehouse.infra.constructs;

import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.infra.config.EnvironmentConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

  private final PipelineJob catalogEntry;
  private final CfnJob job;

  /** The construct id is the job's {@link PipelineJob#pipelineName()}, so the Glue job's logical id is fixed by the catalog. */
  public SparkJob(Construct scope, Props props) {
    super(scope, props.job.pipelineName());
    this.catalogEntry = props.job;
    CfnJob.Builder b = CfnJob.Builder.create(this, CFN_ID)
        .name(jobName(props.environment, props.job))
        .description("Lakehouse " + props.job.id() + ": " + PipelineJob.ENTRY_CLASS + " " + JobArgs.flag(JobArgs.JOB) + " " + props.job.id())
        .role(props.role.getRoleArn())
        .command(CfnJob.JobCommandProperty.builder().name("glueetl").scriptLocation(props.scriptLocation).build())
        .glueVersion("5.0")
        .workerType(props.sizing.workerType())
        .numberOfWorkers(props.sizing.workers())
        .timeout(props.sizing.timeoutMinutes())
        .maxRetries(0)
        .executionProperty(CfnJob.ExecutionPropertyProperty.builder().maxConcurrentRuns(1).build())
        .securityConfiguration(props.securityConfiguration.getName())
        .defaultArguments(arguments(props));
    if (props.connection != null) {
      b.connections(CfnJob.ConnectionsListProperty.builder().connections(List.of(props.connection)).build());
    }
    job = b.build();
    job.addResourceDependency(props.securityConfiguration);
    job.getNode().addDependency(props.role);
  }

  /** {@code lakehouse-<env>-<job id>}. */
  public static String jobName(String environment, PipelineJob job) {
    return "lakehouse-" + environment + "-" + job.id();
  }

  /** Common arguments, then the catalog's defaults, then this environment's; entry class and job id always win. */
  private static Map<String, String> arguments(Props props) {
    Map<String, String> all = new LinkedHashMap<>(props.commonArguments);
    props.job.defaultArguments().forEach((k, v) -> all.put(JobArgs.flag(k), v));
    all.putAll(props.arguments);
    all.put("--class", PipelineJob.ENTRY_CLASS);
    all.put(JobArgs.flag(JobArgs.JOB), props.job.id());
    return all;
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

  /** One job's inputs; arguments are full Glue keys ({@code --kafka-auth}), see {@link JobArgs#flag}. */
  public static final class Props {
    private final PipelineJob job;
    private final String environment;
    private final IRole role;
    private final CfnSecurityConfiguration securityConfiguration;
    private final String scriptLocation;
    private final EnvironmentConfig.Glue sizing;
    private final Map<String, String> commonArguments;
    private final Map<String, String> arguments;
    private final String connection;

    private Props(Builder b) {
      this.job = Objects.requireNonNull(b.job, "job");
      if (!job.deployed()) {
        throw new IllegalArgumentException(job + " is run by hand and has no Glue job");
      }
      this.environment = Objects.requireNonNull(b.environment, "environment");
      this.role = Objects.requireNonNull(b.role, "role");
      this.securityConfiguration = Objects.requireNonNull(b.securityConfiguration, "securityConfiguration");
      this.scriptLocation = Objects.requireNonNull(b.scriptLocation, "scriptLocation");
      this.sizing = Objects.requireNonNull(b.sizing, "sizing");
      this.commonArguments = Map.copyOf(b.commonArguments);
      this.arguments = Map.copyOf(b.arguments);
      this.connection = b.connection;
    }

    public static Builder builder() {
      return new Builder();
    }

    public static final class Builder {
      private PipelineJob job;
      private String environment;
      private IRole role;
      private CfnSecurityConfiguration securityConfiguration;
      private String scriptLocation;
      private EnvironmentConfig.Glue sizing;
      private Map<String, String> commonArguments = Map.of();
      private Map<String, String> arguments = Map.of();
      private String connection;

      private Builder() {}

      public Builder job(PipelineJob job) {
        this.job = job;
        return this;
      }

      /** The environment's name, as in {@code lakehouse-<env>-...}. */
      public Builder environment(String environment) {
        this.environment = environment;
        return this;
      }

      public Builder role(IRole role) {
        this.role = role;
        return this;
      }

      public Builder securityConfiguration(CfnSecurityConfiguration securityConfiguration) {
        this.securityConfiguration = securityConfiguration;
        return this;
      }

      /** The script Glue requires; ours is empty and Glue runs {@code --class} from {@code --extra-jars}. */
      public Builder scriptLocation(String scriptLocation) {
        this.scriptLocation = scriptLocation;
        return this;
      }

      public Builder sizing(EnvironmentConfig.Glue sizing) {
        this.sizing = sizing;
        return this;
      }

      /** Arguments every job of the platform gets (Glue's own and the lake's). */
      public Builder commonArguments(Map<String, String> commonArguments) {
        this.commonArguments = commonArguments;
        return this;
      }

      /** This job's environment-specific arguments. */
      public Builder arguments(Map<String, String> arguments) {
        this.arguments = arguments;
        return this;
      }

      /** A Glue connection name, or null for none. */
      public Builder connection(String connection) {
        this.connection = connection;
        return this;
      }

      public Props build() {
        return new Props(this);
      }
    }
  }
}
