package dev.lakehouse.infra.stacks;

import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.contract.pipeline.JobAccess;
import dev.lakehouse.infra.config.EnvironmentConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * One role per {@link JobAccess} profile for one engine (Glue or EMR Serverless): the objects of the
 * namespaces it reads and writes and of its other prefixes, the catalog entries of those databases,
 * the lake key, the PII hash-key secret only where the profile reads it, the orders topic only for
 * bronze. Grants sit in a customer-managed policy per role; nothing is granted on another layer.
 */
final class JobRoles extends Construct {
  /** Where the jobs run: the trust principal and the engine's own needs (Glue's temp dir and log groups, EMR's log group). */
  enum Engine {
    GLUE("glue.amazonaws.com", "Glue"),
    EMR_SERVERLESS("emr-serverless.amazonaws.com", "Emr");

    private final String principal;
    private final String idPrefix;

    Engine(String principal, String idPrefix) {
      this.principal = principal;
      this.idPrefix = idPrefix;
    }
  }

  /** What the roles are scoped to. {@code logGroupArns}: the engine's job log groups. */
  record Scope(EnvironmentConfig config, IBucket lake, String lakeKeyArn, String rawKeyArn, String piiSecretArn, String leaseTableArn,
      StreamingStack streaming, IPrincipal trust, List<String> logGroupArns, List<String> assetObjects) {}

  private final Map<JobAccess, Role> roles = new EnumMap<>(JobAccess.class);

