package dev.lakehouse.infra.stacks;

import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.infra.config.EnvironmentConfig;
import dev.lakehouse.infra.constructs.LakehouseBucket;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudtrail.AddEventSelectorOptions;
import software.amazon.awscdk.services.cloudtrail.ReadWriteType;
import software.amazon.awscdk.services.cloudtrail.S3EventSelector;
import software.amazon.awscdk.services.cloudtrail.Trail;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The lake bucket (SSE-KMS, TLS-only, versioned, public access blocked, access-logged) with one
 * lifecycle rule per layer prefix of {@link LakeLayout}: landing tiered then expired after
 * {@code retentionDays.bronze}, quarantine expired after {@code retentionDays.quarantine}; the
 * table prefixes (bronze, silver, gold) only tiered or archived, with their noncurrent versions
 * expired, never their current objects (no rule expires what an Iceberg table may still read);
 * incomplete multipart uploads (a crashed extractor) aborted after a day. The access-log bucket is S3-managed-encrypted (log delivery
 * cannot use KMS) and expires after {@code retentionDays.logs}. Also the CloudTrail trail (S3 data
 * events on the lake when {@code features.cloudTrailDataEvents}) and, when
 * {@code features.crossRegionReplication}, replication to {@link DisasterRecoveryStack}'s bucket.
 */
public final class StorageStack extends Stack {
  private final Bucket lake;
  private final Bucket accessLogs;

  public StorageStack(Construct scope, String id, PlatformProps props) {
    super(scope, id, props.stackProps());
    RemovalPolicy removal = props.stateRemoval();
    boolean keep = removal == RemovalPolicy.RETAIN;
    var days = props.config().retentionDays();

    accessLogs = SafeDefaults.privateBucket(this, "AccessLogs")
        .encryption(BucketEncryption.S3_MANAGED)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
        .lifecycleRules(List.of(LifecycleRule.builder().id("expire-logs").expiration(Duration.days(days.logs()))
            .noncurrentVersionExpiration(Duration.days(7)).build()))
        .removalPolicy(removal)
        .autoDeleteObjects(!keep)
        .build();

    lake = new LakehouseBucket(this, "Lake", props.get(SecurityStack.class).lakeKey(), accessLogs, "lake/", b -> b
        .lifecycleRules(List.of(
            LifecycleRule.builder().id("abort-incomplete-uploads").abortIncompleteMultipartUploadAfter(Duration.days(1)).build(),
            rawExpirations(props.config()).get(0),
            // Iceberg tables live under bronze/ silver/ gold/ ops/ and keep using a data file for as
            // long as a snapshot holds it, so no rule expires current objects there (rows age out
            // through the table format); only noncurrent versions, what Iceberg's deletes leave, expire.
            LifecycleRule.builder().id("bronze").prefix(LakeLayout.BRONZE)
                .transitions(List.of(Transition.builder().storageClass(StorageClass.INFREQUENT_ACCESS).transitionAfter(Duration.days(30)).build()))
                .noncurrentVersionExpiration(Duration.days(7)).build(),
            LifecycleRule.builder().id("silver").prefix(LakeLayout.SILVER)
                .transitions(List.of(Transition.builder().storageClass(StorageClass.INTELLIGENT_TIERING).transitionAfter(Duration.days(30)).build()))
                .noncurrentVersionExpiration(Duration.days(30)).build(),
            LifecycleRule.builder().id("gold").prefix(LakeLayout.GOLD)
                .transitions(List.of(Transition.builder().storageClass(StorageClass.GLACIER_INSTANT_RETRIEVAL)
                    .transitionAfter(Duration.days(days.gold())).build()))
                .noncurrentVersionExpiration(Duration.days(30)).build(),
            rawExpirations(props.config()).get(1)))
        .removalPolicy(removal)
        .autoDeleteObjects(!keep));

    auditTrail(props.config(), props.get(SecurityStack.class), removal);
    if (props.config().features().crossRegionReplication()) {
      replicate(props.config(), props.get(SecurityStack.class));
    } else {
      NagSuppressions.addResourceSuppressions(lake, CompliancePacks.inEveryPack("S3BucketReplicationEnabled",
          "This environment states no recovery point in another region (recovery.rpoMinutes is null; features.crossRegionReplication"
              + " is off): prod replicates its lake", CompliancePacks.NIST, CompliancePacks.PCI));
    }
    NagSuppressions.addResourceSuppressions(accessLogs, java.util.stream.Stream.concat(
        CompliancePacks.inEveryPack("S3BucketReplicationEnabled", "Access logs: an audit record of this region, not data a failover restores",
            CompliancePacks.NIST, CompliancePacks.PCI).stream(),
        CompliancePacks.inEveryPack("S3DefaultEncryptionKMS", "S3 server access logging delivers only to SSE-S3 buckets",
            CompliancePacks.NIST, CompliancePacks.PCI).stream()).toList());
  }

