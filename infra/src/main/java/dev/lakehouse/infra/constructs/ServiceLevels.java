package dev.lakehouse.infra.constructs;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.contract.pipeline.JobMetrics;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.contract.schema.TableRegistry;
import dev.lakehouse.infra.config.EnvironmentConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.SingleValueWidget;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * The service level objectives of {@code environments/<env>.json} as CloudWatch metric math: the
 * SLIs (availability, data-quality pass rate, pipeline duration p99, freshness per gold table), an
 * SLO dashboard with each objective and its remaining error budget, and a warning and a critical
 * alarm per SLI. The numbers come from Step Functions' execution metrics and from the jobs' own EMF
 * metrics (namespace {@code Lakehouse/Jobs}).
 */
public final class ServiceLevels extends Construct {
  /** The jobs whose quality checks make the data-quality SLI (each adds 2 of the 10 metrics a math alarm may use). */
  static final List<PipelineJob> CHECKING_JOBS = List.of(PipelineJob.SILVER_ORDERS, PipelineJob.SILVER_CLICKSTREAM,
      PipelineJob.SILVER_TRANSACTIONS, PipelineJob.SILVER_USERS, PipelineJob.GOLD);

  private final Map<String, Alarm> alarms = new LinkedHashMap<>();

  public ServiceLevels(Construct scope, String id, String environment, EnvironmentConfig.Slos slos, StateMachine pipeline,
      Alerting.Targets targets) {
    super(scope, id);
    List<List<IWidget>> rows = new ArrayList<>();
    rows.add(List.of(TextWidget.Builder.create().markdown("# Lakehouse " + environment + " SLOs\n"
        + "Objectives and alarm thresholds: `environments/" + environment + ".json` (`slos`). Error budget: the share of the"
        + " objective's allowed failures still unspent over its window.").width(24).height(2).build()));

    // availability: succeeded executions over all that finished
    EnvironmentConfig.Ratio a = slos.availability();
    java.util.function.Function<Duration, IMetric> availability = window -> ratio("100 * s / (s + f + t + ab)", "Availability %", Map.of(
        "s", pipeline.metricSucceeded(sum(window)), "f", pipeline.metricFailed(sum(window)),
        "t", pipeline.metricTimedOut(sum(window)), "ab", pipeline.metricAborted(sum(window))));
    ratioAlarms("Availability", "pipeline executions that succeeded", "slo-availability", a, availability, targets);
    rows.add(ratioRow("Availability: succeeded pipeline executions", a, availability));

    // data quality: checks passed over checks evaluated, silver and gold
    EnvironmentConfig.Ratio q = slos.dataQuality();
    java.util.function.Function<Duration, IMetric> quality = window -> {
      Map<String, IMetric> m = new LinkedHashMap<>();
      List<String> failed = new ArrayList<>();
      List<String> checked = new ArrayList<>();
      for (int i = 0; i < CHECKING_JOBS.size(); i++) {
        m.put("f" + i, jobMetric(JobMetrics.QUALITY_FAILURES, CHECKING_JOBS.get(i), window));
        m.put("c" + i, jobMetric(JobMetrics.QUALITY_CHECKS, CHECKING_JOBS.get(i), window));
        failed.add("FILL(f" + i + ", 0)");
        checked.add("FILL(c" + i + ", 0)");
      }
      return ratio("100 * (1 - (" + String.join(" + ", failed) + ") / (" + String.join(" + ", checked) + "))", "Checks passed %", m);
    };
    ratioAlarms("DataQuality", "data-quality checks that passed", "slo-data-quality", q, quality, targets);
    rows.add(ratioRow("Data quality: checks passed (silver and gold)", q, quality));

    // pipeline duration p99 (Step Functions ExecutionTime, milliseconds)
    EnvironmentConfig.PipelineDuration d = slos.pipelineDuration();
    Duration dWindow = Duration.days(d.windowDays());
    IMetric p99Minutes = MathExpression.Builder.create().expression("m / 60000").label("p99 minutes")
        .usingMetrics(Map.of("m", pipeline.metricTime(MetricOptions.builder().statistic("p99").period(dWindow).build()))).period(dWindow).build();
    for (var s : List.of(Map.entry(Alerting.Severity.WARNING, d.warningMinutes()), Map.entry(Alerting.Severity.CRITICAL, d.criticalMinutes()))) {
      alarm("PipelineDurationP99" + title(s.getKey()), s.getKey(), "The p99 pipeline duration over " + d.windowDays() + " days exceeds "
          + s.getValue() + " minutes (objective " + d.p99ObjectiveMinutes() + ")", "slo-pipeline-duration", targets,
          b -> b.metric(p99Minutes).threshold(s.getValue()).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
    }
    rows.add(List.of(
        SingleValueWidget.Builder.create().title("Pipeline duration p99 (min), " + d.windowDays() + " d; objective < " + d.p99ObjectiveMinutes())
            .metrics(List.of(p99Minutes)).width(8).height(5).build(),
        GraphWidget.Builder.create().title("Pipeline duration p99 (min) per day").left(List.of(MathExpression.Builder.create()
                .expression("m / 60000").label("p99 minutes").usingMetrics(Map.of("m", pipeline.metricTime(
                    MetricOptions.builder().statistic("p99").period(Duration.days(1)).build()))).period(Duration.days(1)).build()))
            .leftAnnotations(List.of(line(d.p99ObjectiveMinutes(), "objective"), line(d.criticalMinutes(), "critical")))
            .width(16).height(5).build()));

    // gold freshness: each table refreshed by a successful gold run within its limits; no data breaches
    List<IMetric> refreshed = new ArrayList<>();
    for (String table : goldTables()) {
      EnvironmentConfig.Staleness limit = slos.goldFreshness().of(table);
      String name = table.substring(table.indexOf('.') + 1);
      for (var s : List.of(Map.entry(Alerting.Severity.WARNING, limit.warningMinutes()), Map.entry(Alerting.Severity.CRITICAL, limit.criticalMinutes()))) {
        Metric m = refreshedMetric(table, Duration.minutes(s.getValue()));
        alarm("GoldFreshness" + camel(name) + title(s.getKey()), s.getKey(), table + " has not been refreshed by a successful gold run for "
            + s.getValue() + " minutes, or nothing reports it", "slo-gold-freshness", targets,
            b -> b.metric(m).threshold(1).comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD).treatMissingData(TreatMissingData.BREACHING));
      }
      refreshed.add(refreshedMetric(table, Duration.hours(1)).with(MetricOptions.builder().label(name).build()));
    }
    rows.add(List.of(GraphWidget.Builder.create().title("Gold tables refreshed per hour (freshness: every table at least once within "
        + slos.goldFreshness().defaults().warningMinutes() + " minutes unless overridden)").left(refreshed).stacked(true).width(24).height(6).build()));

    Dashboard.Builder.create(this, "Dashboard").dashboardName("lakehouse-" + environment + "-slos").widgets(rows).build();
  }

