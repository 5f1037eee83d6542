package dev.lakehouse.infra.stacks;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.contract.pipeline.EmrServerlessDefinition;
import dev.lakehouse.contract.pipeline.JobAccess;
import dev.lakehouse.contract.pipeline.DeployedNames;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.infra.RepoPaths;
import dev.lakehouse.infra.config.EnvironmentConfig;
import dev.lakehouse.infra.constructs.SparkJob;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.emrserverless.CfnApplication;
import software.amazon.awscdk.services.glue.CfnConnection;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnSecurityConfiguration;
import software.amazon.awscdk.services.glue.CfnTrigger;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * Catalog and compute: one Glue database per lake namespace, one Glue 5.0 job ({@link SparkJob})
 * per deployed entry of the job catalog ({@link PipelineJob}), all running the built
 * {@code glue-jobs} jar's entry class (Iceberg GlueCatalog + S3FileIO with SSE-KMS, see
 * {@code LakehouseSpark}), a weekly trigger for the scheduled jobs, and — behind
 * {@code features.emrServerless} — an EMR Serverless application on which the pipeline runs the same
 * jar with the same arguments. Each job runs under the role of its access profile ({@link JobRoles}).
 */
public final class ComputeStack extends Stack {
  private final Map<PipelineJob, SparkJob> jobs = new EnumMap<>(PipelineJob.class);
  /** Glue's temporary directory in the lake bucket (the jobs write there through Glue, never a table). */
  static final String GLUE_TEMP = "_glue-temp/";

  private final JobRoles glueRoles;
  private final Table leases;
  private final EmrServerless emr;
  private final EnvironmentConfig.Glue glueSizing;

  public ComputeStack(Construct scope, String id, PlatformProps props) {
    super(scope, id, props.stackProps());
    String prefix = "lakehouse-" + props.config().name();
    String lake = props.get(StorageStack.class).lake().getBucketName();
    glueSizing = props.config().glue();

    for (String ns : Namespaces.ALL) {
      // the databases hold every table's catalog entry: deleting one with its stack would orphan the data
      CfnDatabase db = CfnDatabase.Builder.create(this, "Db" + ns)
          .catalogId(getAccount())
          .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
              .name(ns)
              .description("Lakehouse " + ns + " layer (Iceberg tables created by the jobs' migrate step)")
              .locationUri("s3://" + lake + "/" + ns + "/")
              .build())
          .build();
      db.applyRemovalPolicy(props.stateRemoval());
    }

    CfnSecurityConfiguration glueSecurity = CfnSecurityConfiguration.Builder.create(this, "GlueSecurity")
        .name(prefix + "-glue")
        .encryptionConfiguration(CfnSecurityConfiguration.EncryptionConfigurationProperty.builder()
            .s3Encryptions(List.of(CfnSecurityConfiguration.S3EncryptionProperty.builder()
                .s3EncryptionMode("SSE-KMS").kmsKeyArn(props.get(SecurityStack.class).lakeKey().getKeyArn()).build()))
            .cloudWatchEncryption(CfnSecurityConfiguration.CloudWatchEncryptionProperty.builder()
                .cloudWatchEncryptionMode("SSE-KMS").kmsKeyArn(props.get(SecurityStack.class).lakeKey().getKeyArn()).build())
            .jobBookmarksEncryption(CfnSecurityConfiguration.JobBookmarksEncryptionProperty.builder()
                .jobBookmarksEncryptionMode("CSE-KMS").kmsKeyArn(props.get(SecurityStack.class).lakeKey().getKeyArn()).build())
            .build())
        .build();

