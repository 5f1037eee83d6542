package dev.lakehouse.infra.stacks;

import static dev.lakehouse.infra.stacks.RoleGrants.LAKE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** CD's smoke job lands files, runs the pipeline and reads its results, under a role that can do just that. */
class SmokeRoleTest {
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theSmokeRoleLandsFilesRunsThePipelineAndReadsOpsAndGoldOnly(String env) {
    var c = Stacks.config(env);
    Template t = Stacks.template(env, "orchestration");
    t.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("RoleName", "lakehouse-" + env + "-github-smoke",
        "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
            "Action", "sts:AssumeRoleWithWebIdentity",
            "Condition", Map.of("StringEquals", Map.of("token.actions.githubusercontent.com:aud", "sts.amazonaws.com",
                "token.actions.githubusercontent.com:sub", "repo:" + c.delivery().githubRepository() + ":environment:" + env))))))))));
    RoleGrants smoke = RoleGrants.of(t, "lakehouse-" + env + "-github-smoke");
    String pipeline = smoke.resources().stream().filter(r -> r.contains("Pipeline")).findFirst().orElseThrow();
    assertThat(smoke.allows("states:StartExecution", pipeline)).isTrue();
    assertThat(smoke.allows("s3:PutObject", LAKE + "/landing/users/table=users/users_part1.ndjson")).isTrue();
    assertThat(smoke.allows("s3:GetObject", LAKE + "/gold/user_session_analysis/data/x.parquet")).isTrue();
    assertThat(smoke.allows("s3:GetObject", LAKE + "/ops/reconciliation/data/x.parquet")).isTrue();
    // it starts no job, writes no table, reads no raw or silver data and no secret
    assertThat(smoke.allows("s3:PutObject", LAKE + "/gold/user_session_analysis/data/x.parquet")).isFalse();
    assertThat(smoke.allows("s3:GetObject", LAKE + "/landing/users/table=users/users_part1.ndjson")).isFalse();
    assertThat(smoke.allows("s3:GetObject", LAKE + "/silver/users/data/x.parquet")).isFalse();
    assertThat(smoke.actions()).noneMatch(a -> a.startsWith("secretsmanager:") || a.equals("glue:StartJobRun") || a.startsWith("glue:Update"));
  }
}
