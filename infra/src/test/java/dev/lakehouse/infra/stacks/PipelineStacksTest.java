package dev.lakehouse.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.contract.pipeline.PipelineSubstitutions;
import dev.lakehouse.infra.config.EnvironmentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Streaming, catalog/compute, query, orchestration, observability, audit and replication, per environment. */
class PipelineStacksTest {

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void clickstreamFlowsThroughAnEncryptedStreamAndFirehoseIntoTheLandingLayout(String env) {
    EnvironmentConfig c = Stacks.config(env);
    Template t = Stacks.template(env, "streaming");
    Map<String, Object> stream = new java.util.HashMap<>(Map.of(
        "RetentionPeriodHours", c.streaming().kinesisRetentionHours(),
        "StreamEncryption", Match.objectLike(Map.of("EncryptionType", "KMS")),
        "StreamModeDetails", Map.of("StreamMode", c.streaming().kinesisMode())));
    if (c.streaming().kinesisShards() > 0) {
      stream.put("ShardCount", c.streaming().kinesisShards());
    }
    t.hasResourceProperties("AWS::Kinesis::Stream", Match.objectLike(stream));
    t.hasResourceProperties("AWS::KinesisFirehose::DeliveryStream", Match.objectLike(Map.of(
        "DeliveryStreamType", "KinesisStreamAsSource",
        "ExtendedS3DestinationConfiguration", Match.objectLike(Map.of(
            "Prefix", Match.stringLikeRegexp("^landing/clickstream/year=.*hour=.*/$"),
            "ErrorOutputPrefix", Match.stringLikeRegexp("^quarantine/firehose/.*"),
            "CompressionFormat", "GZIP",
            // landed clickstream files are raw PII: the raw key, never the lake's
            "EncryptionConfiguration", Map.of("KMSEncryptionConfig", Map.of("AWSKMSKeyARN",
                Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*RawKey.*")))))))));
    t.resourceCountIs("AWS::MSK::ServerlessCluster", c.streaming().mskEnabled() ? 1 : 0);
    if (c.streaming().mskEnabled()) {
      t.hasResourceProperties("AWS::MSK::ServerlessCluster", Match.objectLike(Map.of(
          "ClientAuthentication", Map.of("Sasl", Map.of("Iam", Map.of("Enabled", true))))));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyPipelineJobIsAGlue5JobRunningTheBuiltJarWithTheLakeCatalog(String env) {
    EnvironmentConfig c = Stacks.config(env);
    Template t = Stacks.template(env, "compute");
    t.resourceCountIs("AWS::Glue::Database", 4);
    for (String db : List.of("bronze", "silver", "gold", "ops")) {
      t.hasResourceProperties("AWS::Glue::Database", Match.objectLike(Map.of("DatabaseInput", Match.objectLike(Map.of("Name", db)))));
    }
    t.hasResourceProperties("AWS::Glue::SecurityConfiguration", Match.objectLike(Map.of("EncryptionConfiguration", Match.objectLike(Map.of(
        "S3Encryptions", List.of(Match.objectLike(Map.of("S3EncryptionMode", "SSE-KMS"))),
        "CloudWatchEncryption", Match.objectLike(Map.of("CloudWatchEncryptionMode", "SSE-KMS")),
        "JobBookmarksEncryption", Match.objectLike(Map.of("JobBookmarksEncryptionMode", "CSE-KMS")))))));
    // 4 bronze + 4 silver + gold + maintenance + retention + snapshots + pii-rehash + erasure: the whole catalog
    t.resourceCountIs("AWS::Glue::Job", PipelineJob.values().length);
    // the one entry class really exists in the job jar the stack uploads
    assertThat(Path.of("..", "glue-jobs", "src", "main", "java", PipelineJob.ENTRY_CLASS.replace('.', '/') + ".java")).exists();
    for (PipelineJob job : PipelineJob.values()) {
      // the logical id is the catalog's pipeline name, as before the catalog: a fixed-name job cannot be replaced
      assertThat(t.findResources("AWS::Glue::Job").get(job.pipelineName())).as(job.pipelineName())
          .extracting(r -> ((Map<?, ?>) r.get("Properties")).get("Name")).isEqualTo(job.deployedName(env));
      t.hasResourceProperties("AWS::Glue::Job", Match.objectLike(Map.of(
          "Name", "lakehouse-" + env + "-" + job.id(),
          "GlueVersion", "5.0",
          "WorkerType", c.glue().forJob(job.id()).workerType(),
          "NumberOfWorkers", c.glue().forJob(job.id()).workers(),
          "Timeout", c.glue().timeoutMinutes(),
          "SecurityConfiguration", Match.anyValue(),
          "DefaultArguments", Match.objectLike(Map.of(
              "--class", PipelineJob.ENTRY_CLASS,
              "--lakehouse-job", job.id(),
              "--source", Match.absent(),
              "--job-language", "scala",
              "--extra-jars", Match.anyValue(),
              "--catalog", "glue",
              "--metrics", "stdout",
              // OpenLineage events to the environment's lineage service, if it has one (never the erasure's: its SQL names the person)
              "--lineage", c.lineageUrl() != null && job.emitsLineage() ? c.lineageUrl() : Match.absent(),
              "--kms-key-arn", Match.anyValue(),
              // the PII key's secret only for the jobs that hash (their role alone may read it)
              "--pii-hash-key-secret", job.access().piiKey() ? Match.anyValue() : Match.absent())))));
      // its own sizing's shuffle partitions; no continuous-logging flag, which Glue 5.0 ignores
      t.hasResourceProperties("AWS::Glue::Job", Match.objectLike(Map.of("Name", "lakehouse-" + env + "-" + job.id(),
          "DefaultArguments", Match.objectLike(Map.of("--enable-continuous-cloudwatch-log", Match.absent(),
              "--shuffle-partitions", String.valueOf(c.glue().forJob(job.id()).shufflePartitions()))))));
    }
    t.hasResourceProperties("AWS::Glue::Job", Match.objectLike(Map.of("Name", "lakehouse-" + env + "-gold",
        "DefaultArguments", Match.objectLike(Map.of("--lookback-days", "2")))));
    // two tasks per executor core: prod's gold has 9 executors of 8 vCPUs, its users jobs 1 of 4; dev's jobs 1 of 4
    Map<String, List<Object>> sizing = Map.of("dev", List.of("G.1X", 2, "8", "G.1X", 2, "8"), "staging", List.of("G.1X", 5, "32", "G.1X", 5, "32"),
        "prod", List.of("G.2X", 10, "144", "G.1X", 2, "8"));
    t.hasResourceProperties("AWS::Glue::Job", Match.objectLike(Map.of("Name", "lakehouse-" + env + "-gold", "WorkerType", sizing.get(env).get(0),
        "NumberOfWorkers", sizing.get(env).get(1), "DefaultArguments", Match.objectLike(Map.of("--shuffle-partitions", sizing.get(env).get(2))))));
    t.hasResourceProperties("AWS::Glue::Job", Match.objectLike(Map.of("Name", "lakehouse-" + env + "-silver-users",
        "WorkerType", sizing.get(env).get(3), "NumberOfWorkers", sizing.get(env).get(4),
        "DefaultArguments", Match.objectLike(Map.of("--shuffle-partitions", sizing.get(env).get(5))))));
    t.hasResourceProperties("AWS::Glue::Job", Match.objectLike(Map.of("Name", "lakehouse-" + env + "-bronze-orders",
        "DefaultArguments", Match.objectLike(Map.of("--kafka-auth", c.streaming().mskEnabled() ? "iam" : "none")))));
    t.hasResourceProperties("AWS::Glue::Job", Match.objectLike(Map.of("Name", "lakehouse-" + env + "-maintenance",
        "DefaultArguments", Match.objectLike(Map.of("--snapshot-retention-days", String.valueOf(c.retentionDays().snapshots()))))));
    t.hasResourceProperties("AWS::Glue::Job", Match.objectLike(Map.of("Name", "lakehouse-" + env + "-retention",
        "DefaultArguments", Match.objectLike(Map.of(
            "--retention-bronze-days", String.valueOf(c.retentionDays().bronze()),
            "--retention-silver-days", String.valueOf(c.retentionDays().silver()),
            "--retention-rejected-days", String.valueOf(c.retentionDays().quarantine()),
            "--snapshot-retention-days", String.valueOf(c.retentionDays().snapshots()))))));
    t.hasResourceProperties("AWS::Glue::Job", Match.objectLike(Map.of("Name", "lakehouse-" + env + "-erasure",
        "DefaultArguments", Match.objectLike(Map.of("--replica-bucket", c.features().crossRegionReplication()
            ? Match.stringLikeRegexp("lakehouse-" + env + "-.*") : Match.absent(),
            // the landed objects it rewrites keep the raw key
            "--raw-kms-key-arn", Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*RawKey.*")))))));
    // one weekly trigger each, retention before maintenance (they would contend for the same commits)
    t.resourceCountIs("AWS::Glue::Trigger", 2);
    t.hasResourceProperties("AWS::Glue::Trigger", Match.objectLike(Map.of("Type", "SCHEDULED", "Schedule", "cron(0 4 ? * SUN *)",
        "Actions", List.of(Map.of("JobName", "lakehouse-" + env + "-retention")))));
    t.hasResourceProperties("AWS::Glue::Trigger", Match.objectLike(Map.of("Type", "SCHEDULED", "Schedule", "cron(0 5 ? * SUN *)",
        "Actions", List.of(Map.of("JobName", "lakehouse-" + env + "-maintenance")))));
    t.resourceCountIs("AWS::EMRServerless::Application", c.features().emrServerless() ? 1 : 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void athenaEnforcesEncryptedResultsAndTheScanCutoffAndShipsTheVersionedQueries(String env) throws Exception {
    EnvironmentConfig c = Stacks.config(env);
    Template t = Stacks.template(env, "query");
    t.hasResourceProperties("AWS::Athena::WorkGroup", Match.objectLike(Map.of("WorkGroupConfiguration", Match.objectLike(Map.of(
        "EnforceWorkGroupConfiguration", true,
        "BytesScannedCutoffPerQuery", (double) c.athena().bytesScannedCutoffGb() * 1024 * 1024 * 1024,
        "ResultConfiguration", Match.objectLike(Map.of("EncryptionConfiguration", Match.objectLike(Map.of("EncryptionOption", "SSE_KMS")))))))));
    List<Path> files;
    try (var s = Files.list(Path.of("..", "athena", "named-queries"))) {
      files = s.filter(f -> f.toString().endsWith(".sql")).toList();
    }
    assertThat(files).isNotEmpty();
    t.resourceCountIs("AWS::Athena::NamedQuery", files.size());
    for (Path f : files) {
      t.hasResourceProperties("AWS::Athena::NamedQuery", Match.objectLike(Map.of(
          "Name", f.getFileName().toString().replace(".sql", ""), "QueryString", Files.readString(f).strip())));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theStateMachineIsTheVersionedDefinitionWithEverySubstitutionLoggedTracedAndScheduled(String env) {
    EnvironmentConfig c = Stacks.config(env);
    Template t = Stacks.template(env, "orchestration");
    Map<String, Object> subs = new java.util.HashMap<>();
    for (String n : PipelineSubstitutions.NAMES) {
      subs.put(n, Match.anyValue());
    }
    t.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of(
        "DefinitionSubstitutions", Match.objectEquals(subs),
        "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", true)),
        "TracingConfiguration", Map.of("Enabled", true))));
    t.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of(
        "DefinitionSubstitutions", Match.objectLike(Map.of("GoldJob", "lakehouse-" + env + "-gold",
            "SilverUsersJob", "lakehouse-" + env + "-silver-users",
            "QualityCheckQuery", Match.stringLikeRegexp("[\\s\\S]*ops\\.dq_results[\\s\\S]*'error'[\\s\\S]*"))))));
    // failures page the critical topic; a success goes to the warning topic, and the pipeline may publish to both
    t.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of("DefinitionSubstitutions", Match.objectLike(Map.of(
        "AlertTopicArn", Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*RefAlerts.*")),
        "NoticeTopicArn", Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*RefWarnings.*")))))));
    t.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument", Match.objectLike(Map.of("Statement",
        Match.arrayWith(List.of(Match.objectLike(Map.of("Action", "sns:Publish", "Resource", List.of(
            Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*RefAlerts.*")),
            Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*RefWarnings.*"))))))))))));
    t.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of("ScheduleExpression", c.schedules().pipeline())));
  }

  /**
   * The erasure machine's execution and its job run carry the request id alone: the person's
   * identifiers wait in the request's object, which only the erasure role reads (raw key).
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theErasureCarriesItsRequestIdNotThePersonsIdentifiers(String env) throws Exception {
    Template t = Stacks.template(env, "orchestration");
    t.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of(
        "StateMachineName", "lakehouse-" + env + "-erasure",
        "LoggingConfiguration", Match.objectLike(Map.of("IncludeExecutionData", false)))));
    String machine = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(t.findResources("AWS::StepFunctions::StateMachine",
        Match.objectLike(Map.of("Properties", Match.objectLike(Map.of("StateMachineName", "lakehouse-" + env + "-erasure")))))).replace("\\", "");
    assertThat(machine).contains(":states:::glue:startJobRun.sync", "\"JobName\":\"lakehouse-" + env + "-erasure\"",
        "\"--request-id.$\":\"$.requestId\"").doesNotContain("--erase-emails").doesNotContain("--erase-ids")
        .doesNotContain("$.emails").doesNotContain("$.ids");
    Template compute = Stacks.template(env, "compute");
    String request = RoleGrants.LAKE + "/" + dev.lakehouse.contract.layout.LakeLayout.erasureRequestKey("GDPR-1");
    assertThat(RoleGrants.of(compute, "lakehouse-" + env + "-glue-erasure").allows("s3:GetObject", request)).isTrue();
    for (String other : List.of("bronze", "silver", "gold", "maintenance")) {
      assertThat(RoleGrants.of(compute, "lakehouse-" + env + "-glue-" + other).allows("s3:GetObject", request)).as(other).isFalse();
    }
  }

  /**
   * Every alarm of every stack says its severity and a runbook that exists, and notifies the topic
   * of that severity; freshness alarms and "no successful pipeline in 26 hours" breach on missing
   * data (nothing measured is not fine).
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyAlarmNamesItsSeverityAndAnExistingRunbookAndNotifiesThatSeveritysTopic(String env) {
    Template t = Stacks.template(env, "observability");
    Map<String, Map<String, Object>> alarms = new java.util.HashMap<>();
    for (Stack s : Stacks.of(env)) {
      Stacks.template(env, s.getStackName().substring(("lakehouse-" + env + "-").length())).findResources("AWS::CloudWatch::Alarm")
          .forEach((id, a) -> alarms.put(s.getStackName() + "/" + id, a));
    }
    List<String> expected = List.of("PipelineFailed", "PipelineTimedOut", "NoSuccessfulPipeline", "GlueJobFailed", "SftpExtractorErrors",
        "SftpExtractorThrottles", "RdsExtractorErrors", "RdsExtractorThrottles", "FilesQuarantined", "UsersFreshness",
        "ClickstreamFreshness", "ClickstreamIteratorAge", "OrdersConsumerLag");
    for (String id : expected) {
      assertThat(alarms.keySet()).as("alarm " + id).anyMatch(k -> k.substring(k.indexOf('/') + 1).startsWith(id));
    }
    for (var e : alarms.entrySet()) {
      @SuppressWarnings("unchecked") Map<String, Object> p = (Map<String, Object>) e.getValue().get("Properties");
      java.util.regex.Matcher m = dev.lakehouse.infra.constructs.Alerting.DESCRIPTION.matcher(String.valueOf(p.get("AlarmDescription")));
      assertThat(m.matches()).as(e.getKey() + ": " + p.get("AlarmDescription")).isTrue();
      assertThat(Path.of("..").resolve(m.group(2))).as(e.getKey() + " runbook").isRegularFile();
      String action = String.valueOf(p.get("AlarmActions"));
      assertThat(action).as(e.getKey() + " notifies the " + m.group(1) + " topic").contains(m.group(1).equals("critical") ? "Alerts" : "Warnings")
          .doesNotContain(m.group(1).equals("critical") ? "Warnings" : "RefAlerts");
    }
    for (String fresh : List.of("UsersFreshness", "ClickstreamFreshness")) {
      t.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("AlarmDescription", Match.stringLikeRegexp("^\\[critical\\].*"
          + fresh.replace("Freshness", "").toLowerCase(java.util.Locale.ROOT) + "-freshness\\.md$"), "TreatMissingData", "breaching")));
    }
    t.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("Namespace", "Lakehouse/Jobs", "MetricName", "KafkaOffsetLag",
        "Dimensions", List.of(Map.of("Name", "Job", "Value", "bronze-orders")), "Statistic", "Maximum", "Threshold", 100_000)));
    t.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("MetricName", "ExecutionsSucceeded", "Period", 7200,
        "EvaluationPeriods", 13, "DatapointsToAlarm", 13, "ComparisonOperator", "LessThanThreshold", "Threshold", 1,
        "TreatMissingData", "breaching")));
    t.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of("EventPattern", Match.objectLike(Map.of(
        "source", List.of("aws.glue"), "detail", Match.objectLike(Map.of("state", Match.arrayWith(List.of("FAILED")))))))));
    t.resourceCountIs("AWS::CloudWatch::Dashboard", 2);
  }

  /**
   * The SLOs of the environment file are metric math on the SLO dashboard and alarms at both
   * severities: the window and threshold of each alarm are the file's; every gold table has its
   * freshness alarms, which breach when nothing reports.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everySloIsComputedAlarmedAtBothSeveritiesAndOnTheSloDashboard(String env) {
    EnvironmentConfig.Slos slos = Stacks.config(env).slos();
    Template t = Stacks.template(env, "observability");
    t.hasResourceProperties("AWS::CloudWatch::Dashboard", Match.objectLike(Map.of("DashboardName", "lakehouse-" + env + "-slos")));
    // the error budgets left, each over the budget the objective allows, written as the objective is (99.9 → 0.1)
    String dashboards = t.findResources("AWS::CloudWatch::Dashboard").toString();
    assertThat(List.of(slos.availability().objectivePercent(), slos.dataQuality().objectivePercent())).containsExactly(99.5, 99.9);
    assertThat(dashboards).contains("100 * (1 - (100 - sli) / 0.5)").contains("100 * (1 - (100 - sli) / 0.1)");
    assertThat(dashboards).doesNotContainPattern("\\(100 - sli\\) / \\d+\\.\\d{6,}");
    Map<String, Map<String, Object>> alarms = new java.util.HashMap<>();
    t.findResources("AWS::CloudWatch::Alarm").forEach((id, a) -> {
      @SuppressWarnings("unchecked") Map<String, Object> p = (Map<String, Object>) a.get("Properties");
      alarms.put(id, p);
    });
    record Expect(String idPrefix, String severity, double threshold, int periodSeconds, String expression) {}
    List<Expect> expected = new ArrayList<>(List.of(
        new Expect("SlosAvailabilityWarning", "warning", slos.availability().warning().belowPercent(),
            slos.availability().warning().windowDays() * 86400, "100 * s / (s + f + t + ab)"),
        new Expect("SlosAvailabilityCritical", "critical", slos.availability().critical().belowPercent(),
            slos.availability().critical().windowDays() * 86400, "100 * s / (s + f + t + ab)"),
        new Expect("SlosDataQualityWarning", "warning", slos.dataQuality().warning().belowPercent(),
            slos.dataQuality().warning().windowDays() * 86400, "100 * (1 - (FILL(f0, 0)"),
        new Expect("SlosDataQualityCritical", "critical", slos.dataQuality().critical().belowPercent(),
            slos.dataQuality().critical().windowDays() * 86400, "100 * (1 - (FILL(f0, 0)"),
        new Expect("SlosPipelineDurationP99Warning", "warning", slos.pipelineDuration().warningMinutes(),
            slos.pipelineDuration().windowDays() * 86400, "m / 60000"),
        new Expect("SlosPipelineDurationP99Critical", "critical", slos.pipelineDuration().criticalMinutes(),
            slos.pipelineDuration().windowDays() * 86400, "m / 60000")));
    for (Expect e : expected) {
      Map<String, Object> p = alarms.entrySet().stream().filter(a -> a.getKey().startsWith(e.idPrefix())).map(Map.Entry::getValue)
          .findFirst().orElseThrow(() -> new AssertionError("no alarm " + e.idPrefix()));
      assertThat(String.valueOf(p.get("AlarmDescription"))).startsWith("[" + e.severity() + "] ");
      assertThat(((Number) p.get("Threshold")).doubleValue()).as(e.idPrefix()).isEqualTo(e.threshold());
      @SuppressWarnings("unchecked") List<Map<String, Object>> metrics = (List<Map<String, Object>>) p.get("Metrics");
      Map<String, Object> expression = metrics.stream().filter(m -> m.containsKey("Expression")).findFirst().orElseThrow();
      assertThat(String.valueOf(expression.get("Expression"))).as(e.idPrefix()).startsWith(e.expression());
      assertThat(metrics).as(e.idPrefix() + ": a math alarm may use 10 metrics at most").hasSizeLessThanOrEqualTo(11);
      assertThat(metrics.stream().filter(m -> m.containsKey("MetricStat")))
          .allSatisfy(m -> assertThat(((Map<?, ?>) m.get("MetricStat")).get("Period")).as(e.idPrefix()).isEqualTo(e.periodSeconds()));
      assertThat(e.periodSeconds()).as("an alarm evaluates at most 7 days").isLessThanOrEqualTo(7 * 86400);
    }
    for (String table : dev.lakehouse.infra.constructs.ServiceLevels.goldTables()) {
      EnvironmentConfig.Staleness limit = slos.goldFreshness().of(table);
      for (var s : Map.of("warning", limit.warningMinutes(), "critical", limit.criticalMinutes()).entrySet()) {
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("Namespace", "Lakehouse/Jobs", "MetricName", "Refreshed",
            "Dimensions", Match.arrayWith(List.of(Map.of("Name", "Table", "Value", table))), "Period", s.getValue() * 60,
            "ComparisonOperator", "LessThanThreshold", "Threshold", 1, "TreatMissingData", "breaching",
            "AlarmDescription", Match.stringLikeRegexp("^\\[" + s.getKey() + "\\] " + table.replace(".", "\\.") + " .*slo-gold-freshness\\.md$"))));
      }
    }
    assertThat(dev.lakehouse.infra.constructs.ServiceLevels.goldTables()).hasSize(14);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void cloudTrailRecordsLakeDataEventsAndReplicationFollowsTheSwitch(String env) {
    EnvironmentConfig c = Stacks.config(env);
    Template t = Stacks.template(env, "storage");
    t.hasResourceProperties("AWS::CloudTrail::Trail", Match.objectLike(Map.of("EnableLogFileValidation", true, "KMSKeyId", Match.anyValue())));
    if (c.features().cloudTrailDataEvents()) {
      t.hasResourceProperties("AWS::CloudTrail::Trail", Match.objectLike(Map.of("EventSelectors", Match.arrayWith(List.of(
          Match.objectLike(Map.of("DataResources", List.of(Match.objectLike(Map.of("Type", "AWS::S3::Object"))))))))));
    }
    Object replication = Match.objectLike(Map.of("ReplicationConfiguration", Match.objectLike(Map.of("Rules", List.of(Match.objectLike(Map.of(
        "Status", "Enabled",
        "Destination", Match.objectLike(Map.of("Bucket", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
            ":s3:::lakehouse-" + env + "-replica-" + c.account() + "-" + c.drRegion()))))),
        "SourceSelectionCriteria", Map.of("SseKmsEncryptedObjects", Map.of("Status", "Enabled")))))))));
    if (c.features().crossRegionReplication()) {
      t.hasResourceProperties("AWS::S3::Bucket", replication);
      // Replication Time Control and its metrics, and the alarms on them at the environment's RPO
      t.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of("ReplicationConfiguration", Match.objectLike(Map.of("Rules",
          List.of(Match.objectLike(Map.of("Id", "to-" + c.drRegion(), "Destination", Match.objectLike(Map.of(
              "ReplicationTime", Map.of("Status", "Enabled", "Time", Map.of("Minutes", 15)),
              "Metrics", Map.of("Status", "Enabled", "EventThreshold", Map.of("Minutes", 15))))))))))));
      assertThat(c.recovery().rpoMinutes()).isEqualTo(15);
      Template o = Stacks.template(env, "observability");
      o.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("Namespace", "AWS/S3", "MetricName", "ReplicationLatency",
          "Statistic", "Maximum", "Threshold", 900, "AlarmDescription", Match.stringLikeRegexp("^\\[critical\\].*replication-latency\\.md$"),
          "Dimensions", Match.arrayWith(List.of(
              Map.of("Name", "DestinationBucket", "Value", "lakehouse-" + env + "-replica-" + c.account() + "-" + c.drRegion()),
              Map.of("Name", "RuleId", "Value", "to-" + c.drRegion()))))));
      o.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("Namespace", "AWS/S3",
          "MetricName", "OperationsFailedReplication", "Threshold", 1)));
      Stack dr = Stacks.stack(env, "dr");
      assertThat(dr.getRegion()).isEqualTo(c.drRegion());
      Template.fromStack(dr).hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
          "BucketName", "lakehouse-" + env + "-replica-" + c.account() + "-" + c.drRegion(),
          "VersioningConfiguration", Map.of("Status", "Enabled"),
          // S3 replicates no lifecycle expiration: the replica's raw files expire by rules of its own, the primary's
          "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(
              Match.objectLike(Map.of("Prefix", "landing/", "ExpirationInDays", c.retentionDays().bronze())),
              Match.objectLike(Map.of("Prefix", "quarantine/", "ExpirationInDays", c.retentionDays().quarantine()))))))));
      // what a failover needs in the DR region: the access point it reads the replica through (the bucket
      // delegating to it), the secrets' replicas and the vault the ledger's backups are copied to
      Template drt = Template.fromStack(dr);
      drt.hasResourceProperties("AWS::S3::AccessPoint", Match.objectLike(Map.of("Name", "lakehouse-" + env + "-replica")));
      drt.hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of("PolicyDocument", Match.objectLike(Map.of("Statement",
          Match.arrayWith(List.of(Match.objectLike(Map.of("Condition", Map.of("StringEquals",
              Map.of("s3:DataAccessPointAccount", c.account())))))))))));
      drt.hasResourceProperties("AWS::Backup::BackupVault", Match.objectLike(Map.of("BackupVaultName", "lakehouse-" + env + "-ledger-dr")));
      Stacks.template(env, "security").hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
          "Name", "lakehouse/" + env + "/pii-hash-key", "ReplicaRegions", List.of(Match.objectLike(Map.of("Region", c.drRegion()))))));
      Template ingestion = Stacks.template(env, "ingestion");
      assertThat(ingestion.findResources("AWS::SecretsManager::Secret", Match.objectLike(Map.of("Properties", Match.objectLike(Map.of(
          "ReplicaRegions", List.of(Match.objectLike(Map.of("Region", c.drRegion()))))))))).hasSize(2);
      ingestion.hasResourceProperties("AWS::Backup::BackupPlan", Match.objectLike(Map.of("BackupPlan", Match.objectLike(Map.of(
          "BackupPlanRule", List.of(Match.objectLike(Map.of("ScheduleExpression", "cron(0 * * * ? *)", "CopyActions", List.of(Match.objectLike(Map.of(
              "DestinationBackupVaultArn", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                  ":backup:" + c.drRegion() + ":" + c.account() + ":backup-vault:lakehouse-" + env + "-ledger-dr"))))))))))))));
    } else {
      assertThat(t.findResources("AWS::S3::Bucket", Match.objectLike(Map.of("Properties", replication)))).isEmpty();
      // nothing is copied out of the region; the ledger is still backed up where it is
      assertThat(Stacks.template(env, "security").findResources("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
          "Properties", Match.objectLike(Map.of("ReplicaRegions", Match.anyValue())))))).isEmpty();
      Stacks.template(env, "ingestion").hasResourceProperties("AWS::Backup::BackupSelection", Match.anyValue());
      assertThat(Stacks.of(env)).noneMatch(s -> s.getStackName().endsWith("-dr"));
      assertThat(Stacks.template(env, "observability").findResources("AWS::CloudWatch::Alarm",
          Match.objectLike(Map.of("Properties", Match.objectLike(Map.of("Namespace", "AWS/S3")))))).isEmpty();
      assertThat(java.util.Arrays.asList(c.recovery().rpoMinutes(), c.recovery().rtoMinutes())).containsOnlyNulls();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void noPolicyAnywhereGrantsAWildcardActionBeyondTheAllowList(String env) {
    List<String> wildcards = new ArrayList<>();
    for (Stack s : Stacks.of(env)) {
      String name = s.getStackName().substring(("lakehouse-" + env + "-").length());
      Template t = Stacks.template(env, name);
      for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::Role", "AWS::IAM::ManagedPolicy", "AWS::KMS::Key", "AWS::S3::BucketPolicy",
          "AWS::SNS::TopicPolicy")) {
        collectActions(t.findResources(type), s.getStackName() + " " + type, wildcards);
      }
    }
    assertThat(wildcards).as("'*' in an action outside the allow-list " + WILDCARD_ACTIONS.keySet()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyTaggableResourceCarriesTheCostAllocationTags(String env) {
    List<String> untagged = new ArrayList<>();
    int tagged = 0;
    for (Stack s : Stacks.of(env)) {
      String name = s.getStackName().substring(("lakehouse-" + env + "-").length());
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) Stacks.template(env, name).toJSON().get("Resources");
      for (var r : resources.entrySet()) {
        Object props = r.getValue().get("Properties");
        if (props instanceof Map<?, ?> p && p.containsKey("Tags")) {
          String tags = String.valueOf(p.get("Tags"));
          if (tags.contains("project") && tags.contains("lakehouse") && tags.contains(env) && tags.contains("cost-center")) {
            tagged++;
          } else {
            untagged.add(s.getStackName() + "/" + r.getKey() + " " + tags);
          }
        }
      }
    }
    assertThat(untagged).isEmpty();
    assertThat(tagged).as("tagged resources").isGreaterThan(40);
  }

  /** The action patterns with a '*' that may appear, each for its reason (all written by CDK's grant methods or defaults). */
  private static final Map<String, String> WILDCARD_ACTIONS = Map.of(
      "kms:GenerateDataKey*", "GenerateDataKey and GenerateDataKeyWithoutPlaintext, for envelope encryption (Key.grantEncrypt)",
      "kms:ReEncrypt*", "ReEncryptFrom and ReEncryptTo, moving a ciphertext between keys (Key.grantEncryptDecrypt)",
      "s3:Abort*", "AbortMultipartUpload, so a failed upload leaves no parts (Bucket.grantPut)",
      "s3:DeleteObject*", "DeleteObject and its versions: emptying a dev or staging bucket when its stack is deleted (autoDeleteObjects)",
      "s3:GetBucket*", "reading a bucket's own settings, for the same emptying (autoDeleteObjects)",
      "s3:List*", "listing the objects and versions to empty (autoDeleteObjects)");
  /** {@code kms:*} only in a key policy, for the account's root: the default that hands the key's use to IAM policies. */
  private static final String KEY_POLICY_ADMIN = "kms:*";

  @SuppressWarnings("unchecked")
  private static void collectActions(Object node, String where, List<String> out) {
    if (node instanceof Map<?, ?> m) {
      Object action = m.get("Action");
      if (action != null && m.containsKey("Effect") && "Allow".equals(m.get("Effect"))) {
        List<Object> actions = action instanceof List<?> l ? (List<Object>) l : List.of(action);
        for (Object a : actions) {
          boolean keyAdmin = a.equals(KEY_POLICY_ADMIN) && where.endsWith("AWS::KMS::Key") && String.valueOf(m.get("Principal")).contains(":root");
          if (a instanceof String s && s.contains("*") && !WILDCARD_ACTIONS.containsKey(s) && !keyAdmin) {
            out.add(where + ": " + s);
          }
        }
      }
      m.values().forEach(v -> collectActions(v, where, out));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectActions(v, where, out));
    }
  }
}
