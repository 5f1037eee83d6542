package dev.lakehouse.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The analyst queries gold through the work group and reads nothing else. */
class AnalystRoleTest {
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theAnalystQueriesGoldThroughTheWorkGroupAndNothingElse(String env) {
    Template t = Stacks.template(env, "query");
    t.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("RoleName", "lakehouse-" + env + "-analyst")));
    var policies = t.findResources("AWS::IAM::Policy", Match.objectLike(Map.of("Properties", Match.objectLike(Map.of(
        "Roles", java.util.List.of(Map.of("Ref", Match.stringLikeRegexp("AnalystRole.*"))))))));
    assertThat(policies).hasSize(1);
    String policy = policies.values().iterator().next().toString();
    assertThat(policy).contains("workgroup/lakehouse-" + env).contains("table/gold/*").contains("database/gold").contains("/gold/*")
        .contains("athena:StartQueryExecution").contains("s3:GetObject").contains("kms:ViaService");
    // no other layer, no landed file, no secret, no job, no write to the lake, no wildcard action
    assertThat(policy).doesNotContain("bronze").doesNotContain("silver").doesNotContain("landing").doesNotContain("secretsmanager")
        .doesNotContain("glue:Start").doesNotContain("glue:Update").doesNotContain("glue:Delete").doesNotContain("s3:Delete")
        .doesNotContain("Action=*").doesNotContain("athena:*").doesNotContain("s3:*");
  }
}
