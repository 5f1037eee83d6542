package dev.lakehouse.infra.stacks;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.PCIDSS321Checks;
import java.util.List;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.CfnPolicy;
import software.constructs.IConstruct;

/**
 * The cdk-nag packs every stack is checked against (AwsSolutions, NIST 800-53 rev 5, PCI DSS 3.2.1),
 * and the one suppression that is the same everywhere: the per-role default policy CDK's grant
 * methods write.
 */
public final class CompliancePacks {
  private static final String DEFAULT_POLICY_REASON = "CDK's per-role DefaultPolicy, written by its grant methods: attached to this one"
      + " role only, created and deleted with it, and scoped to that role's resources; the job roles, which are the ones a"
      + " reviewer audits, use customer-managed policies";

  private CompliancePacks() {}

  /** Checks {@code stack} against the three packs at synthesis. */
  public static void apply(Stack stack) {
    Aspects.of(stack).add(new AwsSolutionsChecks());
    Aspects.of(stack).add(new NIST80053R5Checks());
    Aspects.of(stack).add(new PCIDSS321Checks());
    for (IConstruct c : stack.getNode().findAll()) {
      if (c instanceof CfnPolicy && c.getNode().getScope() != null && "DefaultPolicy".equals(c.getNode().getScope().getNode().getId())) {
        NagSuppressions.addResourceSuppressions(c, List.of(
            NagPackSuppression.builder().id("NIST.800.53.R5-IAMNoInlinePolicy").reason(DEFAULT_POLICY_REASON).build(),
            NagPackSuppression.builder().id("PCI.DSS.321-IAMNoInlinePolicy").reason(DEFAULT_POLICY_REASON).build()));
      }
    }
  }

  /** The same reason for a rule that more than one pack carries ({@code LambdaInsideVPC} is NIST's and PCI's). */
  static List<NagPackSuppression> inEveryPack(String rule, String reason, String... packs) {
    return java.util.Arrays.stream(packs).map(p -> NagPackSuppression.builder().id(p + "-" + rule).reason(reason).build()).toList();
  }

  static final String NIST = "NIST.800.53.R5";
  static final String PCI = "PCI.DSS.321";
}
