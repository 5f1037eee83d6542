package dev.lakehouse.infra.stacks;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.infra.config.EnvironmentConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.kinesisfirehose.CfnDeliveryStream;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogStream;
import software.amazon.awscdk.services.msk.CfnServerlessCluster;
import software.constructs.Construct;

/**
 * Clickstream: a Kinesis stream encrypted with the aws/kinesis key (retention from the environment, on-demand or
 * provisioned) delivered by Firehose, gzip, one JSON record per line, into the clickstream landing
 * layout of {@link LakeLayout}; failed deliveries go to the quarantine prefix. Orders: MSK
 * Serverless with IAM auth in the private subnets when {@code streaming.mskEnabled}; otherwise the
 * orders bronze job reads the Kafka cluster named by the SSM parameter
 * {@code /lakehouse/<env>/orders-kafka-bootstrap}.
 */
public final class StreamingStack extends Stack {
  public static final int MSK_IAM_PORT = 9098;

  private final Stream clickstream;
  private final CfnDeliveryStream delivery;
  private final CfnServerlessCluster msk;
  private final SecurityGroup kafkaClients;
  private final String ordersBootstrap;

  public StreamingStack(Construct scope, String id, PlatformProps props) {
    super(scope, id, props.stackProps());
    String prefix = "lakehouse-" + props.config().name();
    var streaming = props.config().streaming();
    Stream.Builder sb = Stream.Builder.create(this, "Clickstream")
        .streamName(prefix + "-clickstream")
        .retentionPeriod(Duration.hours(streaming.kinesisRetentionHours()))
        // the AWS-managed aws/kinesis key (cdk-nag KDS3): records are re-encrypted with the lake key on landing
        .encryption(StreamEncryption.MANAGED);
    if ("PROVISIONED".equals(streaming.kinesisMode())) {
      sb.streamMode(StreamMode.PROVISIONED).shardCount(streaming.kinesisShards());
    } else {
      sb.streamMode(StreamMode.ON_DEMAND);
    }
    clickstream = sb.build();

    LogGroup deliveryLogs = LogGroup.Builder.create(this, "DeliveryLogs")
        .encryptionKey(props.get(SecurityStack.class).lakeKey())
        .retention(NetworkStack.logRetention(props.config().retentionDays().logs()))
        .removalPolicy(props.stateRemoval())
        .build();
    LogStream s3Delivery = deliveryLogs.addStream("S3Delivery");

    // Firehose's role: read this stream, write only the clickstream landing and its error prefix
    // only Firehose acting for this account (firehose/latest/dev/controlling-access.html: sts:ExternalId = the account id)
    Role role = Role.Builder.create(this, "DeliveryRole").assumedBy(new ServicePrincipal("firehose.amazonaws.com")
            .withConditions(Map.of("StringEquals", Map.of("sts:ExternalId", getAccount()))))
        .description("Firehose: clickstream Kinesis stream to the lake's clickstream landing prefix").build();
    clickstream.grantRead(role);
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"))
        .resources(List.of(props.get(StorageStack.class).lake().getBucketArn())).build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:PutObject", "s3:AbortMultipartUpload"))
        .resources(List.of(props.get(StorageStack.class).lake().arnForObjects(LakeLayout.landingPrefix(Source.CLICKSTREAM) + "*"),
            props.get(StorageStack.class).lake().arnForObjects(LakeLayout.QUARANTINE + "firehose/*"))).build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("kms:GenerateDataKey", "kms:Decrypt")).resources(List.of(props.get(SecurityStack.class).rawKey().getKeyArn())).build());
    deliveryLogs.grantWrite(role);

    delivery = CfnDeliveryStream.Builder.create(this, "ClickstreamDelivery")
        .deliveryStreamName(prefix + "-clickstream")
        .deliveryStreamType("KinesisStreamAsSource")
        .kinesisStreamSourceConfiguration(CfnDeliveryStream.KinesisStreamSourceConfigurationProperty.builder()
            .kinesisStreamArn(clickstream.getStreamArn()).roleArn(role.getRoleArn()).build())
        .extendedS3DestinationConfiguration(CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty.builder()
            .bucketArn(props.get(StorageStack.class).lake().getBucketArn())
            .roleArn(role.getRoleArn())
            .prefix(LakeLayout.firehoseClickstreamPrefix())
            .errorOutputPrefix(LakeLayout.firehoseErrorPrefix())
            .compressionFormat("GZIP")
            .bufferingHints(CfnDeliveryStream.BufferingHintsProperty.builder().intervalInSeconds(300).sizeInMBs(64).build())
            .encryptionConfiguration(CfnDeliveryStream.EncryptionConfigurationProperty.builder()
                .kmsEncryptionConfig(CfnDeliveryStream.KMSEncryptionConfigProperty.builder()
                    .awskmsKeyArn(props.get(SecurityStack.class).rawKey().getKeyArn()).build()).build())
            // producers send bare JSON objects: one record per line is what the bronze job reads
            .processingConfiguration(CfnDeliveryStream.ProcessingConfigurationProperty.builder().enabled(true)
                .processors(List.of(CfnDeliveryStream.ProcessorProperty.builder().type("AppendDelimiterToRecord").build())).build())
            .cloudWatchLoggingOptions(CfnDeliveryStream.CloudWatchLoggingOptionsProperty.builder().enabled(true)
                .logGroupName(deliveryLogs.getLogGroupName()).logStreamName(s3Delivery.getLogStreamName()).build())
            .build())
        .build();
    delivery.getNode().addDependency(role);
    NagSuppressions.addResourceSuppressions(delivery, List.of(NagPackSuppression.builder().id("AwsSolutions-KDF1")
        .reason("The source is the KMS-encrypted (aws/kinesis) Kinesis stream (Firehose refuses server-side encryption for a Kinesis source); objects are written SSE-KMS with the lake key").build()));
    NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5").appliesTo(List.<Object>of(io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex("/^Resource::.*Lake[0-9A-F]{8}.*\\/landing\\/clickstream\\/\\*$/").build(), io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex("/^Resource::.*Lake[0-9A-F]{8}.*\\/quarantine\\/firehose\\/\\*$/").build()))
        .reason("Object wildcards limited to the clickstream landing and Firehose error prefixes; KMS data-key actions on the lake key").build()), true);

    if (streaming.mskEnabled()) {
      // EC2 accepts no apostrophe in a group description: "job's" here would fail the deploy
      kafkaClients = SecurityGroup.Builder.create(this, "KafkaClients").vpc(props.get(NetworkStack.class).vpc())
          .description("Clients of the orders MSK cluster (the Glue orders job connection)").allowAllOutbound(true).build();
      // Glue's network connection needs its workers to reach each other on every port
      kafkaClients.addIngressRule(kafkaClients, Port.allTcp(), "Glue workers talk to each other");
      SecurityGroup brokers = SecurityGroup.Builder.create(this, "KafkaBrokers").vpc(props.get(NetworkStack.class).vpc())
          .description("Orders MSK Serverless cluster: IAM-authenticated TLS from the Kafka clients group only").allowAllOutbound(false).build();
      brokers.addIngressRule(kafkaClients, Port.tcp(MSK_IAM_PORT), "Kafka clients, IAM auth over TLS");
      msk = CfnServerlessCluster.Builder.create(this, "Orders")
          .clusterName(prefix + "-orders")
          .clientAuthentication(CfnServerlessCluster.ClientAuthenticationProperty.builder()
              .sasl(CfnServerlessCluster.SaslProperty.builder()
                  .iam(CfnServerlessCluster.IamProperty.builder().enabled(true).build()).build()).build())
          .vpcConfigs(List.of(CfnServerlessCluster.VpcConfigProperty.builder()
              .subnetIds(props.get(NetworkStack.class).privateSubnetIds())
              .securityGroups(List.of(brokers.getSecurityGroupId())).build()))
          .build();
      // MSK publishes no bootstrap-broker attribute to CloudFormation: ask the Kafka API once
      AwsCustomResource bootstrap = AwsCustomResource.Builder.create(this, "OrdersBootstrap")
          .onUpdate(AwsSdkCall.builder().service("Kafka").action("getBootstrapBrokers")
              .parameters(Map.of("ClusterArn", msk.getAttrArn()))
              .physicalResourceId(PhysicalResourceId.of(msk.getAttrArn())).build())
          .policy(AwsCustomResourcePolicy.fromSdkCalls(SdkCallsPolicyOptions.builder().resources(List.of(msk.getAttrArn())).build()))
          .installLatestAwsSdk(false)
          .build();
      ordersBootstrap = bootstrap.getResponseField("BootstrapBrokerStringSaslIam");
      // CDK's provider function for AwsCustomResource (a singleton with this fixed id)
      String provider = "/" + getStackName() + "/AWS679f53fac002430cb0da5b7982bd2287";
      NagSuppressions.addResourceSuppressionsByPath(this, provider + "/ServiceRole/Resource", List.of(
          NagPackSuppression.builder().id("AwsSolutions-IAM4").appliesTo(List.of(
              "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"))
              .reason("CDK's AwsCustomResource provider function (reads the MSK bootstrap brokers once per deploy): log delivery only").build()));
      NagSuppressions.addResourceSuppressionsByPath(this, provider + "/Resource", List.of(
          NagPackSuppression.builder().id("AwsSolutions-L1")
              .reason("The AwsCustomResource provider's runtime is chosen by the CDK release, not by us").build()));
      NagSuppressions.addResourceSuppressions(bootstrap, java.util.stream.Stream.of(
          CompliancePacks.inEveryPack("IAMNoInlinePolicy", "CDK's AwsCustomResource policy: kafka:GetBootstrapBrokers on this one cluster,"
              + " attached to its provider's role only", CompliancePacks.NIST, CompliancePacks.PCI)).flatMap(List::stream).toList(), true);
      String deployOnly = "CDK's AwsCustomResource provider runs only while CloudFormation deploys this stack (one read of the bootstrap"
          + " brokers); CloudFormation waits for it and fails the deploy if it fails, so it needs no queue, reserved concurrency or VPC";
      NagSuppressions.addResourceSuppressionsByPath(this, provider + "/Resource", java.util.stream.Stream.of(
          CompliancePacks.inEveryPack("LambdaDLQ", deployOnly, CompliancePacks.NIST),
          CompliancePacks.inEveryPack("LambdaConcurrency", deployOnly, CompliancePacks.NIST),
          CompliancePacks.inEveryPack("LambdaInsideVPC", deployOnly, CompliancePacks.NIST, CompliancePacks.PCI)).flatMap(List::stream).toList());
    } else {
      msk = null;
      kafkaClients = null;
      ordersBootstrap = "{{resolve:ssm:/lakehouse/" + props.config().name() + "/orders-kafka-bootstrap}}";
    }
  }

  public Stream clickstream() {
    return clickstream;
  }

  public CfnDeliveryStream delivery() {
    return delivery;
  }

  /** The MSK Serverless cluster, or null when the environment uses an existing Kafka. */
  public CfnServerlessCluster msk() {
    return msk;
  }

  /** Security group the orders job's Glue connection uses (null without MSK). */
  public SecurityGroup kafkaClients() {
    return kafkaClients;
  }

  /** Bootstrap servers for the orders topic (MSK IAM brokers, or the SSM-held address). */
  public String ordersBootstrap() {
    return ordersBootstrap;
  }
}
