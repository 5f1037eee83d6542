package dev.lakehouse.infra.stacks;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.contract.pipeline.PipelineFiles;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.contract.pipeline.PipelineSubstitutions;
import dev.lakehouse.infra.config.EnvironmentConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The pipeline state machine from {@code stepfunctions/lakehouse-pipeline.asl.json} — the same
 * file local mode follows — with its {@code ${...}} names filled in (Glue job names, the Athena
 * quality query and work group, the alert topic), execution logging (ALL, with data) to a
 * KMS-encrypted log group, X-Ray tracing, and the environment's schedule.
 */
public final class OrchestrationStack extends Stack {
  private final StateMachine pipeline;

  public OrchestrationStack(Construct scope, String id, PlatformProps props) {
    super(scope, id, props.stackProps());
    List<String> jobNames = new ArrayList<>();
    Map<String, String> substitutions = new HashMap<>();
    for (PipelineJob job : PipelineJob.inPipeline()) {
      String name = props.get(ComputeStack.class).job(job).jobName();
      jobNames.add(name);
      substitutions.put(job.pipelineName(), name);
    }
    substitutions.put(PipelineSubstitutions.QUALITY_QUERY, PipelineFiles.qualityQuery());
    substitutions.put(PipelineSubstitutions.WORK_GROUP, props.get(QueryStack.class).workGroup().getName());
    substitutions.put(PipelineSubstitutions.ALERT_TOPIC, props.get(SecurityStack.class).alerts().getTopicArn());
    if (!substitutions.keySet().equals(new java.util.HashSet<>(PipelineSubstitutions.NAMES))) {
      throw new IllegalStateException("pipeline substitutions " + substitutions.keySet() + " do not match " + PipelineSubstitutions.NAMES);
    }

    LogGroup logs = LogGroup.Builder.create(this, "PipelineLogs")
        .logGroupName("/aws/vendedlogs/states/lakehouse-" + props.config().name() + "-pipeline")
        .encryptionKey(props.get(SecurityStack.class).lakeKey())
        .retention(NetworkStack.logRetention(props.config().retentionDays().logs()))
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    pipeline = StateMachine.Builder.create(this, "Pipeline")
        .stateMachineName("lakehouse-" + props.config().name() + "-pipeline")
        .stateMachineType(StateMachineType.STANDARD)
        .definitionBody(DefinitionBody.fromFile(PipelineFiles.definition().toString()))
        .definitionSubstitutions(substitutions)
        .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(true).build())
        .tracingEnabled(true)
        .build();

    // what the definition's tasks do, and nothing else
    List<String> jobArns = jobNames.stream().map(name -> SafeDefaults.arn(this, "glue", "job/" + name)).toList();
    pipeline.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"))
        .resources(jobArns).build());
    pipeline.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution"))
        .resources(List.of(SafeDefaults.arn(this, "athena", "workgroup/" + props.get(QueryStack.class).workGroup().getName()))).build());
    pipeline.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"))
        .resources(List.of(SafeDefaults.arn(this, "glue", "catalog"), SafeDefaults.arn(this, "glue", "database/" + Namespaces.OPS), SafeDefaults.arn(this, "glue", "table/" + Namespaces.OPS + "/*")))
        .build());
    pipeline.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"))
        .resources(List.of(props.get(StorageStack.class).lake().getBucketArn(), props.get(StorageStack.class).lake().arnForObjects(LakeLayout.OPS + "*"))).build());
    pipeline.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:PutObject", "s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:AbortMultipartUpload"))
        .resources(List.of(props.get(QueryStack.class).results().getBucketArn(), props.get(QueryStack.class).results().arnForObjects("*"))).build());
    pipeline.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("kms:Decrypt", "kms:GenerateDataKey")).resources(List.of(props.get(SecurityStack.class).lakeKey().getKeyArn())).build());
    pipeline.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("sns:Publish")).resources(List.of(props.get(SecurityStack.class).alerts().getTopicArn())).build());
    pipeline.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("kms:Decrypt", "kms:GenerateDataKey")).resources(List.of(props.get(SecurityStack.class).alertsKey().getKeyArn())).build());

    Rule.Builder.create(this, "PipelineSchedule")
        .schedule(Schedule.expression(props.config().schedules().pipeline()))
        .targets(List.of(new SfnStateMachine(pipeline)))
        .build();

    NagSuppressions.addResourceSuppressions(pipeline, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
        .reason("Wildcards: the ops tables and ops/ objects the quality query reads, the Athena results bucket, KMS data-key actions, and the log-delivery and X-Ray actions Step Functions requires on '*'")
        .build()), true);
  }


  public StateMachine pipeline() {
    return pipeline;
  }
}
