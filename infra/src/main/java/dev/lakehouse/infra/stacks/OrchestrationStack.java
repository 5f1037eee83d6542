package dev.lakehouse.infra.stacks;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.contract.pipeline.EmrServerlessDefinition;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.LakeLease;
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
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Chain;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IntegrationPattern;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.tasks.DynamoAttributeValue;
import software.amazon.awscdk.services.stepfunctions.tasks.DynamoDeleteItem;
import software.amazon.awscdk.services.stepfunctions.tasks.GlueStartJobRun;
import software.amazon.awscdk.services.stepfunctions.tasks.SnsPublish;
import software.constructs.Construct;

/**
 * The pipeline state machine from {@code stepfunctions/lakehouse-pipeline.asl.json} — the same
 * file local mode follows — with its {@code ${...}} names filled in (Glue job names, the Athena
 * quality query and work group, the alert topic), execution logging (ALL, with data) to a
 * KMS-encrypted log group, X-Ray tracing, and the environment's schedule.
 */
public final class OrchestrationStack extends Stack {
  private final StateMachine pipeline;
  private final StateMachine erasure;

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
    substitutions.put(PipelineSubstitutions.NOTICE_TOPIC, props.get(SecurityStack.class).warnings().getTopicArn());
    substitutions.put(PipelineSubstitutions.LEASE_TABLE, props.get(ComputeStack.class).leases().getTableName());
    if (!substitutions.keySet().equals(new java.util.HashSet<>(PipelineSubstitutions.NAMES))) {
      throw new IllegalStateException("pipeline substitutions " + substitutions.keySet() + " do not match " + PipelineSubstitutions.NAMES);
    }

