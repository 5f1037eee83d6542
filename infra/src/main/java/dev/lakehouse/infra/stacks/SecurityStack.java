package dev.lakehouse.infra.stacks;

import dev.lakehouse.infra.config.EnvironmentConfig;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.chatbot.LoggingLevel;
import software.amazon.awscdk.services.chatbot.SlackChannelConfiguration;
import software.amazon.awscdk.services.sns.SubscriptionProtocol;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.UrlSubscription;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.constructs.Construct;

/**
 * KMS keys (rotation on) for the lake, for the landed raw files and for alerts, the KMS-encrypted alert topics (critical:
 * {@link #alerts()}, warning: {@link #warnings()}) with the people and endpoints of
 * {@code alerts} in the environment subscribed, and the PII hash-key secret.
 */
public final class SecurityStack extends Stack {
  private final Key lakeKey;
  private final Key rawKey;
  private final Key alertsKey;
  private final Topic alerts;
  private final Topic warnings;
  private final Secret piiHashKey;

  public SecurityStack(Construct scope, String id, PlatformProps props) {
    super(scope, id, props.stackProps());
    lakeKey = dataKey("LakeKey", "alias/lakehouse-" + props.config().name() + "-lake",
        "Encrypts the lakehouse buckets, catalog, logs and extractor state", props);
    // CloudWatch Logs (flow logs, function logs) encrypts with the lake key
    lakeKey.grantEncryptDecrypt(new software.amazon.awscdk.services.iam.ServicePrincipal("logs." + getRegion() + ".amazonaws.com"));
    // CloudTrail encrypts the audit trail (storage stack) with the lake key
    lakeKey.grant(new software.amazon.awscdk.services.iam.ServicePrincipal("cloudtrail.amazonaws.com"),
        "kms:GenerateDataKey*", "kms:DescribeKey");
    // the landed files hold clear PII (emails, card numbers): a key of their own, which only the writers
    // (extractors, Firehose), bronze, the erasure and replication may use
    rawKey = dataKey("RawKey", dev.lakehouse.contract.pipeline.DeployedNames.rawKeyAlias(props.config().name()),
        "Encrypts the landed raw files (landing/ and quarantine/), which hold clear PII", props);
    piiHashKey = Secret.Builder.create(this, "PiiHashKey")
        .secretName("lakehouse/" + props.config().name() + "/pii-hash-key")
        .description("Key of the keyed hash (HMAC) that pseudonymises emails and card numbers in silver; read by the Spark jobs")
        .encryptionKey(lakeKey)
        .generateSecretString(SecretStringGenerator.builder().passwordLength(64).excludePunctuation(true).build())
        .replicaRegions(replicaRegions(this, props.config()))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
    String manualRotation = "Rotating the PII hash key must move every stored hash in silver onto the new key in step: it is rotated by runbook (runbooks/pii-key-rotation.md: append a key, run the pii-rehash job), not by a Lambda";
    NagSuppressions.addResourceSuppressions(piiHashKey, List.of(NagPackSuppression.builder().id("AwsSolutions-SMG4").reason(manualRotation).build(),
        NagPackSuppression.builder().id(CompliancePacks.NIST + "-SecretsManagerRotationEnabled").reason(manualRotation).build()));
    alertsKey = Key.Builder.create(this, "AlertsKey")
        .alias("alias/lakehouse-" + props.config().name() + "-alerts")
        .description("Encrypts the alert topic")
        .enableKeyRotation(true)
        .removalPolicy(props.stateRemoval())
        .build();
    // alarms and EventBridge rules publish to the encrypted topic
    for (String service : List.of("cloudwatch.amazonaws.com", "events.amazonaws.com")) {
      alertsKey.grant(new software.amazon.awscdk.services.iam.ServicePrincipal(service), "kms:GenerateDataKey*", "kms:Decrypt");
    }
    alerts = topic("Alerts", props.config().name(), "alerts", "critical", props.config().alerts().critical());
    warnings = topic("Warnings", props.config().name(), "warnings", "warning", props.config().alerts().warning());
    EnvironmentConfig.Slack slack = props.config().alerts().slack();
    if (slack != null) {
      SlackChannelConfiguration.Builder.create(this, "Slack")
          .slackChannelConfigurationName("lakehouse-" + props.config().name() + "-alerts")
          .slackWorkspaceId(slack.workspaceId())
          .slackChannelId(slack.channelId())
          .notificationTopics(List.of(alerts, warnings))
          .loggingLevel(LoggingLevel.ERROR)
          .build();
    }
  }

  /**
   * One severity's encrypted topic with its people and endpoints subscribed. Email subscribers
   * confirm by the link SNS mails them; an HTTPS endpoint confirms by the SubscribeURL it is sent.
   */
  private Topic topic(String id, String env, String suffix, String severity, EnvironmentConfig.Route route) {
    Topic topic = Topic.Builder.create(this, id)
        .topicName("lakehouse-" + env + "-" + suffix)
        .displayName("Lakehouse " + env + " " + severity)
        .masterKey(alertsKey)
        .enforceSsl(true)
        .build();
    route.emails().forEach(e -> topic.addSubscription(new EmailSubscription(e)));
    route.httpsEndpoints().forEach(u -> topic.addSubscription(UrlSubscription.Builder.create(u).protocol(SubscriptionProtocol.HTTPS).build()));
    return topic;
  }

  /** A key for data: rotated, 30 days before a deleted one is gone. */
  private Key dataKey(String id, String alias, String description, PlatformProps props) {
    return Key.Builder.create(this, id)
        .alias(alias)
        .description(description)
        .enableKeyRotation(true)
        .pendingWindow(Duration.days(30))
        .removalPolicy(props.stateRemoval())
        .build();
  }

  /**
   * Where an environment replicates its lake, its secrets are replicated too, under the replica key,
   * so a failover finds them in the DR region (the key is named by its alias: it lives in another stack and region).
   */
  static List<software.amazon.awscdk.services.secretsmanager.ReplicaRegion> replicaRegions(software.constructs.Construct scope,
      EnvironmentConfig config) {
    if (!config.features().crossRegionReplication()) {
      return List.of();
    }
    String alias = "arn:" + Stack.of(scope).getPartition() + ":kms:" + config.drRegion() + ":" + config.account() + ":"
        + DisasterRecoveryStack.replicaKeyAlias(config);
    String id = "ReplicaKeyIn" + config.drRegion().replace("-", "");
    software.constructs.IConstruct known = Stack.of(scope).getNode().tryFindChild(id);
    IKey key = known != null ? (IKey) known : Key.fromKeyArn(Stack.of(scope), id, alias);
    return List.of(software.amazon.awscdk.services.secretsmanager.ReplicaRegion.builder().region(config.drRegion()).encryptionKey(key).build());
  }

  public Key lakeKey() {
    return lakeKey;
  }

  /** The key of the landed raw files ({@code landing/}, {@code quarantine/}): clear PII. */
  public Key rawKey() {
    return rawKey;
  }

  public Key alertsKey() {
    return alertsKey;
  }

  /** The secret holding the PII hash key (its value never appears in a template or job definition). */
  public Secret piiHashKey() {
    return piiHashKey;
  }

  /** Critical: someone acts now (the pipeline failed or stopped running, data past its freshness objective). */
  public Topic alerts() {
    return alerts;
  }

  /** Warning: degraded, not failing yet; looked at within the working day. */
  public Topic warnings() {
    return warnings;
  }
}
