package dev.lakehouse.infra.constructs;

import dev.lakehouse.infra.RepoPaths;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IAlarmAction;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * An extractor Lambda from the built {@code lambdas} jar: Java 25, SnapStart, X-Ray, a
 * KMS-encrypted log group with retention, and alarms on its errors and throttles. Invoke it
 * through {@link #publishedVersion()}, which is what SnapStart restores.
 */
public final class ExtractorFunction extends Construct {
  /** CDK leaves a "Default" child out of logical ids: the function, its role and version keep the ids they had at stack level. */
  private static final String FUNCTION_ID = "Default";

  private final Function function;
  private final Alarm errors;
  private final Alarm throttles;

  public ExtractorFunction(Construct scope, String id, Props props) {
    super(scope, id);
    // beside the function, not under it: it keeps its logical id, and a new one would replace the group and drop its logs
    LogGroup logs = LogGroup.Builder.create(scope, id + "Logs")
        .encryptionKey(props.logKey)
        .retention(props.logRetention)
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    Function.Builder b = Function.Builder.create(this, FUNCTION_ID)
        .runtime(Runtime.JAVA_25)
        .handler(props.handler)
        .code(Code.fromAsset(RepoPaths.lambdasJar().toString()))
        .memorySize(props.memorySize)
        .timeout(props.timeout)
        .environment(props.environment)
        .logGroup(logs)
        .tracing(Tracing.ACTIVE)
        .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
    if (props.vpc != null) {
      b.vpc(props.vpc).vpcSubnets(props.subnets).securityGroups(List.of(props.securityGroup));
    }
    function = b.build();
    Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
        "callers invoke the published current version (publishedVersion())");
    errors = alarm("Errors", id + " invocations failed", function.metricErrors(), props.alarmAction);
    throttles = alarm("Throttles", id + " invocations were throttled", function.metricThrottles(), props.alarmAction);
  }

  private Alarm alarm(String id, String description, IMetric metric, IAlarmAction action) {
    Alarm a = Alarm.Builder.create(this, id)
        .alarmDescription(description)
        .metric(metric)
        .threshold(1)
        .evaluationPeriods(1)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build();
    a.addAlarmAction(action);
    return a;
  }

  public Function function() {
    return function;
  }

  /** The version schedules should invoke (SnapStart applies to published versions only). */
  public IVersion publishedVersion() {
    return function.getCurrentVersion();
  }

  public Alarm errorsAlarm() {
    return errors;
  }

  public Alarm throttlesAlarm() {
    return throttles;
  }

  /** One extractor's handler, settings and placement. */
  public static final class Props {
    private final String handler;
    private final Map<String, String> environment;
    private final Duration timeout;
    private final int memorySize;
    private final IKey logKey;
    private final RetentionDays logRetention;
    private final IAlarmAction alarmAction;
    private final IVpc vpc;
    private final SubnetSelection subnets;
    private final ISecurityGroup securityGroup;

    private Props(Builder b) {
      this.handler = Objects.requireNonNull(b.handler, "handler");
      this.environment = Map.copyOf(b.environment);
      this.timeout = Objects.requireNonNull(b.timeout, "timeout");
      this.memorySize = b.memorySize;
      this.logKey = Objects.requireNonNull(b.logKey, "logKey");
      this.logRetention = Objects.requireNonNull(b.logRetention, "logRetention");
      this.alarmAction = Objects.requireNonNull(b.alarmAction, "alarmAction");
      this.vpc = b.vpc;
      this.subnets = b.subnets;
      this.securityGroup = b.securityGroup;
      if (vpc != null && (subnets == null || securityGroup == null)) {
        throw new IllegalArgumentException("a function in a VPC needs its subnets and security group");
      }
    }

    public static Builder builder() {
      return new Builder();
    }

    public static final class Builder {
      private String handler;
      private Map<String, String> environment = Map.of();
      private Duration timeout;
      private int memorySize = 1024;
      private IKey logKey;
      private RetentionDays logRetention;
      private IAlarmAction alarmAction;
      private IVpc vpc;
      private SubnetSelection subnets;
      private ISecurityGroup securityGroup;

      private Builder() {}

      /** {@code package.Class::method} in the lambdas jar. */
      public Builder handler(String handler) {
        this.handler = handler;
        return this;
      }

      /** Keys from {@code ExtractorSettings}. */
      public Builder environment(Map<String, String> environment) {
        this.environment = environment;
        return this;
      }

      public Builder timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
      }

      public Builder memorySize(int memorySize) {
        this.memorySize = memorySize;
        return this;
      }

      /** Encrypts the log group. */
      public Builder logKey(IKey logKey) {
        this.logKey = logKey;
        return this;
      }

      public Builder logRetention(RetentionDays logRetention) {
        this.logRetention = logRetention;
        return this;
      }

      /** What the errors and throttles alarms do. */
      public Builder alarmAction(IAlarmAction alarmAction) {
        this.alarmAction = alarmAction;
        return this;
      }

      /** Runs the function in these subnets of {@code vpc}; without it the function runs outside any VPC. */
      public Builder network(IVpc vpc, SubnetSelection subnets, ISecurityGroup securityGroup) {
        this.vpc = vpc;
        this.subnets = subnets;
        this.securityGroup = securityGroup;
        return this;
      }

      public Props build() {
        return new Props(this);
      }
    }
  }
}
