package dev.lakehouse.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.infra.config.EnvironmentConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Every stack of every environment: its safe defaults, and cdk-nag with nothing unsuppressed. */
class PlatformStacksTest {
  @TempDir Path out;


  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void cdkNagFindsNoUnsuppressedErrorOrWarning(String env) {
    List<Stack> all = Stacks.of(env);
    assertThat(all).hasSizeGreaterThanOrEqualTo(10);
    List<String> findings = new java.util.ArrayList<>();
    for (Stack s : all) {
      Stacks.template(env, s.getStackName().substring(("lakehouse-" + env + "-").length())); // synthesis runs the nag aspects
      for (var m : Annotations.fromStack(s).findError("*", Match.stringLikeRegexp(".*"))) {
        findings.add(s.getStackName() + " error " + m.getId() + ": " + m.getEntry().getData());
      }
      for (var m : Annotations.fromStack(s).findWarning("*", Match.stringLikeRegexp(".*"))) {
        findings.add(s.getStackName() + " warning " + m.getId() + ": " + m.getEntry().getData());
      }
    }
    assertThat(findings).as("cdk-nag findings (AwsSolutions, NIST 800-53 rev 5, PCI DSS 3.2.1)").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  @SuppressWarnings("unchecked")
  void everyWildcardOrManagedPolicySuppressionNamesWhatItAllows(String env) {
    List<String> blanket = new java.util.ArrayList<>();
    int scoped = 0;
    for (Stack s : Stacks.of(env)) {
      Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) Stacks.template(env,
          s.getStackName().substring(("lakehouse-" + env + "-").length())).toJSON().get("Resources");
      for (var r : resources.entrySet()) {
        Object nag = r.getValue().get("Metadata") instanceof Map<?, ?> m ? m.get("cdk_nag") : null;
        if (nag instanceof Map<?, ?> n && n.get("rules_to_suppress") instanceof List<?> rules) {
          for (Object rule : rules) {
            Map<String, Object> suppression = (Map<String, Object>) rule;
            if (List.of("AwsSolutions-IAM4", "AwsSolutions-IAM5").contains(suppression.get("id"))) {
              if (suppression.get("applies_to") instanceof List<?> l && !l.isEmpty()) {
                scoped++;
              } else {
                blanket.add(s.getStackName() + "/" + r.getKey() + " " + suppression.get("id"));
              }
            }
          }
        }
      }
    }
    assertThat(blanket).as("IAM4/IAM5 suppressions without appliesTo").isEmpty();
    assertThat(scoped).isGreaterThan(10);
  }

  /** Services whose documentation gives a condition that stops them acting for another account (confused deputy). */
  private static final List<String> CONDITIONED_SERVICES = List.of("states.amazonaws.com", "events.amazonaws.com",
      "firehose.amazonaws.com", "emr-serverless.amazonaws.com", "vpc-flow-logs.amazonaws.com");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  @SuppressWarnings("unchecked")
  void servicesThatDocumentAConfusedDeputyConditionAssumeOurRolesOnlyWithIt(String env) {
    List<String> unconditioned = new java.util.ArrayList<>();
    java.util.Set<String> services = new java.util.TreeSet<>();
    for (Stack s : Stacks.of(env)) {
      Template t = Stacks.template(env, s.getStackName().substring(("lakehouse-" + env + "-").length()));
      for (var r : t.findResources("AWS::IAM::Role").entrySet()) {
        Map<String, Object> doc = (Map<String, Object>) ((Map<String, Object>) r.getValue().get("Properties")).get("AssumeRolePolicyDocument");
        for (Map<String, Object> st : (List<Map<String, Object>>) doc.get("Statement")) {
          Object service = st.get("Principal") instanceof Map<?, ?> p ? p.get("Service") : null;
          if (service != null) {
            services.add(String.valueOf(service));
            if (CONDITIONED_SERVICES.contains(String.valueOf(service)) && st.get("Condition") == null) {
              unconditioned.add(s.getStackName() + "/" + r.getKey() + " " + service);
            }
          }
        }
      }
    }
    assertThat(unconditioned).as("service roles without a source condition; services seen: " + services).isEmpty();
    assertThat(services).contains("states.amazonaws.com", "firehose.amazonaws.com", "events.amazonaws.com");
  }