  /** Every SLO alarm, by construct id. */
  public Map<String, Alarm> alarms() {
    return alarms;
  }

  private void ratioAlarms(String id, String good, String runbook, EnvironmentConfig.Ratio r,
      java.util.function.Function<Duration, IMetric> sli, Alerting.Targets targets) {
    for (var s : List.of(Map.entry(Alerting.Severity.WARNING, r.warning()), Map.entry(Alerting.Severity.CRITICAL, r.critical()))) {
      EnvironmentConfig.Below below = s.getValue();
      // no executions or checks at all gives no data point: NoSuccessfulPipeline alarms on that
      alarm(id + title(s.getKey()), s.getKey(), "Below " + below.belowPercent() + " % of " + good + " over " + below.windowDays()
          + " days (objective " + r.objectivePercent() + " % over " + r.windowDays() + " days)", runbook, targets,
          b -> b.metric(sli.apply(Duration.days(below.windowDays()))).threshold(below.belowPercent())
              .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD));
    }
  }

  /** The SLI over the objective's window, the error budget left, and the SLI per day against its thresholds. */
  private static List<IWidget> ratioRow(String title, EnvironmentConfig.Ratio r, java.util.function.Function<Duration, IMetric> sli) {
    Duration window = Duration.days(r.windowDays());
    IMetric budget = MathExpression.Builder.create()
        .expression("100 * (1 - (100 - sli) / " + allowedPercent(r.objectivePercent()) + ")")
        .label("Error budget left %").usingMetrics(Map.of("sli", sli.apply(window))).period(window).build();
    return List.of(
        SingleValueWidget.Builder.create().title(title + ", " + r.windowDays() + " d; objective " + r.objectivePercent() + " %")
            .metrics(List.of(sli.apply(window))).width(8).height(5).build(),
        SingleValueWidget.Builder.create().title("Error budget left, " + r.windowDays() + " d").metrics(List.of(budget)).width(6).height(5).build(),
        GraphWidget.Builder.create().title(title + " per day").left(List.of(sli.apply(Duration.days(1))))
            .leftAnnotations(List.of(line(r.objectivePercent(), "objective"), line(r.warning().belowPercent(), "warning"),
                line(r.critical().belowPercent(), "critical")))
            .width(10).height(5).build());
  }

  private void alarm(String id, Alerting.Severity severity, String what, String runbook, Alerting.Targets targets,
      java.util.function.Consumer<Alarm.Builder> shape) {
    alarms.put(id, Alerting.alarm(this, id, severity, what, runbook, targets, shape));
  }

  private static IMetric ratio(String expression, String label, Map<String, IMetric> metrics) {
    Duration period = ((Metric) metrics.values().iterator().next()).getPeriod();
    return MathExpression.Builder.create().expression(expression).label(label).usingMetrics(metrics).period(period).build();
  }

  private static MetricOptions sum(Duration period) {
    return MetricOptions.builder().statistic("Sum").period(period).build();
  }

  private static Metric jobMetric(String name, PipelineJob job, Duration period) {
    return Metric.Builder.create().namespace(JobMetrics.NAMESPACE).metricName(name).dimensionsMap(Map.of(JobMetrics.JOB, job.id()))
        .statistic("Sum").period(period).build();
  }

  private static Metric refreshedMetric(String table, Duration period) {
    return Metric.Builder.create().namespace(JobMetrics.NAMESPACE).metricName(JobMetrics.REFRESHED)
        .dimensionsMap(Map.of(JobMetrics.JOB, PipelineJob.GOLD.id(), JobMetrics.TABLE, table)).statistic("Sum").period(period).build();
  }

  /** Every gold table of the schema registry, as "gold.x". */
  public static List<String> goldTables() {
    return TableRegistry.all().stream().map(t -> t.id().toString()).filter(t -> t.startsWith(Namespaces.GOLD + ".")).sorted().toList();
  }

  private static HorizontalAnnotation line(double value, String label) {
    return HorizontalAnnotation.builder().value(value).label(label).build();
  }

  private static String title(Alerting.Severity s) {
    return s == Alerting.Severity.CRITICAL ? "Critical" : "Warning";
  }

  private static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    for (String part : snake.split("_")) {
      b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return b.toString();
  }

  /** The error budget as written: {@code 0.1} for 99.9 (not the double subtraction's 0.09999999999999432). */
  static String allowedPercent(double objectivePercent) {
    return java.math.BigDecimal.valueOf(100).subtract(java.math.BigDecimal.valueOf(objectivePercent)).stripTrailingZeros().toPlainString();
  }
}
