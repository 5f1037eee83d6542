package dev.lakehouse.infra.stacks;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.infra.RepoPaths;
import dev.lakehouse.infra.config.EnvironmentConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.emrserverless.CfnApplication;
import software.amazon.awscdk.services.glue.CfnConnection;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnJob;
import software.amazon.awscdk.services.glue.CfnSecurityConfiguration;
import software.amazon.awscdk.services.glue.CfnTrigger;
import software.amazon.awscdk.services.iam.CompositePrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * Catalog and compute: one Glue database per lake namespace, the Spark jobs of the pipeline as
 * Glue 5.0 jobs running the built {@code glue-jobs} jar (Iceberg GlueCatalog + S3FileIO with
 * SSE-KMS, see {@code LakehouseSpark}), a weekly Iceberg maintenance job, and — behind
 * {@code features.emrServerless} — an EMR Serverless application that runs the same jar with the
 * same arguments. One job role, scoped to the lake's prefixes, the lake key, the catalog's lake
 * databases and the PII hash-key secret.
 */
public final class ComputeStack extends Stack {
  /** Package of the job classes in the job jar. */
  private static final String JOBS = "dev.lakehouse.jobs.";

  private final Map<String, CfnJob> jobs = new LinkedHashMap<>();
  private final Role jobRole;

  public ComputeStack(Construct scope, String id, StackProps props, EnvironmentConfig config, SecurityStack security,
      StorageStack storage, NetworkStack network, StreamingStack streaming) {
    super(scope, id, props);
    String prefix = "lakehouse-" + config.name();
    String lake = storage.lake().getBucketName();

    for (String ns : Namespaces.ALL) {
      CfnDatabase.Builder.create(this, "Db" + ns)
          .catalogId(getAccount())
          .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
              .name(ns)
              .description("Lakehouse " + ns + " layer (Iceberg tables created by the jobs' migrate step)")
              .locationUri("s3://" + lake + "/" + ns + "/")
              .build())
          .build();
    }

    CfnSecurityConfiguration security1 = CfnSecurityConfiguration.Builder.create(this, "GlueSecurity")
        .name(prefix + "-glue")
        .encryptionConfiguration(CfnSecurityConfiguration.EncryptionConfigurationProperty.builder()
            .s3Encryptions(List.of(CfnSecurityConfiguration.S3EncryptionProperty.builder()
                .s3EncryptionMode("SSE-KMS").kmsKeyArn(security.lakeKey().getKeyArn()).build()))
            .cloudWatchEncryption(CfnSecurityConfiguration.CloudWatchEncryptionProperty.builder()
                .cloudWatchEncryptionMode("SSE-KMS").kmsKeyArn(security.lakeKey().getKeyArn()).build())
            .jobBookmarksEncryption(CfnSecurityConfiguration.JobBookmarksEncryptionProperty.builder()
                .jobBookmarksEncryptionMode("CSE-KMS").kmsKeyArn(security.lakeKey().getKeyArn()).build())
            .build())
        .build();

    jobRole = Role.Builder.create(this, "JobRole")
        .assumedBy(new CompositePrincipal(new ServicePrincipal("glue.amazonaws.com"), new ServicePrincipal("emr-serverless.amazonaws.com")))
        .description("Lakehouse Spark jobs (Glue and EMR Serverless): lake prefixes, lake databases, lake key, PII hash key")
        .build();
    grantLakeAccess(jobRole, config, security, storage, streaming);

    Asset jar = Asset.Builder.create(this, "JobJar").path(RepoPaths.glueJobsJar().toString()).build();
    Asset entry = Asset.Builder.create(this, "EntryScript").path(RepoPaths.root().resolve("glue-jobs/glue/entry.scala").toString()).build();
    jar.grantRead(jobRole);
    entry.grantRead(jobRole);

    Map<String, String> common = new HashMap<>();
    common.put("--job-language", "scala");
    common.put("--extra-jars", jar.getS3ObjectUrl());
    common.put("--user-jars-first", "true"); // our Iceberg 1.10 and Deequ, not Glue's bundled versions
    common.put("--enable-metrics", "true");
    common.put("--enable-observability-metrics", "true");
    common.put("--enable-continuous-cloudwatch-log", "true");
    common.put("--job-bookmark-option", "job-bookmark-disable"); // the jobs keep their own state (checkpoints, ops.job_state)
    common.put("--TempDir", "s3://" + lake + "/_glue-temp/");
    common.put("--catalog", "glue");
    common.put("--warehouse", "s3://" + lake + "/");
    common.put("--kms-key-arn", security.lakeKey().getKeyArn());
    common.put("--pii-hash-key-secret", security.piiHashKey().getSecretArn());

