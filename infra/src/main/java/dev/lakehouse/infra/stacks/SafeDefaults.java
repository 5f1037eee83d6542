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

  /** {@code arn:<partition>:<service>:<region>:<account>:<resource>} in {@code stack}'s environment. */
  static String arn(Stack stack, String service, String resource) {
    return "arn:" + stack.getPartition() + ":" + service + ":" + stack.getRegion() + ":" + stack.getAccount() + ":" + resource;
  }
}
