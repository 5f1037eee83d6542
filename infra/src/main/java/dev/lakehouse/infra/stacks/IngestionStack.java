package dev.lakehouse.infra.stacks;

import dev.lakehouse.infra.config.EnvironmentConfig;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.ingest.ExtractorSettings;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.infra.constructs.ExtractorFunction;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
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
  private final ExtractorFunction sftp;
  private final ExtractorFunction rds;

  public IngestionStack(Construct scope, String id, PlatformProps props) {
    super(scope, id, props.stackProps());
    ledger = SafeDefaults.stateTable(this, "Ledger", "lakehouse-" + props.config().name() + "-ingestion-ledger", props).build();

    Secret sftpSecret = Secret.Builder.create(this, "SftpSecret")
        .secretName("lakehouse/" + props.config().name() + "/sftp")
        .description("Partner SFTP: {host, port, username, password | privateKey}; set its value after deploy")
        .encryptionKey(props.get(SecurityStack.class).lakeKey())
        .replicaRegions(SecurityStack.replicaRegions(this, props.config()))
        .build();
    Secret rdsSecret = Secret.Builder.create(this, "RdsSecret")
        .secretName("lakehouse/" + props.config().name() + "/rds-users")
        .description("Read-only RDS user for the users extract: {host, port, dbname, username, password}")
        .encryptionKey(props.get(SecurityStack.class).lakeKey())
        .replicaRegions(SecurityStack.replicaRegions(this, props.config()))
        .build();

    Map<String, String> common = new HashMap<>();
    common.put(ExtractorSettings.LAKE_BUCKET, props.get(StorageStack.class).lake().getBucketName());
    // landed files are raw, clear PII: the raw key, not the lake's
    common.put(ExtractorSettings.LAKE_KMS_KEY_ID, props.get(SecurityStack.class).rawKey().getKeyArn());
    common.put(ExtractorSettings.LEDGER_TABLE, ledger.getTableName());
    common.put(ExtractorSettings.POWERTOOLS_SERVICE_NAME, "lakehouse-ingestion");
    common.put(ExtractorSettings.POWERTOOLS_METRICS_NAMESPACE, METRICS_NAMESPACE);

    Map<String, String> sftpEnv = new HashMap<>(common);
    sftpEnv.put(ExtractorSettings.SFTP_SECRET, sftpSecret.getSecretArn());
    // the partner's host key is configuration: the environment file's, or its SSM parameter's at deploy time
    EnvironmentConfig.Sftp partner = props.config().sftp();
    sftpEnv.put(ExtractorSettings.SFTP_HOST_KEY_FINGERPRINT, partner.ssmParameter()
        .map(name -> software.amazon.awscdk.services.ssm.StringParameter.valueForStringParameter(this, name))
        .orElse(partner.hostKeyFingerprint()));
    // both: 15 minutes, 1 GB, logs under the lake key, alarms to the alert topic
    ExtractorFunction.Shared shared = new ExtractorFunction.Shared(Duration.minutes(15), 1024, props.get(SecurityStack.class).lakeKey(),
        NetworkStack.logRetention(props.config().retentionDays().logs()), props.stateRemoval(), dev.lakehouse.infra.constructs.Alerting.Targets.of(props.get(SecurityStack.class).alerts(), props.get(SecurityStack.class).warnings()));
    sftp = new ExtractorFunction(this, "SftpExtractor", "dev.lakehouse.lambdas.sftp.SftpExtractorHandler::handleRequest", sftpEnv,
        shared, Optional.empty());

    SecurityGroup rdsSg = SecurityGroup.Builder.create(this, "RdsExtractorSg").vpc(props.get(NetworkStack.class).vpc())
        .description("RDS extractor: egress to the database and the VPC endpoints").allowAllOutbound(true).build();
    Map<String, String> rdsEnv = new HashMap<>(common);
    rdsEnv.put(ExtractorSettings.RDS_SECRET, rdsSecret.getSecretArn());
    rds = new ExtractorFunction(this, "RdsExtractor", "dev.lakehouse.lambdas.rds.RdsExtractorHandler::handleRequest", rdsEnv, shared,
        Optional.of(new ExtractorFunction.Placement(props.get(NetworkStack.class).vpc(), SubnetSelection.builder().subnetType(
            props.config().network().natGateways() > 0 ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED).build(), rdsSg)));

    // least privilege: each function writes only its own landing and quarantine prefixes
    props.get(StorageStack.class).lake().grantPut(sftp.function(), LakeLayout.landingPrefix(Source.TRANSACTIONS) + "*");
    props.get(StorageStack.class).lake().grantPut(sftp.function(), LakeLayout.QUARANTINE + Source.TRANSACTIONS.id() + "/*");
    props.get(StorageStack.class).lake().grantPut(rds.function(), LakeLayout.landingPrefix(Source.USERS) + "*");
    for (ExtractorFunction f : List.of(sftp, rds)) {
      ledger.grantReadWriteData(f.function());
      props.get(SecurityStack.class).lakeKey().grantEncryptDecrypt(f.function());
      props.get(SecurityStack.class).rawKey().grantEncryptDecrypt(f.function());
    }
    // Secret.grantRead would add the function's role to the lake key's policy in the security
    // stack (a cross-stack cycle); the key already trusts IAM policies of this account, so the
    // role gets the read and the decrypt-via-Secrets-Manager itself.
    readSecret(sftp.function(), sftpSecret, props.get(SecurityStack.class));
    readSecret(rds.function(), rdsSecret, props.get(SecurityStack.class));

    Rule.Builder.create(this, "SftpSchedule").schedule(Schedule.expression(props.config().schedules().sftpExtract()))
        .targets(List.of(new LambdaFunction(sftp.publishedVersion()))).build();
    Rule.Builder.create(this, "RdsSchedule").schedule(Schedule.expression(props.config().schedules().rdsExtract()))
        .targets(List.of(new LambdaFunction(rds.publishedVersion()))).build();

    String ownersRotate = "Credentials are issued by their owners (the partner, the database team); rotation is the credential-rotation runbook, not a Lambda rotator";
    for (Secret s : List.of(sftpSecret, rdsSecret)) {
      NagSuppressions.addResourceSuppressions(s, List.of(NagPackSuppression.builder().id("AwsSolutions-SMG4").reason(ownersRotate).build(),
          NagPackSuppression.builder().id(CompliancePacks.NIST + "-SecretsManagerRotationEnabled").reason(ownersRotate).build()));
    }
    NagSuppressions.addResourceSuppressions(sftp.function(), CompliancePacks.inEveryPack("LambdaInsideVPC",
        "The partner's SFTP server is on the internet and the VPC has no NAT gateway by default; the function holds no inbound path and"
            + " pins the partner's host key", CompliancePacks.NIST, CompliancePacks.PCI));
    for (ExtractorFunction f : List.of(sftp, rds)) {
      NagSuppressions.addResourceSuppressions(f.function(), CompliancePacks.inEveryPack("LambdaDLQ",
          "Started by a schedule whose event carries nothing to keep: a failed run raises the Errors alarm, and the next run resumes"
              + " from the ledger and watermark, so a dead-letter queue would hold only empty schedule ticks", CompliancePacks.NIST));
    }
    backupLedger(props.config());
    for (ExtractorFunction f : List.of(sftp, rds)) {
      NagSuppressions.addResourceSuppressions(f.function(), List.of(
          NagPackSuppression.builder().id("AwsSolutions-IAM4").appliesTo(List.of(
              "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
              "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"))
              .reason("AWS-managed execution policies: log delivery and VPC network interfaces only").build(),
          NagPackSuppression.builder().id("AwsSolutions-IAM5").appliesTo(List.<Object>of("Resource::*", "Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*", "Action::s3:Abort*", io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex("/^Resource::.*Lake[0-9A-F]{8}.*\\/landing\\/users\\/\\*$/").build(), io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex("/^Resource::.*Lake[0-9A-F]{8}.*\\/landing\\/transactions\\/\\*$/").build(), io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex("/^Resource::.*Lake[0-9A-F]{8}.*\\/quarantine\\/transactions\\/\\*$/").build()))
              .reason("Wildcards limited to this function's object prefixes in the lake bucket and to KMS data-key/re-encrypt actions on the lake key, as granted by CDK grant methods").build()),
          true);
    }
  }

  /**
   * AWS Backup recovery points of the ledger (kept 35 days): hourly, copied to a vault in the DR
   * region, where the environment replicates its lake (an hour is AWS Backup's shortest period; a
   * ledger older by that much makes the extractors land again files that bronze and silver then count
   * as duplicates, nothing lost); daily elsewhere. Point-in-time recovery covers the region itself.
   */
  private void backupLedger(EnvironmentConfig config) {
    software.amazon.awscdk.services.backup.BackupVault vault = software.amazon.awscdk.services.backup.BackupVault.Builder
        .create(this, "LedgerVault").backupVaultName("lakehouse-" + config.name() + "-ledger")
        .removalPolicy(software.amazon.awscdk.RemovalPolicy.RETAIN).build();
    software.amazon.awscdk.services.backup.BackupPlanRule.Builder rule = software.amazon.awscdk.services.backup.BackupPlanRule.Builder.create()
        .ruleName(config.features().crossRegionReplication() ? "hourly" : "daily")
        .scheduleExpression(software.amazon.awscdk.services.events.Schedule.cron(config.features().crossRegionReplication()
            ? software.amazon.awscdk.services.events.CronOptions.builder().minute("0").build()
            : software.amazon.awscdk.services.events.CronOptions.builder().hour("2").minute("0").build()))
        .deleteAfter(Duration.days(35));
    if (config.features().crossRegionReplication()) {
      rule.copyActions(List.of(software.amazon.awscdk.services.backup.BackupPlanCopyActionProps.builder()
          .destinationBackupVault(software.amazon.awscdk.services.backup.BackupVault.fromBackupVaultArn(this, "DrVault",
              "arn:" + getPartition() + ":backup:" + config.drRegion() + ":" + config.account() + ":backup-vault:"
                  + DisasterRecoveryStack.backupVaultName(config)))
          .deleteAfter(Duration.days(35)).build()));
    }
    software.amazon.awscdk.services.backup.BackupPlan plan = software.amazon.awscdk.services.backup.BackupPlan.Builder.create(this, "LedgerBackup")
        .backupPlanName("lakehouse-" + config.name() + "-ledger").backupVault(vault).backupPlanRules(List.of(rule.build())).build();
    var selection = plan.addSelection("Ledger", software.amazon.awscdk.services.backup.BackupSelectionOptions.builder()
        .resources(List.of(software.amazon.awscdk.services.backup.BackupResource.fromDynamoDbTable(ledger))).build());
    NagSuppressions.addResourceSuppressions(selection, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM4")
        .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"))
        .reason("AWS Backup's own service policy for taking recovery points, kept current by AWS as the services it backs up change").build()), true);
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

  public ExtractorFunction sftp() {
    return sftp;
  }

  public ExtractorFunction rds() {
    return rds;
  }
}