  @org.junit.jupiter.api.Test
  void theNagCheckDoesFlagAnInsecureResource() {
    // guards the test above against passing vacuously (e.g. the aspect not being applied)
    App app = new App(software.amazon.awscdk.AppProps.builder().outdir(out.toString()).build());
    Stack s = new Stack(app, "insecure");
    new software.amazon.awscdk.services.s3.Bucket(s, "Plain");
    software.amazon.awscdk.Aspects.of(s).add(new io.github.cdklabs.cdknag.AwsSolutionsChecks());
    Template.fromStack(s);
    assertThat(Annotations.fromStack(s).findError("*", Match.stringLikeRegexp("AwsSolutions-S.*"))).isNotEmpty();
  }

  /**
   * Where the environment protects its state (prod), no stack can be deleted by mistake and the
   * log groups, Glue databases and the ingestion ledger outlive their stack, the ledger with
   * deletion protection too; elsewhere the same resources go with their stack.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void statefulResourcesOutliveTheirStacksWhereTheEnvironmentProtectsItsState(String env) {
    boolean protect = Stacks.config(env).features().protectState();
    assertThat(protect).isEqualTo(env.equals("prod"));
    int checked = 0;
    for (Stack s : Stacks.of(env)) {
      assertThat(s.getTerminationProtection()).as(s.getStackName() + " termination protection").isEqualTo(protect);
      Template t = Stacks.template(env, s.getStackName().substring(("lakehouse-" + env + "-").length()));
      for (String type : List.of("AWS::Logs::LogGroup", "AWS::Glue::Database", "AWS::DynamoDB::Table")) {
        for (var r : t.findResources(type).entrySet()) {
          assertThat(r.getValue().get("DeletionPolicy")).as(s.getStackName() + "/" + r.getKey()).isEqualTo(protect ? "Retain" : "Delete");
          checked++;
        }
      }
      for (var r : t.findResources("AWS::DynamoDB::Table").values()) {
        @SuppressWarnings("unchecked") Map<String, Object> p = (Map<String, Object>) r.get("Properties");
        assertThat(Boolean.TRUE.equals(p.get("DeletionProtectionEnabled"))).as(s.getStackName() + " ledger deletion protection").isEqualTo(protect);
      }
    }
    assertThat(checked).as("the log groups, the Glue databases, the ledger").isGreaterThan(10);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void keysRotateAndTheAlertTopicIsEncrypted(String env) {
    Template t = Stacks.template(env, "security");
    // the lake's, the landed raw files' (clear PII) and the alerts'
    t.resourceCountIs("AWS::KMS::Key", 3);
    t.allResourcesProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    t.hasResourceProperties("AWS::KMS::Alias", Map.of("AliasName", "alias/lakehouse-" + env + "-raw", "TargetKeyId", Match.anyValue()));
    // the extractors land their files under the raw key
    Stacks.template(env, "ingestion").allResourcesProperties("AWS::Lambda::Function", Match.objectLike(Map.of("Environment", Map.of(
        "Variables", Match.objectLike(Map.of(dev.lakehouse.contract.ingest.ExtractorSettings.LAKE_KMS_KEY_ID,
            Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*RawKey.*"))))))));
    t.resourceCountIs("AWS::SNS::Topic", 2);
    t.allResourcesProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
  }

  /** Each severity's topic has one subscription per configured email and HTTPS endpoint; Slack through Chatbot when set. */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void alertsReachEveryConfiguredPersonAndEndpoint(String env) {
    Template t = Stacks.template(env, "security");
    var alerts = Stacks.config(env).alerts();
    Map<String, dev.lakehouse.infra.config.EnvironmentConfig.Route> routes = Map.of("Alerts", alerts.critical(), "Warnings", alerts.warning());
    int all = 0;
    for (var r : routes.entrySet()) {
      String topic = t.findResources("AWS::SNS::Topic").keySet().stream().filter(k -> k.startsWith(r.getKey())).findFirst().orElseThrow();
      for (String email : r.getValue().emails()) {
        t.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", email, "TopicArn", Map.of("Ref", topic)));
      }
      for (String url : r.getValue().httpsEndpoints()) {
        t.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "https", "Endpoint", url, "TopicArn", Map.of("Ref", topic)));
      }
      all += r.getValue().emails().size() + r.getValue().httpsEndpoints().size();
    }
    assertThat(all).isPositive();
    t.resourceCountIs("AWS::SNS::Subscription", all);
    t.resourceCountIs("AWS::Chatbot::SlackChannelConfiguration", alerts.slack() == null ? 0 : 1);
    if (alerts.slack() != null) {
      t.hasResourceProperties("AWS::Chatbot::SlackChannelConfiguration", Match.objectLike(Map.of(
          "SlackWorkspaceId", alerts.slack().workspaceId(), "SlackChannelId", alerts.slack().channelId(),
          "SnsTopicArns", Match.arrayWith(List.of(Map.of("Ref", Match.stringLikeRegexp("^Warnings.*")))))));
    }
  }

  /**
   * Tables sit at {@code <warehouse>/<namespace>/<table>/} with the warehouse at the lake bucket's
   * root (ComputeStack's {@code --warehouse}, TableMigrator's Glue locations). An object an Iceberg
   * snapshot still reads must never be expired under it: no rule of any bucket that expires
   * current objects may have a prefix that covers a table.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void noLifecycleRuleExpiresTheCurrentObjectsOfATable(String env) {
    List<String> tables = dev.lakehouse.contract.schema.TableRegistry.all().stream()
        .map(spec -> spec.id().namespace() + "/" + spec.id().name() + "/").toList();
    int expiring = 0;
    int lakeRules = 0;
    for (Map.Entry<String, Map<String, Object>> bucket : Stacks.template(env, "storage").findResources("AWS::S3::Bucket").entrySet()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> props = (Map<String, Object>) bucket.getValue().getOrDefault("Properties", Map.of());
      @SuppressWarnings("unchecked")
      Map<String, Object> lifecycle = (Map<String, Object>) props.getOrDefault("LifecycleConfiguration", Map.of());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> rules = (List<Map<String, Object>>) lifecycle.getOrDefault("Rules", List.of());
      for (Map<String, Object> rule : rules) {
        if (!rule.containsKey("ExpirationInDays") && !rule.containsKey("ExpirationDate")) {
          continue;
        }
        expiring++;
        if (!String.valueOf(props.get("LoggingConfiguration")).contains("LogFilePrefix=lake/")) {
          continue; // the access-log and trail buckets hold no table
        }
        lakeRules++;
        String prefix = String.valueOf(rule.getOrDefault("Prefix", ""));
        assertThat(prefix).as("rule %s of %s expires objects of the whole bucket", rule.get("Id"), bucket.getKey()).isNotEmpty();
        assertThat(tables).as("rule %s (prefix %s) of %s", rule.get("Id"), prefix, bucket.getKey())
            .noneMatch(table -> table.startsWith(prefix));
      }
    }
    assertThat(lakeRules).as("the lake's landing and quarantine rules expire").isEqualTo(2);
    assertThat(expiring).as("and so do the log buckets'").isGreaterThan(lakeRules);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theLakeBucketIsEncryptedVersionedPrivateLoggedAndHasALifecyclePerLayer(String env) {
    EnvironmentConfig c = EnvironmentConfig.load(Path.of("..", "environments"), env);
    Template t = Stacks.template(env, "storage");
    Object encryption = Match.objectLike(Map.of("ServerSideEncryptionConfiguration", List.of(Match.objectLike(Map.of(
        "ServerSideEncryptionByDefault", Match.objectLike(Map.of("SSEAlgorithm", "aws:kms")), "BucketKeyEnabled", true)))));
    // arrayWith matches in order: the rules as StorageStack declares them
    Object rules = Match.arrayWith(List.of(
        Match.objectLike(Map.of("Id", "abort-incomplete-uploads", "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1))),
        Match.objectLike(Map.of("Id", "landing", "Prefix", "landing/", "ExpirationInDays", c.retentionDays().bronze())),
        Match.objectLike(Map.of("Id", "bronze", "Prefix", "bronze/", "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 7))),
        Match.objectLike(Map.of("Id", "silver", "Prefix", "silver/", "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30))),
        Match.objectLike(Map.of("Id", "quarantine", "Prefix", "quarantine/", "ExpirationInDays", c.retentionDays().quarantine()))));
    t.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
        "BucketEncryption", encryption,
        "VersioningConfiguration", Map.of("Status", "Enabled"),
        "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
            "RestrictPublicBuckets", true),
        "LoggingConfiguration", Match.objectLike(Map.of("LogFilePrefix", "lake/")),
        "LifecycleConfiguration", Map.of("Rules", rules))));
    // TLS only: a Deny on aws:SecureTransport = false for the lake bucket
    Object denyInsecure = Match.objectLike(Map.of("Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
    Object statements = Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(denyInsecure))));
    t.hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of("PolicyDocument", statements)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void budgetsNotifyAtTheEnvironmentsAmounts(String env) {
    EnvironmentConfig c = EnvironmentConfig.load(Path.of("..", "environments"), env);
    Template t = Stacks.template(env, "cost");
    t.resourceCountIs("AWS::Budgets::Budget", 2);
    Object monthlyLimit = Match.objectLike(Map.of("TimeUnit", "MONTHLY",
        "BudgetLimit", Map.of("Amount", c.budget().monthlyUsd(), "Unit", "USD")));
    Object thresholds = Match.arrayWith(List.of(threshold(50), threshold(80), threshold(100), threshold(120)));
    t.hasResourceProperties("AWS::Budgets::Budget", Match.objectLike(Map.of("Budget", monthlyLimit, "NotificationsWithSubscribers", thresholds)));
    Object dailyLimit = Match.objectLike(Map.of("TimeUnit", "DAILY",
        "BudgetLimit", Map.of("Amount", c.budget().dailyComputeUsd(), "Unit", "USD")));
    t.hasResourceProperties("AWS::Budgets::Budget", Match.objectLike(Map.of("Budget", dailyLimit)));
  }

  private static Object threshold(int pct) {
    return Match.objectLike(Map.of("Notification", Match.objectLike(Map.of("Threshold", pct))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theVpcIsPrivateWithGatewayAndInterfaceEndpointsAndNoNatUnlessAsked(String env) {
    EnvironmentConfig c = EnvironmentConfig.load(Path.of("..", "environments"), env);
    Template t = Stacks.template(env, "network");
    t.resourceCountIs("AWS::EC2::NatGateway", c.network().natGateways());
    t.resourceCountIs("AWS::EC2::InternetGateway", c.network().natGateways() > 0 ? 1 : 0);
    t.hasResourceProperties("AWS::EC2::VPCEndpoint", Match.objectLike(Map.of("VpcEndpointType", "Gateway",
        "ServiceName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(".s3")))))))));
    t.resourceCountIs("AWS::EC2::VPCEndpoint", 2 + 3 + (c.streaming().mskEnabled() ? 3 : 0));
    t.resourceCountIs("AWS::EC2::FlowLog", 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theExtractorsTheirLedgerAndSchedulesAreDeployed(String env) {
    EnvironmentConfig c = EnvironmentConfig.load(Path.of("..", "environments"), env);
    Template t = Stacks.template(env, "ingestion");
    t.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
        "BillingMode", "PAY_PER_REQUEST",
        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
        "SSESpecification", Match.objectLike(Map.of("SSEEnabled", true, "SSEType", "KMS")),
        "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH")))));
    t.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
        "Handler", "dev.lakehouse.lambdas.sftp.SftpExtractorHandler::handleRequest",
        "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
        "VpcConfig", Match.absent())));
    t.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
        "Handler", "dev.lakehouse.lambdas.rds.RdsExtractorHandler::handleRequest",
        "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
        "VpcConfig", Match.objectLike(Map.of("SubnetIds", Match.anyValue())))));
    t.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of("ScheduleExpression", c.schedules().sftpExtract())));
    t.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of("ScheduleExpression", c.schedules().rdsExtract())));
    // the partner's host key comes from the environment's SSM parameter at deploy time, never from code
    String parameter = c.sftp().ssmParameter().orElseThrow();
    assertThat(t.toJSON().toString()).doesNotContain("REPLACE-WITH");
    var parameters = t.findParameters("*", Map.of("Type", "AWS::SSM::Parameter::Value<String>", "Default", parameter));
    assertThat(parameters).hasSize(1);
    t.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
        "Handler", "dev.lakehouse.lambdas.sftp.SftpExtractorHandler::handleRequest",
        "Environment", Map.of("Variables", Match.objectLike(Map.of(dev.lakehouse.contract.ingest.ExtractorSettings.SFTP_HOST_KEY_FINGERPRINT,
            Map.of("Ref", parameters.keySet().iterator().next())))))));
  }
}
