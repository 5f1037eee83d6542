package dev.lakehouse.infra.stacks;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.infra.RepoPaths;
import dev.lakehouse.infra.config.EnvironmentConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * The two extractor Lambdas from the built {@code lambdas} jar (Java 25 runtime, SnapStart), the DynamoDB ledger/watermark
 * table (on-demand, point-in-time recovery, the lake key), their secrets, and the EventBridge
 * schedules. The SFTP extractor reaches the partner over the internet, so it runs outside the
 * VPC; the RDS extractor runs in the private subnets.
 */
public final class IngestionStack extends Stack {
  /** Namespace of the extractors' EMF metrics; the observability stack alarms on them. */
  static final String METRICS_NAMESPACE = "Lakehouse/Ingestion";

  private final Table ledger;
  private final Function sftp;
  private final Function rds;

  public IngestionStack(Construct scope, String id, StackProps props, EnvironmentConfig config, SecurityStack security,
      StorageStack storage, NetworkStack network) {
    super(scope, id, props);
    boolean prod = "prod".equals(config.name());
    ledger = Table.Builder.create(this, "Ledger")
        .tableName("lakehouse-" + config.name() + "-ingestion-ledger")
        .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
        .encryption(TableEncryption.CUSTOMER_MANAGED)
        .encryptionKey(security.lakeKey())
        .removalPolicy(prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
        .build();

    Secret sftpSecret = Secret.Builder.create(this, "SftpSecret")
        .secretName("lakehouse/" + config.name() + "/sftp")
        .description("Partner SFTP: {host, port, username, password | privateKey}; set its value after deploy")
        .encryptionKey(security.lakeKey())
        .build();
    Secret rdsSecret = Secret.Builder.create(this, "RdsSecret")
        .secretName("lakehouse/" + config.name() + "/rds-users")
        .description("Read-only RDS user for the users extract: {host, port, dbname, username, password}")
        .encryptionKey(security.lakeKey())
        .build();

    Map<String, String> common = new HashMap<>();
    common.put("LAKE_BUCKET", storage.lake().getBucketName());
    common.put("LAKE_KMS_KEY_ID", security.lakeKey().getKeyArn());
    common.put("LEDGER_TABLE", ledger.getTableName());
    common.put("POWERTOOLS_SERVICE_NAME", "lakehouse-ingestion");
    common.put("POWERTOOLS_METRICS_NAMESPACE", METRICS_NAMESPACE);

    Map<String, String> sftpEnv = new HashMap<>(common);
    sftpEnv.put("SFTP_SECRET", sftpSecret.getSecretArn());
    sftpEnv.put("SFTP_HOST_KEY_FINGERPRINT", "SHA256:REPLACE-WITH-THE-PARTNER-HOST-KEY-FINGERPRINT");
    sftp = function("SftpExtractor", config, security, "dev.lakehouse.lambdas.sftp.SftpExtractorHandler::handleRequest", sftpEnv,
        Duration.minutes(15), 1024, null, null);

    SecurityGroup rdsSg = SecurityGroup.Builder.create(this, "RdsExtractorSg").vpc(network.vpc())
        .description("RDS extractor: egress to the database and the VPC endpoints").allowAllOutbound(true).build();
    Map<String, String> rdsEnv = new HashMap<>(common);
    rdsEnv.put("RDS_SECRET", rdsSecret.getSecretArn());
    rds = function("RdsExtractor", config, security, "dev.lakehouse.lambdas.rds.RdsExtractorHandler::handleRequest", rdsEnv,
        Duration.minutes(15), 1024, network, rdsSg);

    // least privilege: each function writes only its own landing and quarantine prefixes
    storage.lake().grantPut(sftp, LakeLayout.landingPrefix(Source.TRANSACTIONS) + "*");
    storage.lake().grantPut(sftp, LakeLayout.QUARANTINE + Source.TRANSACTIONS.id() + "/*");
    storage.lake().grantPut(rds, LakeLayout.landingPrefix(Source.USERS) + "*");
    for (Function f : List.of(sftp, rds)) {
      ledger.grantReadWriteData(f);
      security.lakeKey().grantEncryptDecrypt(f);
    }
    // Secret.grantRead would add the function's role to the lake key's policy in the security
    // stack (a cross-stack cycle); the key already trusts IAM policies of this account, so the
    // role gets the read and the decrypt-via-Secrets-Manager itself.
    readSecret(sftp, sftpSecret, security);
    readSecret(rds, rdsSecret, security);

    Rule.Builder.create(this, "SftpSchedule").schedule(Schedule.expression(config.schedules().sftpExtract()))
        .targets(List.of(new LambdaFunction(sftp.getCurrentVersion()))).build();
    Rule.Builder.create(this, "RdsSchedule").schedule(Schedule.expression(config.schedules().rdsExtract()))
        .targets(List.of(new LambdaFunction(rds.getCurrentVersion()))).build();

    for (Secret s : List.of(sftpSecret, rdsSecret)) {
      NagSuppressions.addResourceSuppressions(s, List.of(NagPackSuppression.builder().id("AwsSolutions-SMG4")
          .reason("Credentials are issued by their owners (the partner, the database team); rotation is the credential-rotation runbook, not a Lambda rotator").build()));
    }
    for (Function f : List.of(sftp, rds)) {
      NagSuppressions.addResourceSuppressions(f, List.of(
          NagPackSuppression.builder().id("AwsSolutions-IAM4").appliesTo(List.of(
              "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
              "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"))
              .reason("AWS-managed execution policies: log delivery and VPC network interfaces only").build(),
          NagPackSuppression.builder().id("AwsSolutions-IAM5")
              .reason("Wildcards limited to this function's object prefixes in the lake bucket and to KMS data-key/re-encrypt actions on the lake key, as granted by CDK grant methods").build()),
          true);
    }
  }

  private Function function(String id, EnvironmentConfig config, SecurityStack security, String handler, Map<String, String> env,
      Duration timeout, int memory, NetworkStack network, SecurityGroup sg) {
    LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
        .encryptionKey(security.lakeKey())
        .retention(NetworkStack.logRetention(config.retentionDays().logs()))
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    Function.Builder b = Function.Builder.create(this, id)
        .runtime(Runtime.JAVA_25)
        .handler(handler)
        .code(Code.fromAsset(RepoPaths.lambdasJar().toString()))
        .memorySize(memory)
        .timeout(timeout)
        .environment(env)
        .logGroup(logs)
        .tracing(Tracing.ACTIVE)
        .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
    if (network != null) {
      b.vpc(network.vpc()).vpcSubnets(SubnetSelection.builder().subnetType(
          config.network().natGateways() > 0 ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED).build())
          .securityGroups(List.of(sg));
    }
    Function f = b.build();
    // the schedules invoke f.getCurrentVersion(), a published version, which is what SnapStart needs
    software.amazon.awscdk.Annotations.of(f).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
        "the EventBridge schedule targets the function's published current version");
    return f;
  }

  private static void readSecret(Function f, Secret secret, SecurityStack security) {
    f.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"))
        .resources(List.of(secret.getSecretArn())).build());
    f.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("kms:Decrypt"))
        .resources(List.of(security.lakeKey().getKeyArn()))
        .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "secretsmanager." + Stack.of(f).getRegion() + ".amazonaws.com")))
        .build());
  }

  public Table ledger() {
    return ledger;
  }

  public Function sftp() {
    return sftp;
  }

  public Function rds() {
    return rds;
  }
}
