package dev.lakehouse.infra.stacks;

import dev.lakehouse.infra.config.EnvironmentConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.budgets.CfnBudget;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * AWS Budgets: a monthly platform budget with notifications at 50, 80, 100 and 120 % of actual
 * spend, and a daily compute guard (Glue, Lambda, EMR, Athena, Kinesis, MSK) at 100 %, both to
 * the alert topic and the environment's emails. Budgets may publish to the (KMS-encrypted) topic.
 */
public final class CostStack extends Stack {
  static final List<Integer> MONTHLY_THRESHOLDS = List.of(50, 80, 100, 120);
  static final List<String> COMPUTE_SERVICES =
      List.of("AWS Glue", "AWS Lambda", "Amazon EMR", "Amazon Athena", "Amazon Kinesis", "Amazon Managed Streaming for Apache Kafka");

  public CostStack(Construct scope, String id, PlatformProps props) {
    super(scope, id, props.stackProps());
    ServicePrincipal budgets = new ServicePrincipal("budgets.amazonaws.com");
    props.get(SecurityStack.class).alerts().addToResourcePolicy(PolicyStatement.Builder.create()
        .effect(Effect.ALLOW).principals(List.of(budgets)).actions(List.of("sns:Publish"))
        .resources(List.of(props.get(SecurityStack.class).alerts().getTopicArn())).build());
    props.get(SecurityStack.class).alertsKey().grant(budgets, "kms:GenerateDataKey*", "kms:Decrypt");

    List<CfnBudget.NotificationWithSubscribersProperty> monthly = new ArrayList<>();
    for (int pct : MONTHLY_THRESHOLDS) {
      monthly.add(notification(props.config(), props.get(SecurityStack.class), pct));
    }
    CfnBudget.Builder.create(this, "MonthlyBudget")
        .budget(CfnBudget.BudgetDataProperty.builder()
            .budgetName("lakehouse-" + props.config().name() + "-monthly")
            .budgetType("COST").timeUnit("MONTHLY")
            .budgetLimit(CfnBudget.SpendProperty.builder().amount(props.config().budget().monthlyUsd()).unit("USD").build())
            .costFilters(Map.of("TagKeyValue", List.of("user:project$lakehouse")))
            .build())
        .notificationsWithSubscribers(monthly)
        .build();
    CfnBudget.Builder.create(this, "DailyComputeBudget")
        .budget(CfnBudget.BudgetDataProperty.builder()
            .budgetName("lakehouse-" + props.config().name() + "-daily-compute")
            .budgetType("COST").timeUnit("DAILY")
            .budgetLimit(CfnBudget.SpendProperty.builder().amount(props.config().budget().dailyComputeUsd()).unit("USD").build())
            .costFilters(Map.of("Service", COMPUTE_SERVICES))
            .build())
        .notificationsWithSubscribers(List.of(notification(props.config(), props.get(SecurityStack.class), 100)))
        .build();
  }

  private static CfnBudget.NotificationWithSubscribersProperty notification(EnvironmentConfig config, SecurityStack security, int pct) {
    List<CfnBudget.SubscriberProperty> subscribers = new ArrayList<>();
    subscribers.add(CfnBudget.SubscriberProperty.builder().subscriptionType("SNS").address(security.alerts().getTopicArn()).build());
    for (String email : config.budget().alertEmails()) {
      subscribers.add(CfnBudget.SubscriberProperty.builder().subscriptionType("EMAIL").address(email).build());
    }
    return CfnBudget.NotificationWithSubscribersProperty.builder()
        .notification(CfnBudget.NotificationProperty.builder()
            .notificationType("ACTUAL").comparisonOperator("GREATER_THAN").threshold(pct).thresholdType("PERCENTAGE").build())
        .subscribers(subscribers)
        .build();
  }
}