    LogGroup logs = LogGroup.Builder.create(this, "PipelineLogs")
        .logGroupName("/aws/vendedlogs/states/lakehouse-" + props.config().name() + "-pipeline")
        .encryptionKey(props.get(SecurityStack.class).lakeKey())
        .retention(NetworkStack.logRetention(props.config().retentionDays().logs()))
        .removalPolicy(props.stateRemoval())
        .build();
    pipeline = StateMachine.Builder.create(this, "Pipeline")
        .stateMachineName(PipelineJob.pipelineStateMachine(props.config().name()))
        .role(stateMachineRole("PipelineRole", props.config().name()))
        .stateMachineType(StateMachineType.STANDARD)
        .definitionBody(definition(props.get(ComputeStack.class)))
        .definitionSubstitutions(substitutions)
        .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(true).build())
        .tracingEnabled(true)
        .build();

    // what the definition's tasks do, and nothing else
    var emr = props.get(ComputeStack.class).emrGrants();
    if (emr.isPresent()) {
      // docs.aws.amazon.com/step-functions/latest/dg/connect-emr-serverless.html (IAM policies for startJobRun.sync)
      pipeline.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("emr-serverless:StartJobRun"))
          .resources(List.of(emr.get().applicationArn())).build());
      pipeline.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("emr-serverless:GetJobRun", "emr-serverless:CancelJobRun"))
          .resources(List.of(emr.get().applicationArn() + "/jobruns/*")).build());
      pipeline.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("iam:PassRole"))
          .resources(emr.get().executionRoleArns())
          .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "emr-serverless.amazonaws.com"))).build());
      pipeline.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"))
          .resources(List.of(SafeDefaults.arn(this, "events", "rule/StepFunctionsGetEventsForEMRServerlessJobRule"))).build());
    } else {
      List<String> jobArns = jobNames.stream().map(name -> SafeDefaults.arn(this, "glue", "job/" + name)).toList();
      pipeline.addToRolePolicy(PolicyStatement.Builder.create()
          .actions(List.of("glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"))
          .resources(jobArns).build());
    }
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
    // its jobs took the writer lease for the execution; it releases it when it ends
    pipeline.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("dynamodb:DeleteItem")).resources(List.of(props.get(ComputeStack.class).leases().getTableArn())).build());
    pipeline.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("sns:Publish")).resources(List.of(props.get(SecurityStack.class).alerts().getTopicArn(),
            props.get(SecurityStack.class).warnings().getTopicArn())).build());
    pipeline.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("kms:Decrypt", "kms:GenerateDataKey")).resources(List.of(props.get(SecurityStack.class).alertsKey().getKeyArn())).build());

    String scheduleName = "lakehouse-" + props.config().name() + "-pipeline-schedule";
    // EventBridge may start the pipeline for this rule only (eventbridge/latest/userguide/eb-use-conditions.html)
    software.amazon.awscdk.services.iam.Role scheduleRole = software.amazon.awscdk.services.iam.Role.Builder.create(this, "ScheduleRole")
        .assumedBy(new software.amazon.awscdk.services.iam.ServicePrincipal("events.amazonaws.com").withConditions(Map.of(
            "StringEquals", Map.of("aws:SourceAccount", getAccount(), "aws:SourceArn", SafeDefaults.arn(this, "events", "rule/" + scheduleName)))))
        .description("EventBridge: starts the pipeline on its schedule").build();
    Rule.Builder.create(this, "PipelineSchedule")
        .ruleName(scheduleName)
        .schedule(Schedule.expression(props.config().schedules().pipeline()))
        .targets(List.of(new SfnStateMachine(pipeline, software.amazon.awscdk.services.events.targets.SfnStateMachineProps.builder()
            .role(scheduleRole).build())))
        .build();

    erasure = erasureMachine(props);
    new SmokeRole(this, "Smoke", props.config(), pipeline, props.get(QueryStack.class).workGroup().getName(),
        props.get(StorageStack.class).lake(), props.get(QueryStack.class).results(), props.get(SecurityStack.class).lakeKey(),
        props.get(SecurityStack.class).rawKey());

    NagSuppressions.addResourceSuppressions(pipeline.getRole(), List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5").appliesTo(List.<Object>of("Resource::*", io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:glue:[a-z0-9-]+:[0-9]+:table\\/ops\\/\\*$/").build(), io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex("/^Resource::.*Lake[0-9A-F]{8}.*\\/ops\\/\\*$/").build(), io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex("/^Resource::.*Results[0-9A-F]{8}.*\\/\\*$/").build(), io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex("/^Resource::.*EmrServerless.*\\/jobruns\\/\\*$/").build()))
        .reason("Wildcards: the ops tables and ops/ objects the quality query reads, the Athena results bucket, the runs of the EMR Serverless application (when it is the engine), and the log-delivery and X-Ray actions Step Functions requires on '*'")
        .build()), true);
  }


  /**
   * The file's definition: Glue job runs, or with {@code features.emrServerless} the same states
   * running each job as an EMR Serverless job run ({@link EmrServerlessDefinition}).
   */
  private static DefinitionBody definition(ComputeStack compute) {
    if (compute.emrGrants().isEmpty()) {
      return DefinitionBody.fromFile(PipelineFiles.definition().toString());
    }
    try {
      String file = java.nio.file.Files.readString(PipelineFiles.definition());
      return DefinitionBody.fromString(EmrServerlessDefinition.of(file, job -> compute.emrRun(job).orElseThrow()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A state machine's role that Step Functions may assume only for this account's lakehouse state
   * machines (step-functions/latest/dg/procedure-create-iam-role.html, confused deputy prevention).
   */
  private software.amazon.awscdk.services.iam.Role stateMachineRole(String id, String environment) {
    return software.amazon.awscdk.services.iam.Role.Builder.create(this, id)
        .assumedBy(new software.amazon.awscdk.services.iam.ServicePrincipal("states.amazonaws.com").withConditions(Map.of(
            "StringEquals", Map.of("aws:SourceAccount", getAccount()),
            "ArnLike", Map.of("aws:SourceArn", SafeDefaults.arn(this, "states", "stateMachine:lakehouse-" + environment + "-*")))))
        .build();
  }

  /**
   * Deletes the execution's writer lease (LakeLease), only while it is the execution's: one that
   * expired and another writer took is left alone. Either way it goes on to {@code next}.
   */
  private DynamoDeleteItem release(software.amazon.awscdk.services.dynamodb.ITable leases, String id, IChainable next) {
    DynamoDeleteItem release = DynamoDeleteItem.Builder.create(this, id).table(leases)
        .key(Map.of(LakeLease.KEY_ATTRIBUTE, DynamoAttributeValue.fromString(LakeLease.KEY)))
        .conditionExpression("#owner = :owner")
        .expressionAttributeNames(Map.of("#owner", LakeLease.OWNER))
        .expressionAttributeValues(Map.of(":owner", DynamoAttributeValue.fromString(JsonPath.stringAt("$$.Execution.Id"))))
        .resultPath(JsonPath.DISCARD).build();
    Pass notOurs = Pass.Builder.create(this, id + ": not ours").build();
    notOurs.next(next);
    release.addCatch(notOurs, CatchProps.builder().errors(List.of("DynamoDB.ConditionalCheckFailedException")).resultPath(JsonPath.DISCARD)
        .build());
    release.next(next);
    return release;
  }

  public StateMachine pipeline() {
    return pipeline;
  }

  public StateMachine erasure() {
    return erasure;
  }

  /**
   * One erasure request per execution, input {@code {"requestId": "GDPR-123"}}: the person's
   * identifiers wait in the request's object under {@code erasure-requests/} (runbooks/gdpr-erasure.md),
   * so a retry is another execution with the same input. The erasure Glue job takes
   * the writer lease for the execution (it waits while the pipeline or any other writer holds it),
   * the machine waits for the job, releases the lease and reports the outcome to the alert topic.
   */
  private StateMachine erasureMachine(PlatformProps props) {
    var alerts = props.get(SecurityStack.class).alerts();
    var leases = props.get(ComputeStack.class).leases();
    GlueStartJobRun erase = GlueStartJobRun.Builder.create(this, "Erase subject")
        .glueJobName(props.get(ComputeStack.class).job(PipelineJob.ERASURE).jobName())
        .integrationPattern(IntegrationPattern.RUN_JOB)
        // the request id alone: the identifiers wait in the request's object (LakeLayout.ERASURE_REQUESTS), never in
        // an execution's input, a job run's arguments or CloudTrail
        .arguments(TaskInput.fromObject(Map.of(
            JobArgs.flag(JobArgs.REQUEST_ID), JsonPath.stringAt("$.requestId"),
            JobArgs.flag(JobArgs.LEASE_OWNER), JsonPath.stringAt("$$.Execution.Id"))))
        .resultPath("$.job").build();
    SnsPublish failed = SnsPublish.Builder.create(this, "Notify erasure failure").topic(alerts)
        .subject("Lakehouse erasure failed")
        .message(TaskInput.fromJsonPathAt("States.Format('Erasure request {} failed: {}', $.requestId, $.error.Cause)"))
        .resultPath(JsonPath.DISCARD).build();
    SnsPublish done = SnsPublish.Builder.create(this, "Notify erasure done").topic(alerts)
        .subject("Lakehouse erasure done")
        .message(TaskInput.fromJsonPathAt("States.Format('Erasure request {} finished; see ops.erasure_log', $.requestId)"))
        .resultPath(JsonPath.DISCARD).build();
    Fail erasureFailed = Fail.Builder.create(this, "Erasure failed").error("ErasureFailed").build();
    erase.addCatch(release(leases, "Release the lease after failure", failed.next(erasureFailed)),
        CatchProps.builder().resultPath("$.error").build());
    Chain definition = erase.next(release(leases, "Release the lease", done));
    LogGroup logs = LogGroup.Builder.create(this, "ErasureLogs")
        .logGroupName("/aws/vendedlogs/states/lakehouse-" + props.config().name() + "-erasure")
        .encryptionKey(props.get(SecurityStack.class).lakeKey())
        .retention(NetworkStack.logRetention(props.config().retentionDays().logs()))
        .removalPolicy(props.stateRemoval())
        .build();
    StateMachine machine = StateMachine.Builder.create(this, "Erasure")
        .stateMachineName("lakehouse-" + props.config().name() + "-erasure")
        .role(stateMachineRole("ErasureRole", props.config().name()))
        .stateMachineType(StateMachineType.STANDARD)
        .definitionBody(DefinitionBody.fromChainable(definition))
        // execution data stays out of the logs: the input names the person
        .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(false).build())
        .tracingEnabled(true)
        .build();
    machine.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("kms:Decrypt", "kms:GenerateDataKey")).resources(List.of(props.get(SecurityStack.class).alertsKey().getKeyArn())).build());
    NagSuppressions.addResourceSuppressions(machine.getRole(), List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5").appliesTo(List.of("Resource::*"))
        .reason("The log-delivery and X-Ray actions Step Functions requires on '*'")
        .build()), true);
    return machine;
  }
}
