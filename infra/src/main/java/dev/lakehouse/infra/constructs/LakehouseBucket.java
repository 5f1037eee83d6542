package dev.lakehouse.infra.constructs;

import java.util.function.Consumer;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.BucketProps;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * A bucket that holds lake data: SSE-KMS with a bucket key, TLS only, versioned, closed to the
 * public and access-logged. These are not options: callers choose the key and log target, and
 * set anything else (lifecycle, removal, a fixed name) on CDK's own {@link BucketProps.Builder},
 * after which the safe defaults are applied over it. A subclass of {@link Bucket}, so the
 * construct id alone decides the logical id, as for a plain bucket.
 */
public final class LakehouseBucket extends Bucket {
  public LakehouseBucket(Construct scope, String id, IKey key, IBucket accessLogs, String accessLogsPrefix,
      Consumer<BucketProps.Builder> options) {
    super(scope, id, props(key, accessLogs, accessLogsPrefix, options));
  }

  private static BucketProps props(IKey key, IBucket accessLogs, String accessLogsPrefix, Consumer<BucketProps.Builder> options) {
    BucketProps.Builder b = BucketProps.builder().removalPolicy(RemovalPolicy.RETAIN);
    options.accept(b);
    return b.encryption(BucketEncryption.KMS)
        .encryptionKey(key)
        .bucketKeyEnabled(true)
        .enforceSsl(true)
        .versioned(true)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .serverAccessLogsBucket(accessLogs)
        .serverAccessLogsPrefix(accessLogsPrefix)
        .build();
  }
}
