package dev.lakehouse.infra.stacks;

import dev.lakehouse.contract.Namespaces;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * Read-only access to gold through the Athena work group, and nothing else: queries in that work
 * group only, the gold database's catalog entries, the gold tables' objects, the work group's
 * result bucket, and the lake key only as S3 uses it. No bronze, silver, landing, secret or job.
 */
final class AnalystRole extends Construct {
  public AnalystRole(Construct scope, String id, String environment, String workGroup, IBucket lake, IBucket results, IKey lakeKey) {
    super(scope, id);
    Stack stack = Stack.of(this);
    String gold = Namespaces.GOLD;
    Role role = Role.Builder.create(this, "Role")
        .roleName("lakehouse-" + environment + "-analyst")
        .description("Queries gold through the Athena work group " + workGroup + "; reads nothing else")
        .assumedBy(new AccountRootPrincipal())
        .maxSessionDuration(Duration.hours(4))
        .build();
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution",
            "athena:GetWorkGroup", "athena:ListQueryExecutions", "athena:ListNamedQueries", "athena:GetNamedQuery", "athena:BatchGetNamedQuery"))
        .resources(List.of(SafeDefaults.arn(stack, "athena", "workgroup/" + workGroup)))
        .build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions"))
        .resources(List.of(SafeDefaults.arn(stack, "glue", "catalog"), SafeDefaults.arn(stack, "glue", "database/" + gold),
            SafeDefaults.arn(stack, "glue", "table/" + gold + "/*")))
        .build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:GetObject")).resources(List.of(lake.arnForObjects(gold + "/*"))).build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:ListBucket")).resources(List.of(lake.getBucketArn()))
        .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(gold + "/*")))).build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:AbortMultipartUpload"))
        .resources(List.of(results.getBucketArn(), results.arnForObjects("*"))).build());
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("kms:Decrypt", "kms:GenerateDataKey")).resources(List.of(lakeKey.getKeyArn()))
        .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "s3." + stack.getRegion() + ".amazonaws.com"))).build());
    NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
        .appliesTo(List.of("Resource::arn:<AWS::Partition>:glue:" + stack.getRegion() + ":" + stack.getAccount() + ":table/" + gold + "/*",
            io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex("/^Resource::.*Lake[0-9A-F]{8}.*\\/" + gold + "\\/\\*$/").build(),
            io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex("/^Resource::<Results[0-9A-F]{8}\\.Arn>\\/\\*$/").build()))
        .reason("Every gold table (the analyst's scope is the gold layer, whose tables the jobs create), the gold prefix's objects, and the query results the work group writes")
        .build()), true);
  }
}