    // the one writer lease every job takes (LakeLease): a single item, written a few times per job run
    leases = SafeDefaults.stateTable(this, "Leases", DeployedNames.leaseTable(props.config().name()), props).build();
    NagSuppressions.addResourceSuppressions(leases, List.of(NagPackSuppression.builder().id("NIST.800.53.R5-DynamoDBInBackupPlan")
        .reason("The writer lease is transient: a restored copy would only bring back a holder that is gone").build()), true);
    Asset jar = Asset.Builder.create(this, "JobJar").path(RepoPaths.glueJobsJar().toString()).build();
    Asset entry = Asset.Builder.create(this, "EntryScript").path(RepoPaths.root().resolve("glue-jobs/glue/entry.scala").toString()).build();
    // one role per access profile the deployed jobs have (bronze, silver, gold, maintenance, pii-rehash, erasure)
    List<JobAccess> profiles = java.util.Arrays.stream(PipelineJob.values()).map(PipelineJob::access).distinct().toList();
    glueRoles = new JobRoles(this, JobRoles.Engine.GLUE, profiles, new JobRoles.Scope(props.config(), lake(props),
        props.get(SecurityStack.class).lakeKey().getKeyArn(), props.get(SecurityStack.class).rawKey().getKeyArn(),
        props.get(SecurityStack.class).piiHashKey().getSecretArn(), leases.getTableArn(),
        props.get(StreamingStack.class),
        // Glue documents no source-account or source-ARN condition for its service role's trust (glue/latest/dg/create-an-iam-role.html)
        new ServicePrincipal("glue.amazonaws.com"),
        List.of(SafeDefaults.arn(this, "logs", "log-group:/aws-glue/*")), List.of(assetObject(jar), assetObject(entry))));
    Map<String, String> glueOwn = new HashMap<>();
    glueOwn.put("--job-language", "scala");
    glueOwn.put("--extra-jars", jar.getS3ObjectUrl());
    glueOwn.put("--user-jars-first", "true"); // our Iceberg 1.10 and Deequ, not Glue's bundled versions
    glueOwn.put("--enable-metrics", "true");
    glueOwn.put("--enable-observability-metrics", "true");
    // no --enable-continuous-cloudwatch-log: Glue 5.0 logs in real time and ignores it
    // (docs.aws.amazon.com/glue/latest/dg/monitor-continuous-logging-enable.html)
    glueOwn.put("--job-bookmark-option", "job-bookmark-disable"); // the jobs keep their own state (checkpoints, ops.job_state)
    glueOwn.put("--TempDir", "s3://" + lake + "/" + GLUE_TEMP);
    Map<String, String> common = new HashMap<>();
    common.put(JobArgs.CATALOG, JobArgs.CATALOG_GLUE);
    // run metrics as EMF lines on the driver's output: CloudWatch Logs extracts them (namespace Lakehouse/Jobs)
    common.put(JobArgs.METRICS, "stdout");
    // OpenLineage events of every job to the environment's lineage service, when it has one
    if (props.config().lineageUrl() != null) {
      common.put(JobArgs.LINEAGE, props.config().lineageUrl());
    }
    common.put(JobArgs.WAREHOUSE, "s3://" + lake + "/");
    common.put(JobArgs.KMS_KEY_ARN, props.get(SecurityStack.class).lakeKey().getKeyArn());
    common.put(JobArgs.PII_HASH_KEY_SECRET, props.get(SecurityStack.class).piiHashKey().getSecretArn());
    common.put(JobArgs.LEASE_TABLE, leases.getTableName());

    String kafkaConnection = null;
    if (props.get(StreamingStack.class).msk() != null) {
      SecurityGroup sg = props.get(StreamingStack.class).kafkaClients();
      CfnConnection connection = CfnConnection.Builder.create(this, "KafkaNetwork")
          .catalogId(getAccount())
          .connectionInput(CfnConnection.ConnectionInputProperty.builder()
              .name(kafkaConnectionName(props.config()))
              .connectionType("NETWORK")
              .physicalConnectionRequirements(CfnConnection.PhysicalConnectionRequirementsProperty.builder()
                  .subnetId(props.get(NetworkStack.class).privateSubnetIds().get(0))
                  .availabilityZone(props.get(NetworkStack.class).vpc().getPrivateSubnets().isEmpty()
                      ? props.get(NetworkStack.class).vpc().getIsolatedSubnets().get(0).getAvailabilityZone()
                      : props.get(NetworkStack.class).vpc().getPrivateSubnets().get(0).getAvailabilityZone())
                  .securityGroupIdList(List.of(sg.getSecurityGroupId()))
                  .build())
              .build())
          .build();
      kafkaConnection = kafkaConnectionName(props.config());
    }

