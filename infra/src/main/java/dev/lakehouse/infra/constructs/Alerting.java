package dev.lakehouse.infra.constructs;

import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IAlarmAction;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * How every alarm of the platform is made: it notifies the topic of its severity, and its
 * description says the severity, what happened and the runbook to follow, as
 * {@code [critical] <what>. Runbook: runbooks/alarms/<name>.md}.
 */
public final class Alerting {
  /** The description every alarm carries; the infra tests check each runbook exists. */
  public static final Pattern DESCRIPTION = Pattern.compile("^\\[(critical|warning)\\] .+\\. Runbook: (runbooks/alarms/[a-z0-9-]+\\.md)$");

  /** Critical: someone acts now. Warning: degraded, looked at within the working day. */
  public enum Severity {
    CRITICAL, WARNING;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The alarm actions of each severity. */
  public record Targets(IAlarmAction critical, IAlarmAction warning) {
    public static Targets of(ITopic critical, ITopic warning) {
      return new Targets(new SnsAction(critical), new SnsAction(warning));
    }

    IAlarmAction of(Severity s) {
      return s == Severity.CRITICAL ? critical : warning;
    }
  }

  private Alerting() {}

  /**
   * An alarm at or above {@code threshold} over one period, missing data not breaching, unless
   * {@code shape} says otherwise (it sets the metric and may override any of these).
   *
   * @param runbook the runbook's name under {@code runbooks/alarms/}, without {@code .md}
   */
  public static Alarm alarm(Construct scope, String id, Severity severity, String what, String runbook, Targets targets,
      Consumer<Alarm.Builder> shape) {
    Alarm.Builder b = Alarm.Builder.create(scope, id)
        .alarmDescription("[" + severity.label() + "] " + what + ". Runbook: runbooks/alarms/" + runbook + ".md")
        .threshold(1)
        .evaluationPeriods(1)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING);
    shape.accept(b);
    Alarm a = b.build();
    a.addAlarmAction(targets.of(severity));
    return a;
  }
}
