package dev.lakehouse.infra.stacks;

import dev.lakehouse.infra.config.EnvironmentConfig;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The VPC the RDS extractor and the Glue connections run in: private subnets only unless the
 * environment asks for NAT gateways; S3 and DynamoDB gateway endpoints; interface endpoints for
 * what the extractor calls (Secrets Manager, CloudWatch Logs, STS); flow logs to an encrypted
 * log group. Availability zones are fixed by {@link #getAvailabilityZones()} so synth never
 * looks them up.
 */
public final class NetworkStack extends Stack {
  private final Vpc vpc;
  private final SubnetSelection privateSubnets;

  public NetworkStack(Construct scope, String id, PlatformProps props) {
    super(scope, id, props.stackProps());
    int nat = props.config().network().natGateways();
    List<SubnetConfiguration> subnets = nat > 0
        ? List.of(
            SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
            SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(22).build())
        : List.of(SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(22).build());
    LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
        .encryptionKey(props.get(SecurityStack.class).lakeKey())
        .retention(logRetention(props.config().retentionDays().logs()))
        .removalPolicy(props.stateRemoval())
        .build();
    vpc = Vpc.Builder.create(this, "Vpc")
        .ipAddresses(IpAddresses.cidr(props.config().network().cidr()))
        .maxAzs(props.config().network().maxAzs())
        .natGateways(nat)
        // nothing may use the default group: CDK removes its rules at deploy
        .restrictDefaultSecurityGroup(true)
        .subnetConfiguration(subnets)
        .gatewayEndpoints(java.util.Map.of(
            "S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build(),
            "DynamoDb", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.DYNAMODB).build()))
        .flowLogs(java.util.Map.of("all", FlowLogOptions.builder().destination(FlowLogDestination.toCloudWatchLogs(flowLogs, flowLogRole()))
            .build()))
        .build();
    SubnetSelection privateSubnets = SubnetSelection.builder()
        .subnetType(nat > 0 ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED).build();
    this.privateSubnets = privateSubnets;
    var endpoints = new java.util.TreeMap<String, InterfaceVpcEndpointAwsService>(java.util.Map.of(
        "SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
        "Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
        "Sts", InterfaceVpcEndpointAwsService.STS));
    if (props.config().streaming().mskEnabled()) {
      // the orders Glue job runs in the VPC to reach MSK: it needs Glue, KMS and metrics without a NAT
      endpoints.put("Glue", InterfaceVpcEndpointAwsService.GLUE);
      endpoints.put("Kms", InterfaceVpcEndpointAwsService.KMS);
      endpoints.put("Monitoring", InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING);
    }
    for (var e : endpoints.entrySet()) {
      var endpoint = vpc.addInterfaceEndpoint(e.getKey(), InterfaceVpcEndpointOptions.builder().service(e.getValue())
          .subnets(privateSubnets).privateDnsEnabled(true).build());
      io.github.cdklabs.cdknag.NagSuppressions.addResourceSuppressions(endpoint, List.of(
          io.github.cdklabs.cdknag.NagPackSuppression.builder().id("CdkNagValidationFailure")
              .reason("EC23 cannot evaluate the ingress source, the VPC's own CIDR (a CloudFormation GetAtt): the endpoint accepts HTTPS from inside this VPC only")
              .build()), true);
    }
  }

  /**
   * The role flow logs publish with, assumable by the flow-logs service for this account's flow logs
   * only (vpc/latest/userguide/flow-logs-iam-role.html, confused deputy prevention).
   */
  private software.amazon.awscdk.services.iam.Role flowLogRole() {
    return software.amazon.awscdk.services.iam.Role.Builder.create(this, "FlowLogRole")
        .assumedBy(new software.amazon.awscdk.services.iam.ServicePrincipal("vpc-flow-logs.amazonaws.com").withConditions(java.util.Map.of(
            "StringEquals", java.util.Map.of("aws:SourceAccount", getAccount()),
            "ArnLike", java.util.Map.of("aws:SourceArn", SafeDefaults.arn(this, "ec2", "vpc-flow-log/*")))))
        .description("VPC flow logs to their encrypted log group")
        .build();
  }

  /** Fixed AZ names: no lookup at synth, so `cdk synth` works offline without credentials. */
  @Override
  public List<String> getAvailabilityZones() {
    String r = getRegion();
    return List.of(r + "a", r + "b", r + "c");
  }

  public Vpc vpc() {
    return vpc;
  }

  /** The subnets private workloads (RDS extractor, Glue connection, MSK) run in. */
  public SubnetSelection privateSubnets() {
    return privateSubnets;
  }

  public List<String> privateSubnetIds() {
    return vpc.selectSubnets(privateSubnets).getSubnetIds();
  }

  /** The shortest CloudWatch Logs retention that keeps at least {@code days}. */
  static RetentionDays logRetention(int days) {
    int[] steps = {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};
    RetentionDays[] values = {RetentionDays.ONE_DAY, RetentionDays.THREE_DAYS, RetentionDays.FIVE_DAYS, RetentionDays.ONE_WEEK,
        RetentionDays.TWO_WEEKS, RetentionDays.ONE_MONTH, RetentionDays.TWO_MONTHS, RetentionDays.THREE_MONTHS,
        RetentionDays.FOUR_MONTHS, RetentionDays.FIVE_MONTHS, RetentionDays.SIX_MONTHS, RetentionDays.ONE_YEAR,
        RetentionDays.THIRTEEN_MONTHS, RetentionDays.EIGHTEEN_MONTHS, RetentionDays.TWO_YEARS, RetentionDays.THREE_YEARS,
        RetentionDays.FIVE_YEARS, RetentionDays.SIX_YEARS, RetentionDays.SEVEN_YEARS, RetentionDays.EIGHT_YEARS,
        RetentionDays.NINE_YEARS, RetentionDays.TEN_YEARS};
    for (int i = 0; i < steps.length; i++) {
      if (steps[i] >= days) {
        return values[i];
      }
    }
    return RetentionDays.INFINITE;
  }
}
