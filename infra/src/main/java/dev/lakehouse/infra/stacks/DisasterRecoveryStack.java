package dev.lakehouse.infra.stacks;

import dev.lakehouse.infra.config.EnvironmentConfig;
import dev.lakehouse.infra.constructs.LakehouseBucket;
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
    new LakehouseBucket(this, "Replica", key, logs, "replica/", b -> b
        .bucketName(replicaBucketName(props.config()))
        .lifecycleRules(List.of(LifecycleRule.builder().id("noncurrent").noncurrentVersionExpiration(Duration.days(30)).build()))
        .removalPolicy(RemovalPolicy.RETAIN));
  }

  public static String replicaBucketName(EnvironmentConfig config) {
    return "lakehouse-" + config.name() + "-replica-" + config.account() + "-" + config.drRegion();
  }

  public static String replicaKeyAlias(EnvironmentConfig config) {
    return "alias/lakehouse-" + config.name() + "-replica";
  }
}
