package dev.lakehouse.infra.stacks;

import dev.lakehouse.contract.pipeline.DeployedNames;
import dev.lakehouse.infra.config.EnvironmentConfig;
import dev.lakehouse.infra.constructs.LakehouseBucket;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The replica side of cross-region replication, deployed in {@code drRegion} (only when the
 * environment enables {@code features.crossRegionReplication}). Bucket and key alias have fixed
 * names ({@link #replicaBucketName}, {@link #replicaKeyAlias}) so the source stack in the primary
 * region can point at them without a cross-region reference.
 */
public final class DisasterRecoveryStack extends Stack {
  public DisasterRecoveryStack(Construct scope, String id, PlatformProps props) {
    super(scope, id, props.stackProps());
    Key key = Key.Builder.create(this, "ReplicaKey")
        .alias(replicaKeyAlias(props.config()))
        .description("Encrypts the cross-region replica of the lake")
        .enableKeyRotation(true)
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
    Bucket logs = SafeDefaults.privateBucket(this, "ReplicaAccessLogs")
        .encryption(BucketEncryption.S3_MANAGED)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
        .lifecycleRules(List.of(LifecycleRule.builder().id("expire-logs").expiration(Duration.days(props.config().retentionDays().logs())).build()))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
    LakehouseBucket replica = new LakehouseBucket(this, "Replica", key, logs, "replica/", b -> b
        .bucketName(replicaBucketName(props.config()))
        .lifecycleRules(java.util.stream.Stream.concat(
            java.util.stream.Stream.of(LifecycleRule.builder().id("noncurrent").noncurrentVersionExpiration(Duration.days(30)).build()),
            StorageStack.rawExpirations(props.config()).stream()).toList())
        .removalPolicy(RemovalPolicy.RETAIN));
    // the failover reads the replica under the lake bucket's name through this access point (Iceberg
    // S3FileIO's s3.access-points.<bucket>); the bucket leaves access through it to IAM, for this account only
    // (AmazonS3/latest/userguide/access-points-policies.html, delegating access control to access points)
    software.amazon.awscdk.services.s3.CfnAccessPoint.Builder.create(this, "ReplicaAccessPoint")
        .name(replicaAccessPointName(props.config())).bucket(replica.getBucketName())
        .publicAccessBlockConfiguration(software.amazon.awscdk.services.s3.CfnAccessPoint.PublicAccessBlockConfigurationProperty.builder()
            .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true).build())
        .build();
    replica.addToResourcePolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()
        .principals(List.of(new software.amazon.awscdk.services.iam.AccountRootPrincipal()))
        .actions(List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:ListBucket", "s3:GetBucketLocation"))
        .resources(List.of(replica.getBucketArn(), replica.arnForObjects("*")))
        .conditions(java.util.Map.of("StringEquals", java.util.Map.of("s3:DataAccessPointAccount", props.config().account())))
        .build());
    // the ingestion ledger's daily recovery points are copied here (the ingestion stack's backup plan); under
    // AWS Backup's own key, as the source vault, so the copy needs no grant on a key of ours
    software.amazon.awscdk.services.backup.BackupVault.Builder.create(this, "LedgerVault").backupVaultName(backupVaultName(props.config()))
        .removalPolicy(RemovalPolicy.RETAIN).build();
    NagSuppressions.addResourceSuppressions(replica, CompliancePacks.inEveryPack("S3BucketReplicationEnabled",
        "This bucket is the replica: the copy of the lake in the DR region", CompliancePacks.NIST, CompliancePacks.PCI));
    NagSuppressions.addResourceSuppressions(logs, java.util.stream.Stream.concat(
        CompliancePacks.inEveryPack("S3BucketReplicationEnabled", "Access logs of the replica: an audit record of this region, not data a failover restores",
            CompliancePacks.NIST, CompliancePacks.PCI).stream(),
        CompliancePacks.inEveryPack("S3DefaultEncryptionKMS", "S3 server access logging delivers only to SSE-S3 buckets",
            CompliancePacks.NIST, CompliancePacks.PCI).stream()).toList());
  }

  /** The access point on the replica through which a failover reads it under the lake bucket's name. */
  public static String replicaAccessPointName(EnvironmentConfig config) {
    return DeployedNames.replicaAccessPoint(config.name());
  }

  /** The DR region's vault for the ledger's backup copies. */
  public static String backupVaultName(EnvironmentConfig config) {
    return "lakehouse-" + config.name() + "-ledger-dr";
  }

  public static String replicaBucketName(EnvironmentConfig config) {
    return DeployedNames.replicaBucket(config.name(), config.account(), config.drRegion());
  }

  public static String replicaKeyAlias(EnvironmentConfig config) {
    return DeployedNames.replicaKeyAlias(config.name());
  }
}
