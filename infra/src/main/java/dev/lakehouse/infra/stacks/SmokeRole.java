package dev.lakehouse.infra.stacks;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.infra.config.EnvironmentConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.WebIdentityPrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * What {@code ./lakehouse smoke --env <env>} may do, for CD's smoke job (GitHub OIDC, this
 * repository's GitHub environment {@code <env>}): find the lake bucket, land files in the three
 * file-borne sources' landing prefixes, start and watch the pipeline, and read the run's results
 * (ops and gold) through the Athena work group, and list the jobs' runs ({@code status}). Nothing
 * else: it starts no job, reads no other layer and no secret.
 */
final class SmokeRole extends Construct {
  SmokeRole(Construct scope, String id, EnvironmentConfig c, IStateMachine pipeline, String workGroup, IBucket lake, IBucket results,
      IKey lakeKey, IKey rawKey) {
    super(scope, id);
    Stack stack = Stack.of(this);
    String provider = c.delivery().oidcProviderArn() != null ? c.delivery().oidcProviderArn()
        : "arn:" + stack.getPartition() + ":iam::" + c.account() + ":oidc-provider/" + DeliveryStack.GITHUB;
    Role role = Role.Builder.create(this, "Role")
        .roleName("lakehouse-" + c.name() + "-github-smoke")
        .description("./lakehouse smoke --env " + c.name() + " from CD (" + c.delivery().githubRepository() + ")")
        .maxSessionDuration(Duration.hours(2))
        .assumedBy(new WebIdentityPrincipal(provider, Map.of("StringEquals", Map.of(
            DeliveryStack.GITHUB + ":aud", "sts.amazonaws.com",
            DeliveryStack.GITHUB + ":sub", "repo:" + c.delivery().githubRepository() + ":environment:" + c.name()))))
        .build();
    role.addToPolicy(allow(List.of("cloudformation:ListStackResources"),
        List.of(SafeDefaults.arn(stack, "cloudformation", "stack/lakehouse-" + c.name() + "-storage/*"))));
    role.addToPolicy(allow(List.of("s3:PutObject"), List.of(Source.CLICKSTREAM, Source.TRANSACTIONS, Source.USERS).stream()
        .map(s -> lake.arnForObjects(LakeLayout.landingPrefix(s) + "*")).toList()));
    role.addToPolicy(allow(List.of("states:StartExecution", "states:ListExecutions"), List.of(pipeline.getStateMachineArn())));
    // ./lakehouse status --env, after the smoke: each job's last run
    role.addToPolicy(allow(List.of("glue:GetJobRuns"), List.of(SafeDefaults.arn(stack, "glue", "job/lakehouse-" + c.name() + "-*"))));
    role.addToPolicy(allow(List.of("states:DescribeExecution"),
        List.of(SafeDefaults.arn(stack, "states", "execution:" + dev.lakehouse.contract.pipeline.PipelineJob.pipelineStateMachine(c.name()) + ":*"))));
    role.addToPolicy(allow(List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:GetWorkGroup"),
        List.of(SafeDefaults.arn(stack, "athena", "workgroup/" + workGroup))));
    role.addToPolicy(allow(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartitions"), List.of(
        SafeDefaults.arn(stack, "glue", "catalog"), SafeDefaults.arn(stack, "glue", "database/" + Namespaces.OPS),
        SafeDefaults.arn(stack, "glue", "database/" + Namespaces.GOLD), SafeDefaults.arn(stack, "glue", "table/" + Namespaces.OPS + "/*"),
        SafeDefaults.arn(stack, "glue", "table/" + Namespaces.GOLD + "/*"))));
    role.addToPolicy(allow(List.of("s3:GetObject"), List.of(lake.arnForObjects(Namespaces.OPS + "/*"), lake.arnForObjects(Namespaces.GOLD + "/*"))));
    role.addToPolicy(allow(List.of("s3:ListBucket", "s3:GetBucketLocation"), List.of(lake.getBucketArn())));
    role.addToPolicy(allow(List.of("s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:AbortMultipartUpload"),
        List.of(results.getBucketArn(), results.arnForObjects("*"))));
    role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("kms:Decrypt", "kms:GenerateDataKey")).resources(List.of(lakeKey.getKeyArn()))
        .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "s3." + stack.getRegion() + ".amazonaws.com"))).build());
    // the landed files it puts are encrypted with the raw key, as the extractors' are
    role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("kms:GenerateDataKey")).resources(List.of(rawKey.getKeyArn()))
        .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "s3." + stack.getRegion() + ".amazonaws.com"))).build());
    NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
        .appliesTo(List.<Object>of(
            RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:cloudformation:.*:stack\\/lakehouse-[a-z0-9-]+-storage\\/\\*$/").build(),
            RegexAppliesTo.builder().regex("/^Resource::.*Lake[0-9A-F]{8}.*\\/(landing\\/[a-z]+|ops|gold)\\/\\*$/").build(),
            RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:states:.*:execution:.*:\\*$/").build(),
            RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:glue:.*:table\\/(ops|gold)\\/\\*$/").build(),
            RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:glue:.*:job\\/lakehouse-[a-z0-9-]+-\\*$/").build(),
            RegexAppliesTo.builder().regex("/^Resource::<Results[0-9A-F]{8}\\.Arn>\\/\\*$/").build(),
            RegexAppliesTo.builder().regex("/^Resource::.*Results[0-9A-F]{8}.*\\/\\*$/").build()))
        .reason("The storage stack's resources (its stack id is a suffix), the three file sources' landing prefixes and the ops and gold"
            + " objects and tables the checks read, the pipeline's executions, the environment's job runs (read), and the work group's results")
        .build()), true);
    CfnOutput.Builder.create(stack, "SmokeRoleArn").value(role.getRoleArn())
        .description("AWS_SMOKE_ROLE_ARN of the GitHub environment " + c.name() + " (cd.yml's smoke job)").build();
  }

  private static PolicyStatement allow(List<String> actions, List<String> resources) {
    return PolicyStatement.Builder.create().actions(actions).resources(resources).build();
  }
}
