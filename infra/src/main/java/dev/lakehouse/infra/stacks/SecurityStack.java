package dev.lakehouse.infra.stacks;

import dev.lakehouse.infra.config.EnvironmentConfig;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/** KMS keys (rotation on) for the lake and for alerts, and the KMS-encrypted alert topic. */
public final class SecurityStack extends Stack {
  private final Key lakeKey;
  private final Key alertsKey;
  private final Topic alerts;

  public SecurityStack(Construct scope, String id, StackProps props, EnvironmentConfig config) {
    super(scope, id, props);
    boolean prod = "prod".equals(config.name());
    lakeKey = Key.Builder.create(this, "LakeKey")
        .alias("alias/lakehouse-" + config.name() + "-lake")
        .description("Encrypts the lakehouse buckets, catalog, logs and extractor state")
        .enableKeyRotation(true)
        .pendingWindow(Duration.days(30))
        .removalPolicy(prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
        .build();
    // CloudWatch Logs (flow logs, function logs) encrypts with the lake key
    lakeKey.grantEncryptDecrypt(new software.amazon.awscdk.services.iam.ServicePrincipal("logs." + getRegion() + ".amazonaws.com"));
    alertsKey = Key.Builder.create(this, "AlertsKey")
        .alias("alias/lakehouse-" + config.name() + "-alerts")
        .description("Encrypts the alert topic")
        .enableKeyRotation(true)
        .removalPolicy(prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
        .build();
    alerts = Topic.Builder.create(this, "Alerts")
        .topicName("lakehouse-" + config.name() + "-alerts")
        .masterKey(alertsKey)
        .enforceSsl(true)
        .build();
  }

  public Key lakeKey() {
    return lakeKey;
  }

  public Key alertsKey() {
    return alertsKey;
  }

  public Topic alerts() {
    return alerts;
  }
}