    String kafkaConnection = null;
    if (streaming.msk() != null) {
      SecurityGroup sg = streaming.kafkaClients();
      CfnConnection connection = CfnConnection.Builder.create(this, "KafkaNetwork")
          .catalogId(getAccount())
          .connectionInput(CfnConnection.ConnectionInputProperty.builder()
              .name(prefix + "-kafka-network")
              .connectionType("NETWORK")
              .physicalConnectionRequirements(CfnConnection.PhysicalConnectionRequirementsProperty.builder()
                  .subnetId(network.privateSubnetIds().get(0))
                  .availabilityZone(network.vpc().getPrivateSubnets().isEmpty()
                      ? network.vpc().getIsolatedSubnets().get(0).getAvailabilityZone()
                      : network.vpc().getPrivateSubnets().get(0).getAvailabilityZone())
                  .securityGroupIdList(List.of(sg.getSecurityGroupId()))
                  .build())
              .build())
          .build();
      kafkaConnection = prefix + "-kafka-network";
      jobRole.addToPolicy(PolicyStatement.Builder.create()
          .actions(List.of("ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces",
              "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcEndpoints", "ec2:DescribeRouteTables",
              "ec2:DescribeVpcAttribute", "ec2:CreateTags", "ec2:DeleteTags"))
          .resources(List.of("*")).build());
      jobRole.addToPolicy(PolicyStatement.Builder.create().actions(List.of("glue:GetConnection"))
          .resources(List.of(SafeDefaults.arn(this, "glue", "catalog"), SafeDefaults.arn(this, "glue", "connection/" + kafkaConnection))).build());
      connection.getNode().addDependency(jobRole);
    }

    Map<String, String> orders = new HashMap<>();
    orders.put("--kafka-bootstrap", streaming.ordersBootstrap());
    orders.put("--kafka-auth", streaming.msk() != null ? "iam" : "none");
    job(config, "BronzeOrdersJob", "bronze-orders", JOBS + "bronze.OrdersBronzeJob", orders, kafkaConnection, common, security1, entry);
    for (String source : List.of("clickstream", "transactions", "users")) {
      String cap = Character.toUpperCase(source.charAt(0)) + source.substring(1);
      job(config, "Bronze" + cap + "Job", "bronze-" + source, JOBS + "bronze.LandedFilesBronzeJob", Map.of("--source", source), null,
          common, security1, entry);
      job(config, "Silver" + cap + "Job", "silver-" + source, JOBS + "silver." + cap + "SilverJob", Map.of(), null, common, security1, entry);
    }
    job(config, "SilverOrdersJob", "silver-orders", JOBS + "silver.OrdersSilverJob", Map.of(), null, common, security1, entry);
    job(config, "GoldJob", "gold", JOBS + "gold.GoldJobMain", Map.of("--lookback-days", "2"), null, common, security1, entry);
    CfnJob maintenance = job(config, "MaintenanceJob", "maintenance", JOBS + "gold.MaintenanceJob",
        Map.of("--snapshot-retention-days", String.valueOf(config.retentionDays().snapshots())), null, common, security1, entry);
    CfnTrigger.Builder.create(this, "WeeklyMaintenance")
        .name(prefix + "-weekly-maintenance")
        .type("SCHEDULED")
        .schedule("cron(0 5 ? * SUN *)")
        .startOnCreation(true)
        .actions(List.of(CfnTrigger.ActionProperty.builder().jobName(maintenance.getName()).build()))
        .build()
        .addDependency(maintenance);

    if (config.features().emrServerless()) {
      CfnApplication emr = CfnApplication.Builder.create(this, "EmrServerless")
          .name(prefix + "-spark")
          .releaseLabel("emr-7.12.0")
          .type("SPARK")
          .autoStartConfiguration(CfnApplication.AutoStartConfigurationProperty.builder().enabled(true).build())
          .autoStopConfiguration(CfnApplication.AutoStopConfigurationProperty.builder().enabled(true).idleTimeoutMinutes(15).build())
          .maximumCapacity(CfnApplication.MaximumAllowedResourcesProperty.builder()
              .cpu((config.glue().workers() * 8) + " vCPU").memory((config.glue().workers() * 32) + " GB").build())
          .networkConfiguration(CfnApplication.NetworkConfigurationProperty.builder()
              .subnetIds(network.privateSubnetIds())
              .securityGroupIds(streaming.kafkaClients() != null ? List.of(streaming.kafkaClients().getSecurityGroupId()) : null)
              .build())
          .build();
      CfnOutput.Builder.create(this, "EmrApplicationId").value(emr.getAttrApplicationId())
          .description("EMR Serverless application: start-job-run with entryPoint " + jar.getS3ObjectUrl()
              + " and sparkSubmitParameters '--class <job class>', the same job arguments as the Glue jobs").build();
    }

