package dev.lakehouse.infra.stacks;

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
        .lifecycleRules(List.of(LifecycleRule.builder().id("noncurrent").noncurrentVersionExpiration(Duration.days(30)).build()))
        .removalPolicy(RemovalPolicy.RETAIN));
    // the ingestion ledger's daily recovery points are copied here (the ingestion stack's backup plan)
    software.amazon.awscdk.services.backup.BackupVault.Builder.create(this, "LedgerVault").backupVaultName(backupVaultName(props.config()))
        .encryptionKey(key).removalPolicy(RemovalPolicy.RETAIN).build();
    NagSuppressions.addResourceSuppressions(replica, CompliancePacks.inEveryPack("S3BucketReplicationEnabled",
        "This bucket is the replica: the copy of the lake in the DR region", CompliancePacks.NIST, CompliancePacks.PCI));
    NagSuppressions.addResourceSuppressions(logs, java.util.stream.Stream.concat(
        CompliancePacks.inEveryPack("S3BucketReplicationEnabled", "Access logs of the replica: an audit record of this region, not data a failover restores",
            CompliancePacks.NIST, CompliancePacks.PCI).stream(),
        CompliancePacks.inEveryPack("S3DefaultEncryptionKMS", "S3 server access logging delivers only to SSE-S3 buckets",
            CompliancePacks.NIST, CompliancePacks.PCI).stream()).toList());
  }

  /** The DR region's vault for the ledger's backup copies. */
  public static String backupVaultName(EnvironmentConfig config) {
    return "lakehouse-" + config.name() + "-ledger-dr";
  }

  public static String replicaBucketName(EnvironmentConfig config) {
    return "lakehouse-" + config.name() + "-replica-" + config.account() + "-" + config.drRegion();
  }

  public static String replicaKeyAlias(EnvironmentConfig config) {
    return "alias/lakehouse-" + config.name() + "-replica";
  }
}