    // what only this environment knows: where the orders Kafka is, how long snapshots stay
    Map<PipelineJob, Map<String, String>> environmentArguments = Map.of(
        PipelineJob.BRONZE_ORDERS, Map.of(
            JobArgs.KAFKA_BOOTSTRAP, props.get(StreamingStack.class).ordersBootstrap(),
            JobArgs.KAFKA_AUTH, props.get(StreamingStack.class).msk() != null ? JobArgs.KAFKA_AUTH_IAM : JobArgs.KAFKA_AUTH_NONE),
        PipelineJob.MAINTENANCE, Map.of(
            JobArgs.SNAPSHOT_RETENTION_DAYS, String.valueOf(props.config().retentionDays().snapshots())),
        // table retention is the retention job's (Iceberg deletes, then snapshot expiry), never an S3 lifecycle rule
        PipelineJob.RETENTION, Map.of(
            JobArgs.RETENTION_BRONZE_DAYS, String.valueOf(props.config().retentionDays().bronze()),
            JobArgs.RETENTION_SILVER_DAYS, String.valueOf(props.config().retentionDays().silver()),
            JobArgs.RETENTION_REJECTED_DAYS, String.valueOf(props.config().retentionDays().quarantine()),
            JobArgs.SNAPSHOT_RETENTION_DAYS, String.valueOf(props.config().retentionDays().snapshots())),
        PipelineJob.ERASURE, erasureArguments(props));
    SparkJob.Shared shared = new SparkJob.Shared(props.config().name(), job -> glueRoles.role(job.access()), glueSecurity, entry.getS3ObjectUrl(),
        props.config().glue(), glueOwn, common);
    for (PipelineJob job : PipelineJob.values()) {
      jobs.put(job, new SparkJob(this, job, shared, environmentArguments.getOrDefault(job, Map.of()),
          Optional.ofNullable(job == PipelineJob.BRONZE_ORDERS ? kafkaConnection : null)));
    }
    // retention first, maintenance an hour later: they would contend for the same tables' commits
    Map<PipelineJob, String> weekly = Map.of(PipelineJob.RETENTION, "cron(0 4 ? * SUN *)", PipelineJob.MAINTENANCE, "cron(0 5 ? * SUN *)");
    for (SparkJob job : scheduled()) {
      PipelineJob catalogJob = job.catalogEntry();
      String word = catalogJob.pipelineName().replace("Job", "");
      CfnTrigger trigger = CfnTrigger.Builder.create(this, "Weekly" + word)
          .name(prefix + "-weekly-" + catalogJob.id())
          .type("SCHEDULED")
          .schedule(java.util.Optional.ofNullable(weekly.get(catalogJob))
              .orElseThrow(() -> new IllegalStateException("no schedule for the scheduled job " + catalogJob.id())))
          .startOnCreation(true)
          .actions(List.of(CfnTrigger.ActionProperty.builder().jobName(job.jobName()).build()))
          .build();
      trigger.addResourceDependency(job.cfnJob());
    }