    NagSuppressions.addResourceSuppressions(jobRole, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
        .reason("Object wildcards are the lake's layer prefixes and the job-jar asset; table wildcards are the tables of the lake databases, which the jobs create and evolve themselves; log wildcards are the /aws-glue log groups; ENI actions are Glue's network-connection requirement and accept no resource scoping")
        .build()), true);
  }

  private CfnJob job(EnvironmentConfig config, String substitution, String name, String mainClass, Map<String, String> args,
      String connection, Map<String, String> common, CfnSecurityConfiguration securityConfiguration, Asset entry) {
    Map<String, String> all = new HashMap<>(common);
    all.put("--class", mainClass);
    all.putAll(args);
    CfnJob.Builder b = CfnJob.Builder.create(this, substitution)
        .name("lakehouse-" + config.name() + "-" + name)
        .description("Lakehouse " + name + ": " + mainClass)
        .role(jobRole.getRoleArn())
        .command(CfnJob.JobCommandProperty.builder().name("glueetl").scriptLocation(entry.getS3ObjectUrl()).build())
        .glueVersion("5.0")
        .workerType(config.glue().workerType())
        .numberOfWorkers(config.glue().workers())
        .timeout(config.glue().timeoutMinutes())
        .maxRetries(0) // the state machine retries, with backoff
        .executionProperty(CfnJob.ExecutionPropertyProperty.builder().maxConcurrentRuns(1).build())
        .securityConfiguration(securityConfiguration.getName())
        .defaultArguments(all);
    if (connection != null) {
      b.connections(CfnJob.ConnectionsListProperty.builder().connections(List.of(connection)).build());
    }
    CfnJob job = b.build();
    job.addDependency(securityConfiguration);
    job.getNode().addDependency(jobRole);
    jobs.put(substitution, job);
    return job;
  }

  private void grantLakeAccess(Role r, EnvironmentConfig config, SecurityStack security, StorageStack storage,
      StreamingStack streaming) {
    var lake = storage.lake();
    r.addToPolicy(PolicyStatement.Builder.create().actions(List.of("s3:ListBucket", "s3:GetBucketLocation"))
        .resources(List.of(lake.getBucketArn())).build());
    r.addToPolicy(PolicyStatement.Builder.create().actions(List.of("s3:GetObject"))
        .resources(List.of(lake.arnForObjects(LakeLayout.LANDING + "*"))).build());
    List<String> writable = new ArrayList<>();
    for (String p : List.of(LakeLayout.BRONZE, LakeLayout.SILVER, LakeLayout.GOLD, LakeLayout.OPS, LakeLayout.QUARANTINE,
        LakeLayout.CHECKPOINTS, "_glue-temp/")) {
      writable.add(lake.arnForObjects(p + "*"));
    }
    r.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"))
        .resources(writable).build());
    r.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"))
        .resources(List.of(security.lakeKey().getKeyArn())).build());
    List<String> catalog = new ArrayList<>(List.of(SafeDefaults.arn(this, "glue", "catalog")));
    for (String ns : Namespaces.ALL) {
      catalog.add(SafeDefaults.arn(this, "glue", "database/" + ns));
      catalog.add(SafeDefaults.arn(this, "glue", "table/" + ns + "/*"));
    }
    r.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:CreateTable",
            "glue:UpdateTable", "glue:DeleteTable", "glue:GetPartitions"))
        .resources(catalog).build());
    r.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("secretsmanager:GetSecretValue")).resources(List.of(security.piiHashKey().getSecretArn())).build());
    r.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"))
        .resources(List.of(SafeDefaults.arn(this, "logs", "log-group:/aws-glue/*"))).build());
    r.addToPolicy(PolicyStatement.Builder.create().actions(List.of("cloudwatch:PutMetricData")).resources(List.of("*"))
        .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", "Glue"))).build());
    if (streaming.msk() != null) {
      String cluster = streaming.msk().getClusterName();
      r.addToPolicy(PolicyStatement.Builder.create()
          .actions(List.of("kafka-cluster:Connect", "kafka-cluster:DescribeCluster"))
          .resources(List.of(streaming.msk().getAttrArn())).build());
      r.addToPolicy(PolicyStatement.Builder.create()
          .actions(List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"))
          .resources(List.of(SafeDefaults.arn(this, "kafka", "topic/" + cluster + "/*/" + LakeLayout.ORDERS_TOPIC))).build());
      r.addToPolicy(PolicyStatement.Builder.create()
          .actions(List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"))
          .resources(List.of(SafeDefaults.arn(this, "kafka", "group/" + cluster + "/*/spark-kafka-source-*"))).build());
    }
  }


  /** Glue job name per {@code ${...}} name of the pipeline definition (e.g. BronzeOrdersJob). */
  public Map<String, String> jobNames() {
    Map<String, String> names = new LinkedHashMap<>();
    jobs.forEach((k, v) -> names.put(k, v.getName()));
    return names;
  }

  public Map<String, CfnJob> jobs() {
    return jobs;
  }

  public Role jobRole() {
    return jobRole;
  }
}