  /** CloudTrail for the account's management events and, when enabled, S3 data events on the lake. */
  private void auditTrail(EnvironmentConfig config, SecurityStack security, RemovalPolicy removal) {
    Bucket trailBucket = SafeDefaults.privateBucket(this, "TrailLogs")
        .encryption(BucketEncryption.S3_MANAGED)
        .serverAccessLogsBucket(accessLogs)
        .serverAccessLogsPrefix("trail/")
        .lifecycleRules(List.of(LifecycleRule.builder().id("expire-trail").expiration(Duration.days(config.retentionDays().logs()))
            .noncurrentVersionExpiration(Duration.days(7)).build()))
        .removalPolicy(removal)
        .autoDeleteObjects(removal == RemovalPolicy.DESTROY)
        .build();
    NagSuppressions.addResourceSuppressions(trailBucket, java.util.stream.Stream.concat(
        CompliancePacks.inEveryPack("S3BucketReplicationEnabled", "The trail's files: an audit record of this region (its events also"
            + " go to CloudWatch Logs), not data a failover restores", CompliancePacks.NIST, CompliancePacks.PCI).stream(),
        CompliancePacks.inEveryPack("S3DefaultEncryptionKMS", "CloudTrail encrypts every log file it writes with the lake key (the trail's"
            + " KMS key); the bucket default applies only to what arrives without one", CompliancePacks.NIST, CompliancePacks.PCI).stream()).toList());
    // the trail's events in CloudWatch Logs too, encrypted, for metric filters and alarms on API activity
    software.amazon.awscdk.services.logs.LogGroup trailEvents = software.amazon.awscdk.services.logs.LogGroup.Builder.create(this, "TrailEvents")
        .logGroupName("/lakehouse/" + config.name() + "/cloudtrail")
        .encryptionKey(security.lakeKey())
        .retention(NetworkStack.logRetention(config.retentionDays().logs()))
        .removalPolicy(removal)
        .build();
    Trail trail = Trail.Builder.create(this, "Trail")
        .trailName("lakehouse-" + config.name())
        .bucket(trailBucket)
        .sendToCloudWatchLogs(true)
        .cloudWatchLogGroup(trailEvents)
        .encryptionKey(security.lakeKey())
        .enableFileValidation(true)
        .includeGlobalServiceEvents(true)
        .isMultiRegionTrail(false)
        .build();
    if (config.features().cloudTrailDataEvents()) {
      trail.addS3EventSelector(List.of(S3EventSelector.builder().bucket(lake).build()),
          AddEventSelectorOptions.builder().readWriteType(ReadWriteType.ALL).includeManagementEvents(true).build());
    }
  }

