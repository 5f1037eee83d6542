package dev.lakehouse.infra.stacks;

import dev.lakehouse.contract.pipeline.JobMetrics;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.infra.config.EnvironmentConfig;
import dev.lakehouse.infra.constructs.Alerting;
import dev.lakehouse.infra.constructs.ServiceLevels;
import dev.lakehouse.infra.constructs.SparkJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * Alarms, each to the (KMS-encrypted) topic of its severity with its runbook named
 * ({@link Alerting}), and one dashboard: pipeline executions failed or timed out, no successful
 * execution in 26 hours, Glue job runs failed (an EventBridge rule on Glue job state changes, which
 * also notifies directly), quarantined files, data freshness (Firehose delivery age and the users
 * watermark lag; missing data breaches) and the clickstream stream's iterator age; the service level
 * objectives ({@link ServiceLevels}: their alarms and the SLO dashboard). Each extractor's errors and throttles alarms come with its
 * {@code ExtractorFunction}, in the ingestion stack; the dashboard graphs them here.
 */
public final class ObservabilityStack extends Stack {
  private final Map<String, Alarm> alarms = new LinkedHashMap<>();
  private final Alerting.Targets targets;

  public ObservabilityStack(Construct scope, String id, PlatformProps props) {
    super(scope, id, props.stackProps());
    targets = Alerting.Targets.of(props.get(SecurityStack.class).alerts(), props.get(SecurityStack.class).warnings());
    Duration fiveMinutes = Duration.minutes(5);
    StateMachine pipeline = props.get(OrchestrationStack.class).pipeline();

    alarm("PipelineFailed", Alerting.Severity.CRITICAL, "A pipeline execution failed, timed out or was aborted", "pipeline-failed",
        a -> a.metric(pipeline.metricFailed()));
    alarm("PipelineTimedOut", Alerting.Severity.CRITICAL, "A pipeline execution timed out", "pipeline-timed-out",
        a -> a.metric(pipeline.metricTimedOut()));
    // the schedule runs daily: no succeeded execution in 26 hours (13 periods of 2 h, none reporting
    // one, no data at all included) means the lake is a day stale, whatever the reason
    alarm("NoSuccessfulPipeline", Alerting.Severity.CRITICAL, "No pipeline execution succeeded in the last 26 hours", "no-successful-pipeline",
        a -> a.metric(pipeline.metricSucceeded(software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                .statistic("Sum").period(Duration.hours(2)).build()))
            .evaluationPeriods(13).datapointsToAlarm(13).comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
            .treatMissingData(TreatMissingData.BREACHING));

    List<String> jobNames = props.get(ComputeStack.class).jobs().stream().map(SparkJob::jobName).toList();
    // each failed job run is retried by the pipeline; the pipeline's own failure is the critical alarm
    Rule glueFailures = Rule.Builder.create(this, "GlueJobFailures")
        .description("Lakehouse Glue job runs that failed, timed out or stopped")
        .eventPattern(EventPattern.builder().source(List.of("aws.glue")).detailType(List.of("Glue Job State Change"))
            .detail(Map.of("jobName", jobNames, "state", List.of("FAILED", "TIMEOUT", "ERROR", "STOPPED"))).build())
        .targets(List.of(new SnsTopic(props.get(SecurityStack.class).warnings())))
        .build();
    alarm("GlueJobFailed", Alerting.Severity.WARNING, "A lakehouse Glue job run failed (see the Glue job state-change notification)",
        "glue-job-failed", a -> a.metric(Metric.Builder.create().namespace("AWS/Events").metricName("TriggeredRules")
            .dimensionsMap(Map.of("RuleName", glueFailures.getRuleName())).statistic("Sum").period(fiveMinutes).build()));

    // each extractor's errors and throttles alarms come with its ExtractorFunction (ingestion stack)
    Function sftp = props.get(IngestionStack.class).sftp().function();
    Function rds = props.get(IngestionStack.class).rds().function();
    Metric quarantined = ingestionMetric("FilesQuarantined", "transactions", "Sum", Duration.hours(1));
    alarm("FilesQuarantined", Alerting.Severity.WARNING, "SFTP files went to quarantine in the last hour (see the ledger for reasons)",
        "files-quarantined", a -> a.metric(quarantined));
    // freshness: no data point means nothing is measured, so the data may be stale: missing data breaches
    Metric watermarkLag = ingestionMetric("WatermarkLagSeconds", "users", "Maximum", Duration.minutes(15));
    alarm("UsersFreshness", Alerting.Severity.CRITICAL, "The users extract is more than 2 hours behind the database, or reports nothing",
        "users-freshness", a -> a.metric(watermarkLag).threshold(7200).treatMissingData(TreatMissingData.BREACHING));
    Metric deliveryFreshness = Metric.Builder.create().namespace("AWS/Firehose").metricName("DeliveryToS3.DataFreshness")
        .dimensionsMap(Map.of("DeliveryStreamName", props.get(StreamingStack.class).delivery().getRef())).statistic("Maximum").period(fiveMinutes).build();
    alarm("ClickstreamFreshness", Alerting.Severity.CRITICAL,
        "Clickstream records wait more than 15 minutes for delivery to the lake, or none are delivered", "clickstream-freshness",
        a -> a.metric(deliveryFreshness).threshold(900).treatMissingData(TreatMissingData.BREACHING));
    Metric iteratorAge = props.get(StreamingStack.class).clickstream().metricGetRecordsIteratorAgeMilliseconds(
        software.amazon.awscdk.services.cloudwatch.MetricOptions.builder().statistic("Maximum").period(fiveMinutes).build());
    alarm("ClickstreamIteratorAge", Alerting.Severity.WARNING, "Firehose is more than an hour behind the clickstream stream",
        "clickstream-iterator-age", a -> a.metric(iteratorAge).threshold(3_600_000));

    // the orders job drains the topic at each run; what it found waiting is the consumer lag (the seed's rule: > 100 000 messages)
    Metric ordersLag = Metric.Builder.create().namespace(JobMetrics.NAMESPACE).metricName(JobMetrics.KAFKA_OFFSET_LAG)
        .dimensionsMap(Map.of(JobMetrics.JOB, PipelineJob.BRONZE_ORDERS.id())).statistic("Maximum").period(Duration.hours(1)).build();
    alarm("OrdersConsumerLag", Alerting.Severity.WARNING,
        "The orders job started 100000 events or more behind the topic's end (events wait for the pipeline, or it did not run for long)",
        "orders-consumer-lag", a -> a.metric(ordersLag).threshold(100_000));

    // the copy in the DR region lags by at most the RPO: S3 Replication Time Control reports the latency per rule
    if (props.config().features().crossRegionReplication()) {
      Map<String, String> rule = Map.of("SourceBucket", props.get(StorageStack.class).lake().getBucketName(),
          "DestinationBucket", DisasterRecoveryStack.replicaBucketName(props.config()), "RuleId", StorageStack.replicationRule(props.config()));
      Metric latency = Metric.Builder.create().namespace("AWS/S3").metricName("ReplicationLatency").dimensionsMap(rule)
          .statistic("Maximum").period(fiveMinutes).build();
      int rpoSeconds = props.config().recovery().rpoMinutes() * 60;
      alarm("ReplicationLatency", Alerting.Severity.CRITICAL, "The DR copy of the lake is more than the RPO (" + props.config().recovery()
          .rpoMinutes() + " minutes) behind", "replication-latency", a -> a.metric(latency).threshold(rpoSeconds));
      Metric failed = Metric.Builder.create().namespace("AWS/S3").metricName("OperationsFailedReplication").dimensionsMap(rule)
          .statistic("Sum").period(Duration.hours(1)).build();
      alarm("ReplicationFailed", Alerting.Severity.WARNING, "Objects of the lake failed to replicate to the DR region in the last hour",
          "replication-latency", a -> a.metric(failed));
    }

    ServiceLevels slos = new ServiceLevels(this, "Slos", props.config().name(), props.config().slos(), pipeline, targets);
    alarms.putAll(slos.alarms());

    List<IWidget> row1 = List.of(
        graph("Pipeline executions", List.of(pipeline.metricSucceeded(), pipeline.metricFailed())),
        graph("Glue job failures", List.of(alarms.get("GlueJobFailed").getMetric())),
        graph("Orders consumer lag at each run's start (events)", List.of(ordersLag)),
        graph("Extractor errors / throttles", List.of(sftp.metricErrors(), rds.metricErrors(),
            sftp.metricThrottles(), rds.metricThrottles())));
    List<IWidget> row2 = List.of(
        graph("Rows landed", List.of(ingestionMetric("Rows", "transactions", "Sum", fiveMinutes),
            ingestionMetric("Rows", "users", "Sum", fiveMinutes))),
        graph("Quarantined files", List.of(quarantined)),
        graph("Freshness", List.of(watermarkLag, deliveryFreshness)),
        graph("Clickstream iterator age (ms)", List.of(iteratorAge)));
    Dashboard.Builder.create(this, "Dashboard")
        .dashboardName("lakehouse-" + props.config().name())
        .widgets(List.of(
            List.of(TextWidget.Builder.create().markdown("# Lakehouse " + props.config().name()
                + "\nAlarms notify the alert topic. Runbooks: `runbooks/` in the repository.").width(24).height(2).build()),
            row1, row2))
        .build();
  }

  private void alarm(String id, Alerting.Severity severity, String what, String runbook,
      java.util.function.Consumer<Alarm.Builder> shape) {
    alarms.put(id, Alerting.alarm(this, id, severity, what, runbook, targets, shape));
  }

  private static Metric ingestionMetric(String name, String source, String statistic, Duration period) {
    return Metric.Builder.create().namespace(IngestionStack.METRICS_NAMESPACE).metricName(name)
        .dimensionsMap(Map.of("Source", source)).statistic(statistic).period(period).build();
  }

  private static GraphWidget graph(String title, List<? extends software.amazon.awscdk.services.cloudwatch.IMetric> metrics) {
    return GraphWidget.Builder.create().title(title).left(new ArrayList<>(metrics)).width(24 / 4).height(6).build();
  }

  public Map<String, Alarm> alarms() {
    return alarms;
  }
}
