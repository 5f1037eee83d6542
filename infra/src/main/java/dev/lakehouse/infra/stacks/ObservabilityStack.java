package dev.lakehouse.infra.stacks;

import dev.lakehouse.infra.config.EnvironmentConfig;
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
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * Alarms to the (KMS-encrypted) alert topic and one dashboard: pipeline executions failed, Glue
 * job runs failed (an EventBridge rule on Glue job state changes, which also notifies directly),
 * quarantined files, data freshness (Firehose delivery age and the users watermark lag) and the
 * clickstream stream's iterator age. Each extractor's errors and throttles alarms come with its
 * {@code ExtractorFunction}, in the ingestion stack; the dashboard graphs them here.
 */
public final class ObservabilityStack extends Stack {
  private final Map<String, Alarm> alarms = new LinkedHashMap<>();

  public ObservabilityStack(Construct scope, String id, PlatformProps props) {
    super(scope, id, props.stackProps());
    SnsAction notify = new SnsAction(props.get(SecurityStack.class).alerts());
    Duration fiveMinutes = Duration.minutes(5);

    alarm("PipelineFailed", "A pipeline execution failed, timed out or was aborted",
        props.get(OrchestrationStack.class).pipeline().metricFailed(), 1, notify);
    alarm("PipelineTimedOut", "A pipeline execution timed out",
        props.get(OrchestrationStack.class).pipeline().metricTimedOut(), 1, notify);

    List<String> jobNames = props.get(ComputeStack.class).jobs().stream().map(SparkJob::jobName).toList();
    Rule glueFailures = Rule.Builder.create(this, "GlueJobFailures")
        .description("Lakehouse Glue job runs that failed, timed out or stopped")
        .eventPattern(EventPattern.builder().source(List.of("aws.glue")).detailType(List.of("Glue Job State Change"))
            .detail(Map.of("jobName", jobNames, "state", List.of("FAILED", "TIMEOUT", "ERROR", "STOPPED"))).build())
        .targets(List.of(new SnsTopic(props.get(SecurityStack.class).alerts())))
        .build();
    alarm("GlueJobFailed", "A lakehouse Glue job run failed (see the Glue job state-change notification)",
        Metric.Builder.create().namespace("AWS/Events").metricName("TriggeredRules")
            .dimensionsMap(Map.of("RuleName", glueFailures.getRuleName())).statistic("Sum").period(fiveMinutes).build(), 1, notify);

    // each extractor's errors and throttles alarms come with its ExtractorFunction (ingestion stack)
    Function sftp = props.get(IngestionStack.class).sftp().function();
    Function rds = props.get(IngestionStack.class).rds().function();
    Metric quarantined = ingestionMetric("FilesQuarantined", "transactions", "Sum", Duration.hours(1));
    alarm("FilesQuarantined", "SFTP files went to quarantine in the last hour (see the ledger for reasons)", quarantined, 1, notify);
    Metric watermarkLag = ingestionMetric("WatermarkLagSeconds", "users", "Maximum", Duration.minutes(15));
    alarm("UsersFreshness", "The users extract is more than 2 hours behind the database", watermarkLag, 7200, notify);
    Metric deliveryFreshness = Metric.Builder.create().namespace("AWS/Firehose").metricName("DeliveryToS3.DataFreshness")
        .dimensionsMap(Map.of("DeliveryStreamName", props.get(StreamingStack.class).delivery().getRef())).statistic("Maximum").period(fiveMinutes).build();
    alarm("ClickstreamFreshness", "Clickstream records wait more than 15 minutes for delivery to the lake", deliveryFreshness, 900, notify);
    Metric iteratorAge = props.get(StreamingStack.class).clickstream().metricGetRecordsIteratorAgeMilliseconds(
        software.amazon.awscdk.services.cloudwatch.MetricOptions.builder().statistic("Maximum").period(fiveMinutes).build());
    alarm("ClickstreamIteratorAge", "Firehose is more than an hour behind the clickstream stream", iteratorAge, 3_600_000, notify);

    List<IWidget> row1 = List.of(
        graph("Pipeline executions", List.of(props.get(OrchestrationStack.class).pipeline().metricSucceeded(), props.get(OrchestrationStack.class).pipeline().metricFailed())),
        graph("Glue job failures", List.of(alarms.get("GlueJobFailed").getMetric())),
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

  private void alarm(String id, String description, software.amazon.awscdk.services.cloudwatch.IMetric metric, double threshold,
      SnsAction notify) {
    Alarm a = Alarm.Builder.create(this, id)
        .alarmDescription(description)
        .metric(metric)
        .threshold(threshold)
        .evaluationPeriods(1)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build();
    a.addAlarmAction(notify);
    alarms.put(id, a);
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