  /**
   * Replicates every object of the lake (SSE-KMS objects included, re-encrypted with the replica
   * key) to the bucket of {@link DisasterRecoveryStack}. The replica key is addressed by its alias,
   * so the role's encrypt permission is conditioned on that alias rather than a key id.
   */
  private void replicate(EnvironmentConfig config, SecurityStack security) {
    String replicaArn = "arn:" + getPartition() + ":s3:::" + DisasterRecoveryStack.replicaBucketName(config);
    String replicaKeyAlias = "arn:" + getPartition() + ":kms:" + config.drRegion() + ":" + config.account() + ":"
        + DisasterRecoveryStack.replicaKeyAlias(config);
    Role role = Role.Builder.create(this, "ReplicationRole")
        .assumedBy(new ServicePrincipal("s3.amazonaws.com"))
        .description("S3 cross-region replication of the lake to " + config.drRegion())
        .build();
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:GetReplicationConfiguration", "s3:ListBucket")).resources(List.of(lake.getBucketArn())).build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"))
        .resources(List.of(lake.arnForObjects("*"))).build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"))
        .resources(List.of(replicaArn + "/*")).build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("kms:Decrypt")).resources(List.of(security.lakeKey().getKeyArn(), security.rawKey().getKeyArn()))
        .conditions(Map.of("StringLike", Map.of("kms:ViaService", "s3." + getRegion() + ".amazonaws.com"))).build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("kms:Encrypt", "kms:GenerateDataKey"))
        .resources(List.of("arn:" + getPartition() + ":kms:" + config.drRegion() + ":" + config.account() + ":key/*"))
        .conditions(Map.of("ForAnyValue:StringEquals", Map.of("kms:ResourceAliases", DisasterRecoveryStack.replicaKeyAlias(config))))
        .build());
    CfnBucket cfn = (CfnBucket) lake.getNode().getDefaultChild();
    cfn.setReplicationConfiguration(CfnBucket.ReplicationConfigurationProperty.builder()
        .role(role.getRoleArn())
        .rules(List.of(CfnBucket.ReplicationRuleProperty.builder()
            .id(replicationRule(config))
            .status("Enabled")
            .priority(1)
            .filter(CfnBucket.ReplicationRuleFilterProperty.builder().prefix("").build())
            .deleteMarkerReplication(CfnBucket.DeleteMarkerReplicationProperty.builder().status("Enabled").build())
            .sourceSelectionCriteria(CfnBucket.SourceSelectionCriteriaProperty.builder()
                .sseKmsEncryptedObjects(CfnBucket.SseKmsEncryptedObjectsProperty.builder().status("Enabled").build()).build())
            .destination(CfnBucket.ReplicationDestinationProperty.builder()
                .bucket(replicaArn)
                .storageClass("STANDARD_IA")
                // Replication Time Control: 99.99 % of objects within 15 minutes, with per-rule latency metrics
                .replicationTime(CfnBucket.ReplicationTimeProperty.builder().status("Enabled")
                    .time(CfnBucket.ReplicationTimeValueProperty.builder().minutes(15).build()).build())
                .metrics(CfnBucket.MetricsProperty.builder().status("Enabled")
                    .eventThreshold(CfnBucket.ReplicationTimeValueProperty.builder().minutes(15).build()).build())
                .encryptionConfiguration(CfnBucket.EncryptionConfigurationProperty.builder().replicaKmsKeyId(replicaKeyAlias).build())
                .build())
            .build()))
        .build());
    NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5").appliesTo(List.<Object>of(io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex("/^Resource::.*Lake[0-9A-F]{8}[^/]*\\/\\*$/").build(), io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:s3:::lakehouse-[a-z0-9-]+-replica-[a-z0-9-]+\\/\\*$/").build(), io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:kms:[a-z0-9-]+:[0-9]+:key\\/\\*$/").build()))
        .reason("Replication reads every object version of the lake and writes every key of the replica bucket; the replica key is matched by its alias (kms:ResourceAliases) because a key id in another region cannot be referenced at synth")
        .build()), true);
  }

  /** The replication rule's id: the dimension of its S3 replication metrics. */
  public static String replicationRule(EnvironmentConfig config) {
    return "to-" + config.drRegion();
  }

  /**
   * The raw files' own expiry: landed files after the bronze days, quarantined ones after the
   * quarantine days. The DR replica applies the same rules: S3 replicates no lifecycle expiration.
   */
  static List<LifecycleRule> rawExpirations(EnvironmentConfig config) {
    var days = config.retentionDays();
    return List.of(tiered("landing", LakeLayout.LANDING, days.bronze()),
        LifecycleRule.builder().id("quarantine").prefix(LakeLayout.QUARANTINE)
            .expiration(Duration.days(days.quarantine())).noncurrentVersionExpiration(Duration.days(7)).build());
  }

  private static LifecycleRule tiered(String id, String prefix, int expireDays) {
    return LifecycleRule.builder().id(id).prefix(prefix)
        .transitions(List.of(Transition.builder().storageClass(StorageClass.INFREQUENT_ACCESS)
            .transitionAfter(Duration.days(Math.min(30, Math.max(1, expireDays - 1)))).build()))
        .expiration(Duration.days(expireDays))
        .noncurrentVersionExpiration(Duration.days(7))
        .build();
  }

  public Bucket lake() {
    return lake;
  }

  public Bucket accessLogs() {
    return accessLogs;
  }
}
