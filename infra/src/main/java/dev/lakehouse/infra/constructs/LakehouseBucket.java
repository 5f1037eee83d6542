package dev.lakehouse.infra.constructs;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.BucketProps;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * A bucket that holds lake data: SSE-KMS with a bucket key, TLS only, versioned, closed to the
 * public and access-logged. These are not options; callers choose the key, the log target,
 * lifecycle, removal and (rarely) a fixed name. A subclass of {@link Bucket}, so the construct id
 * alone decides the logical id, as for a plain bucket.
 */
public final class LakehouseBucket extends Bucket {
  public LakehouseBucket(Construct scope, String id, Props props) {
    super(scope, id, BucketProps.builder()
        .bucketName(props.bucketName)
        .encryption(BucketEncryption.KMS)
        .encryptionKey(props.encryptionKey)
        .bucketKeyEnabled(true)
        .enforceSsl(true)
        .versioned(true)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .serverAccessLogsBucket(props.accessLogs)
        .serverAccessLogsPrefix(props.accessLogsPrefix)
        .lifecycleRules(props.lifecycleRules)
        .removalPolicy(props.removalPolicy)
        .autoDeleteObjects(props.autoDeleteObjects)
        .build());
  }

  /** What a lake bucket leaves to its caller. */
  public static final class Props {
    private final IKey encryptionKey;
    private final IBucket accessLogs;
    private final String accessLogsPrefix;
    private final List<LifecycleRule> lifecycleRules;
    private final RemovalPolicy removalPolicy;
    private final boolean autoDeleteObjects;
    private final String bucketName;

    private Props(Builder b) {
      this.encryptionKey = Objects.requireNonNull(b.encryptionKey, "encryptionKey");
      this.accessLogs = Objects.requireNonNull(b.accessLogs, "accessLogs");
      this.accessLogsPrefix = Objects.requireNonNull(b.accessLogsPrefix, "accessLogsPrefix");
      this.lifecycleRules = List.copyOf(b.lifecycleRules);
      this.removalPolicy = Objects.requireNonNull(b.removalPolicy, "removalPolicy");
      this.autoDeleteObjects = b.autoDeleteObjects;
      this.bucketName = b.bucketName;
    }

    public static Builder builder() {
      return new Builder();
    }

    public static final class Builder {
      private IKey encryptionKey;
      private IBucket accessLogs;
      private String accessLogsPrefix;
      private List<LifecycleRule> lifecycleRules = List.of();
      private RemovalPolicy removalPolicy = RemovalPolicy.RETAIN;
      private boolean autoDeleteObjects;
      private String bucketName;

      private Builder() {}

      public Builder encryptionKey(IKey key) {
        this.encryptionKey = key;
        return this;
      }

      /** Where S3 writes the server access logs, under {@code prefix}. */
      public Builder accessLogs(IBucket bucket, String prefix) {
        this.accessLogs = bucket;
        this.accessLogsPrefix = prefix;
        return this;
      }

      public Builder lifecycleRules(List<LifecycleRule> rules) {
        this.lifecycleRules = rules;
        return this;
      }

      public Builder removalPolicy(RemovalPolicy policy) {
        this.removalPolicy = policy;
        return this;
      }

      public Builder autoDeleteObjects(boolean autoDelete) {
        this.autoDeleteObjects = autoDelete;
        return this;
      }

      /** A fixed name, only where another region must address the bucket without a reference. */
      public Builder bucketName(String name) {
        this.bucketName = name;
        return this;
      }

      public Props build() {
        return new Props(this);
      }
    }
  }
}