    if (props.config().features().emrServerless()) {
      CfnApplication application = CfnApplication.Builder.create(this, "EmrServerless")
          .name(prefix + "-spark")
          .releaseLabel("emr-7.12.0")
          .type("SPARK")
          .autoStartConfiguration(CfnApplication.AutoStartConfigurationProperty.builder().enabled(true).build())
          .autoStopConfiguration(CfnApplication.AutoStopConfigurationProperty.builder().enabled(true).idleTimeoutMinutes(15).build())
          // one run per pipeline branch at a time, the rest queued (emr/latest/EMR-Serverless-UserGuide/applications-concurrency-queuing.html);
          // runs of different writers are kept apart by the writer lease every job takes
          .schedulerConfiguration(CfnApplication.SchedulerConfigurationProperty.builder()
              .maxConcurrentRuns(dev.lakehouse.contract.Source.values().length)
              .queueTimeoutMinutes(Math.max(15, props.config().glue().timeoutMinutes())).build())
          .maximumCapacity(CfnApplication.MaximumAllowedResourcesProperty.builder()
              .cpu((props.config().glue().workers() * 8) + " vCPU").memory((props.config().glue().workers() * 32) + " GB").build())
          .networkConfiguration(CfnApplication.NetworkConfigurationProperty.builder()
              .subnetIds(props.get(NetworkStack.class).privateSubnetIds())
              .securityGroupIds(props.get(StreamingStack.class).kafkaClients() != null ? List.of(props.get(StreamingStack.class).kafkaClients().getSecurityGroupId()) : null)
              .build())
          .build();
      CfnOutput.Builder.create(this, "EmrApplicationId").value(application.getAttrApplicationId())
          .description("EMR Serverless application: the pipeline state machine starts the jobs on it").build();
      emr = new EmrServerless(application, jar, props);
    } else {
      emr = null;
    }

  }

  /**
   * Where the pipeline runs its jobs as EMR Serverless job runs: the application, a role per access
   * profile trusted by EMR Serverless for this account only, and an encrypted log group.
   */
  private final class EmrServerless {
    private final CfnApplication application;
    private final String entryPoint;
    private final JobRoles roles;
    private final String logGroup;
    private final String lakeKeyArn;

    EmrServerless(CfnApplication application, Asset jar, PlatformProps props) {
      this.application = application;
      this.entryPoint = jar.getS3ObjectUrl();
      this.lakeKeyArn = props.get(SecurityStack.class).lakeKey().getKeyArn();
      software.amazon.awscdk.services.logs.LogGroup logs = software.amazon.awscdk.services.logs.LogGroup.Builder.create(ComputeStack.this,
              "EmrLogs")
          .logGroupName("/aws/emr-serverless/lakehouse-" + props.config().name())
          .encryptionKey(props.get(SecurityStack.class).lakeKey())
          .retention(NetworkStack.logRetention(props.config().retentionDays().logs()))
          .removalPolicy(props.stateRemoval())
          .build();
      this.logGroup = logs.getLogGroupName();
      // the runtime role's documented trust: EMR Serverless acting for this account only
      // (emr/latest/EMR-Serverless-UserGuide/getting-started.html#gs-runtime-role)
      var trust = new ServicePrincipal("emr-serverless.amazonaws.com").withConditions(Map.of(
          "StringEquals", Map.of("aws:SourceAccount", ComputeStack.this.getAccount())));
      List<JobAccess> profiles = PipelineJob.inPipeline().stream().map(PipelineJob::access).distinct().toList();
      this.roles = new JobRoles(ComputeStack.this, JobRoles.Engine.EMR_SERVERLESS, profiles, new JobRoles.Scope(props.config(),
          lake(props), lakeKeyArn, props.get(SecurityStack.class).rawKey().getKeyArn(), props.get(SecurityStack.class).piiHashKey().getSecretArn(),
          leases.getTableArn(), props.get(StreamingStack.class), trust,
          List.of(logs.getLogGroupArn()), List.of(assetObject(jar))));
    }

    EmrServerlessDefinition.JobRun run(PipelineJob job, SparkJob glueJob, EnvironmentConfig.Glue sizing) {
      EnvironmentConfig.Glue size = sizing.forJob(job.id());
      int cores = size.vcpus();
      // a Glue worker's vCPUs and memory (16 GB per 4 vCPUs) less Spark's 10 % overhead; the driver takes one worker, as on Glue
      String memory = (cores * 4 * 9 / 10) + "g";
      String submit = "--class " + PipelineJob.ENTRY_CLASS
          + " --conf spark.driver.cores=" + cores + " --conf spark.driver.memory=" + memory
          + " --conf spark.executor.cores=" + cores + " --conf spark.executor.memory=" + memory
          + " --conf spark.dynamicAllocation.maxExecutors=" + Math.max(1, size.workers() - 1);
      Map<String, Object> logging = Map.of("MonitoringConfiguration", Map.of("CloudWatchLoggingConfiguration", Map.of(
          "Enabled", true, "LogGroupName", logGroup, "LogStreamNamePrefix", job.id(), "EncryptionKeyArn", lakeKeyArn)));
      return new EmrServerlessDefinition.JobRun(application.getAttrApplicationId(), roles.role(job.access()).getRoleArn(), entryPoint,
          submit, sizing.timeoutMinutes(), glueJob.lakehouseArguments(), logging);
    }
  }

  /** The erasure's own: the raw key its rewritten landed objects keep, the replica whose versions it deletes. */
  private static Map<String, String> erasureArguments(PlatformProps props) {
    Map<String, String> args = new HashMap<>(Map.of(JobArgs.RAW_KMS_KEY_ARN, props.get(SecurityStack.class).rawKey().getKeyArn()));
    if (props.config().features().crossRegionReplication()) {
      args.put(JobArgs.REPLICA_BUCKET, DisasterRecoveryStack.replicaBucketName(props.config()));
    }
    return args;
  }

  /** The jobs the weekly trigger starts. */
  private List<SparkJob> scheduled() {
    return jobs.values().stream().filter(j -> j.catalogEntry().launch() == PipelineJob.Launch.SCHEDULE).toList();
  }

  /** The Glue connection that puts the orders job's workers in the VPC, next to the brokers. */
  static String kafkaConnectionName(EnvironmentConfig config) {
    return "lakehouse-" + config.name() + "-kafka-network";
  }

  private static software.amazon.awscdk.services.s3.IBucket lake(PlatformProps props) {
    return props.get(StorageStack.class).lake();
  }

  /** The ARN of an asset's one object: a job reads its jar and script, nothing else of the assets bucket. */
  private String assetObject(Asset asset) {
    return "arn:" + getPartition() + ":s3:::" + asset.getS3BucketName() + "/" + asset.getS3ObjectKey();
  }

  /** The Glue jobs, in catalog order. */
  public List<SparkJob> jobs() {
    return List.copyOf(jobs.values());
  }

  /** The Glue job of a deployed catalog entry. */
  public SparkJob job(PipelineJob job) {
    SparkJob j = jobs.get(job);
    if (j == null) {
      throw new IllegalArgumentException(job + " has no Glue job (launch " + job.launch() + ")");
    }
    return j;
  }

  /** How a pipeline job runs on EMR Serverless; empty unless {@code features.emrServerless}. */
  public java.util.Optional<EmrServerlessDefinition.JobRun> emrRun(PipelineJob job) {
    return java.util.Optional.ofNullable(emr).map(e -> e.run(job, job(job), glueSizing));
  }

  /** The application's ARN and the EMR roles the pipeline passes to it; empty unless {@code features.emrServerless}. */
  public java.util.Optional<EmrGrants> emrGrants() {
    return java.util.Optional.ofNullable(emr).map(e -> new EmrGrants(e.application.getAttrArn(),
        PipelineJob.inPipeline().stream().map(PipelineJob::access).distinct().map(a -> e.roles.role(a).getRoleArn()).toList()));
  }

  /** What the state machine needs to start EMR Serverless job runs. */
  public record EmrGrants(String applicationArn, List<String> executionRoleArns) {}

  /** The writer lease's table: every job takes the lease there, the state machines release it. */
  public Table leases() {
    return leases;
  }

  /** The Glue role of an access profile. */
  public Role glueRole(JobAccess access) {
    return glueRoles.role(access);
  }
}
