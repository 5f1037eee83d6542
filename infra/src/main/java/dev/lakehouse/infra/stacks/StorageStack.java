package dev.lakehouse.infra.stacks;

import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.infra.config.EnvironmentConfig;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The lake bucket (SSE-KMS, TLS-only, versioned, public access blocked, access-logged) with one
 * lifecycle rule per layer prefix of {@link LakeLayout}: bronze and landing tiered then expired
 * after {@code retentionDays.bronze}, silver after {@code retentionDays.silver}, gold archived
 * after {@code retentionDays.gold}, quarantine expired; incomplete multipart uploads (a crashed
 * extractor) aborted after a day. The access-log bucket is S3-managed-encrypted (log delivery
 * cannot use KMS) and expires after {@code retentionDays.logs}.
 */
public final class StorageStack extends Stack {
  private final Bucket lake;
  private final Bucket accessLogs;

  public StorageStack(Construct scope, String id, StackProps props, EnvironmentConfig config, SecurityStack security) {
    super(scope, id, props);
    boolean prod = "prod".equals(config.name());
    RemovalPolicy removal = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    var days = config.retentionDays();

    accessLogs = Bucket.Builder.create(this, "AccessLogs")
        .encryption(BucketEncryption.S3_MANAGED)
        .enforceSsl(true)
        .versioned(true)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
        .lifecycleRules(List.of(LifecycleRule.builder().id("expire-logs").expiration(Duration.days(days.logs()))
            .noncurrentVersionExpiration(Duration.days(7)).build()))
        .removalPolicy(removal)
        .autoDeleteObjects(!prod)
        .build();

    lake = Bucket.Builder.create(this, "Lake")
        .encryption(BucketEncryption.KMS)
        .encryptionKey(security.lakeKey())
        .bucketKeyEnabled(true)
        .enforceSsl(true)
        .versioned(true)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .serverAccessLogsBucket(accessLogs)
        .serverAccessLogsPrefix("lake/")
        .lifecycleRules(List.of(
            LifecycleRule.builder().id("abort-incomplete-uploads").abortIncompleteMultipartUploadAfter(Duration.days(1)).build(),
            tiered("landing", LakeLayout.LANDING, days.bronze()),
            tiered("bronze", LakeLayout.BRONZE, days.bronze()),
            LifecycleRule.builder().id("silver").prefix(LakeLayout.SILVER)
                .transitions(List.of(Transition.builder().storageClass(StorageClass.INTELLIGENT_TIERING).transitionAfter(Duration.days(30)).build()))
                .expiration(Duration.days(days.silver())).noncurrentVersionExpiration(Duration.days(30)).build(),
            LifecycleRule.builder().id("gold").prefix(LakeLayout.GOLD)
                .transitions(List.of(Transition.builder().storageClass(StorageClass.GLACIER_INSTANT_RETRIEVAL)
                    .transitionAfter(Duration.days(days.gold())).build()))
                .noncurrentVersionExpiration(Duration.days(30)).build(),
            LifecycleRule.builder().id("quarantine").prefix(LakeLayout.QUARANTINE)
                .expiration(Duration.days(days.quarantine())).noncurrentVersionExpiration(Duration.days(7)).build()))
        .removalPolicy(removal)
        .autoDeleteObjects(!prod)
        .build();
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