  JobRoles(Construct scope, Engine engine, List<JobAccess> profiles, Scope s) {
    super(scope, engine.idPrefix + "JobRoles");
    for (JobAccess access : profiles) {
      Role role = Role.Builder.create(this, access.name())
          .roleName("lakehouse-" + s.config().name() + "-" + engine.idPrefix.toLowerCase(java.util.Locale.ROOT) + "-" + access.id())
          .assumedBy(s.trust())
          .description("Lakehouse " + access.id() + " jobs on " + engine.principal + ": reads " + access.readNamespaces()
              + access.readPrefixes() + ", writes " + access.writeNamespaces() + access.writePrefixes()
              + (access.piiKey() ? ", reads the PII hash key" : ""))
          .build();
      ManagedPolicy policy = ManagedPolicy.Builder.create(this, access.name() + "Policy")
          .description("What the " + access.id() + " jobs may touch")
          .statements(statements(engine, access, s))
          .roles(List.of(role))
          .build();
      NagSuppressions.addResourceSuppressions(policy, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
          .appliesTo(wildcards())
          .reason("Object and table wildcards are this profile's layer prefixes and the tables of its lake databases, which the jobs create"
              + " and evolve themselves; log-stream wildcards are the engine's job log groups; the ENI actions of Glue's network"
              + " connection accept no resource")
          .build()));
      roles.put(access, role);
    }
  }

  Role role(JobAccess access) {
    Role r = roles.get(access);
    if (r == null) {
      throw new IllegalArgumentException("no " + access + " role here");
    }
    return r;
  }

  private static List<PolicyStatement> statements(Engine engine, JobAccess access, Scope s) {
    Stack stack = Stack.of(s.lake());
    IBucket lake = s.lake();
    List<PolicyStatement> out = new ArrayList<>();
    out.add(allow(List.of("s3:ListBucket", "s3:GetBucketLocation"), List.of(lake.getBucketArn())));
    out.add(allow(List.of("s3:GetObject"), s.assetObjects()));
    List<String> readOnly = new ArrayList<>();
    access.readNamespaces().forEach(ns -> readOnly.add(lake.arnForObjects(ns + "/*")));
    access.readPrefixes().forEach(p -> readOnly.add(lake.arnForObjects(p + "*")));
    if (!readOnly.isEmpty()) {
      out.add(allow(List.of("s3:GetObject"), readOnly));
    }
    List<String> writable = new ArrayList<>();
    access.writeNamespaces().forEach(ns -> writable.add(lake.arnForObjects(ns + "/*")));
    access.writePrefixes().forEach(p -> writable.add(lake.arnForObjects(p + "*")));
    if (engine == Engine.GLUE) {
      writable.add(lake.arnForObjects(ComputeStack.GLUE_TEMP + "*"));
    }
    out.add(allow(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"), writable));
    if (access.deletesObjectVersions()) {
      // a person may still be in an older version of any object, here and in the DR replica
      List<String> versioned = new ArrayList<>(List.of(lake.getBucketArn(), lake.arnForObjects("*")));
      if (s.config().features().crossRegionReplication()) {
        String replica = "arn:" + stack.getPartition() + ":s3:::" + DisasterRecoveryStack.replicaBucketName(s.config());
        versioned.addAll(List.of(replica, replica + "/*"));
      }
      out.add(allow(List.of("s3:ListBucketVersions", "s3:GetObjectVersion", "s3:DeleteObjectVersion"), versioned));
    }
    out.add(allow(List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"), List.of(s.lakeKeyArn())));
    // every job writes under the writer lease: take, renew, read its holder, release
    out.add(allow(List.of("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"), List.of(s.leaseTableArn())));
    // the raw key only where landed files are read or rewritten: bronze reads them, the erasure rewrites them
    boolean landed = java.util.stream.Stream.concat(access.readPrefixes().stream(), access.writePrefixes().stream())
        .anyMatch(p -> p.equals(LakeLayout.LANDING) || p.equals(LakeLayout.QUARANTINE));
    if (landed) {
      out.add(allow(access.writePrefixes().contains(LakeLayout.LANDING) ? List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey")
          : List.of("kms:Decrypt"), List.of(s.rawKeyArn())));
    }
    List<String> readable = new ArrayList<>(List.of(SafeDefaults.arn(stack, "glue", "catalog")));
    List<String> owned = new ArrayList<>(List.of(SafeDefaults.arn(stack, "glue", "catalog")));
    for (String ns : access.readNamespaces()) {
      readable.add(SafeDefaults.arn(stack, "glue", "database/" + ns));
      readable.add(SafeDefaults.arn(stack, "glue", "table/" + ns + "/*"));
    }
    for (String ns : access.writeNamespaces()) {
      readable.add(SafeDefaults.arn(stack, "glue", "database/" + ns));
      readable.add(SafeDefaults.arn(stack, "glue", "table/" + ns + "/*"));
      owned.add(SafeDefaults.arn(stack, "glue", "database/" + ns));
      owned.add(SafeDefaults.arn(stack, "glue", "table/" + ns + "/*"));
    }
    out.add(allow(List.of("glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetPartitions"), readable));
    // the jobs never drop a table: no glue:DeleteTable for any profile
    out.add(allow(List.of("glue:CreateTable", "glue:UpdateTable"), owned));
    if (access.piiKey()) {
      out.add(allow(List.of("secretsmanager:GetSecretValue"), List.of(s.piiSecretArn())));
    }
    out.add(allow(List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:AssociateKmsKey"), s.logGroupArns()));
    if (engine == Engine.GLUE) {
      out.add(PolicyStatement.Builder.create().actions(List.of("logs:CreateLogGroup")).resources(s.logGroupArns()).build());
      out.add(PolicyStatement.Builder.create().actions(List.of("cloudwatch:PutMetricData")).resources(List.of("*"))
          .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", "Glue"))).build());
    }
    if (access == JobAccess.BRONZE && s.streaming().msk() != null) {
      String cluster = s.streaming().msk().getClusterName();
      out.add(allow(List.of("kafka-cluster:Connect", "kafka-cluster:DescribeCluster"), List.of(s.streaming().msk().getAttrArn())));
      out.add(allow(List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"),
          List.of(SafeDefaults.arn(stack, "kafka", "topic/" + cluster + "/*/" + LakeLayout.ORDERS_TOPIC))));
      out.add(allow(List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"),
          List.of(SafeDefaults.arn(stack, "kafka", "group/" + cluster + "/*/spark-kafka-source-*"))));
      if (engine == Engine.GLUE) {
        // Glue's network connection puts the workers' interfaces in the VPC; these actions take no resource
        out.add(allow(List.of("ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcEndpoints", "ec2:DescribeRouteTables",
            "ec2:DescribeVpcAttribute", "ec2:CreateTags", "ec2:DeleteTags"), List.of("*")));
        out.add(allow(List.of("glue:GetConnection"), List.of(SafeDefaults.arn(stack, "glue", "catalog"),
            SafeDefaults.arn(stack, "glue", "connection/" + ComputeStack.kafkaConnectionName(s.config())))));
      }
    }
    return out;
  }

  /** The wildcard resources the policies hold, each named for the nag suppression. */
  private static List<Object> wildcards() {
    List<Object> out = new ArrayList<>();
    // objects under a layer prefix and, for the erasure, every object version (the bucket is an import: matched by its id)
    out.add(RegexAppliesTo.builder().regex("/^Resource::.*Lake[0-9A-F]{8}.*\\/[a-z_-]+\\/\\*$/").build());
    out.add(RegexAppliesTo.builder().regex("/^Resource::.*Lake[0-9A-F]{8}[^/]*\\/\\*$/").build());
    out.add(RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:s3:::lakehouse-[a-z0-9-]+-replica-[a-z0-9-]+\\/\\*$/").build());
    // tables of a lake database, the orders topic and consumer groups of the MSK cluster
    out.add(RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:glue:[a-z0-9-]+:[0-9]+:table\\/[a-z]+\\/\\*$/").build());
    out.add(RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:kafka:.*$/").build());
    out.add(RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:logs:.*\\*$/").build());
    out.add("Resource::*");
    return out;
  }

  private static PolicyStatement allow(List<String> actions, List<String> resources) {
    return PolicyStatement.Builder.create().actions(actions).resources(resources).build();
  }
}
