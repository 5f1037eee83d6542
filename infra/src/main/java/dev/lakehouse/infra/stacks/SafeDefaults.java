package dev.lakehouse.infra.stacks;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/** The defaults every resource of the platform starts from, so no stack can forget one. */
final class SafeDefaults {
  private SafeDefaults() {}

  /** A bucket that is TLS-only, versioned and closed to the public; callers add encryption, logging, lifecycle. */
  static Bucket.Builder privateBucket(Construct scope, String id) {
    return Bucket.Builder.create(scope, id)
        .enforceSsl(true)
        .versioned(true)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL);
  }

  /**
   * A DynamoDB table keyed by the string {@code pk}: on demand, point-in-time recovery, the lake key,
   * kept and protected from deletion where the environment protects its state.
   */
  static software.amazon.awscdk.services.dynamodb.Table.Builder stateTable(Construct scope, String id, String name, PlatformProps props) {
    return software.amazon.awscdk.services.dynamodb.Table.Builder.create(scope, id)
        .tableName(name)
        .partitionKey(software.amazon.awscdk.services.dynamodb.Attribute.builder().name("pk")
            .type(software.amazon.awscdk.services.dynamodb.AttributeType.STRING).build())
        .billingMode(software.amazon.awscdk.services.dynamodb.BillingMode.PAY_PER_REQUEST)
        .pointInTimeRecoverySpecification(software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification.builder()
            .pointInTimeRecoveryEnabled(true).build())
        .encryption(software.amazon.awscdk.services.dynamodb.TableEncryption.CUSTOMER_MANAGED)
        .encryptionKey(props.get(SecurityStack.class).lakeKey())
        .removalPolicy(props.stateRemoval())
        .deletionProtection(props.config().features().protectState());
  }

  /** {@code arn:<partition>:<service>:<region>:<account>:<resource>} in {@code stack}'s environment. */
  static String arn(Stack stack, String service, String resource) {
    return "arn:" + stack.getPartition() + ":" + service + ":" + stack.getRegion() + ":" + stack.getAccount() + ":" + resource;
  }
}
