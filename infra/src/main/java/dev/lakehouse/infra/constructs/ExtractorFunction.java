package dev.lakehouse.infra.constructs;

import dev.lakehouse.infra.RepoPaths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** What both extractors share: limits, log encryption and retention, and where alarms go. */
  public record Shared(Duration timeout, int memorySize, IKey logKey, RetentionDays logRetention, RemovalPolicy logRemoval,
      Alerting.Targets alarms) {}

  /** Subnets of a VPC to run in; a function without one runs outside any VPC. */
  public record Placement(IVpc vpc, SubnetSelection subnets, ISecurityGroup securityGroup) {}

  /**
   * @param handler {@code package.Class::method} in the lambdas jar
   * @param environment keys from {@code ExtractorSettings}
   */
  public ExtractorFunction(Construct scope, String id, String handler, Map<String, String> environment, Shared shared,
      Optional<Placement> placement) {
    super(scope, id);
    // beside the function, not under it: it keeps its logical id, and a new one would replace the group and drop its logs
    LogGroup logs = LogGroup.Builder.create(scope, id + "Logs")
        .encryptionKey(shared.logKey())
        .retention(shared.logRetention())
        .removalPolicy(shared.logRemoval())
        .build();
    Function.Builder b = Function.Builder.create(this, FUNCTION_ID)
        .runtime(Runtime.JAVA_25)
        .handler(handler)
        .code(Code.fromAsset(RepoPaths.lambdasJar().toString()))
        .memorySize(shared.memorySize())
        .timeout(shared.timeout())
        // one run at a time: a schedule tick that finds a run still going waits for it instead of racing it for the same files
        .reservedConcurrentExecutions(1)
        .environment(environment)
        .logGroup(logs)
        .tracing(Tracing.ACTIVE)
        .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
    placement.ifPresent(p -> b.vpc(p.vpc()).vpcSubnets(p.subnets()).securityGroups(List.of(p.securityGroup())));
    function = b.build();
    Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
        "callers invoke the published current version (publishedVersion())");
    // a failed or throttled run is retried by the next scheduled one; the files or rows it missed wait, none is lost
    Alerting.alarm(this, "Errors", Alerting.Severity.WARNING, id + " invocations failed", "extractor-errors", shared.alarms(),
        a -> a.metric(function.metricErrors()));
    Alerting.alarm(this, "Throttles", Alerting.Severity.WARNING, id + " invocations were throttled", "extractor-throttles",
        shared.alarms(), a -> a.metric(function.metricThrottles()));
  }

  public Function function() {
    return function;
  }

  /** The version schedules should invoke (SnapStart applies to published versions only). */
  public IVersion publishedVersion() {
    return function.getCurrentVersion();
  }
}
