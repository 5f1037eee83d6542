package dev.lakehouse.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.infra.config.EnvironmentConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The GitHub OIDC provider and each environment's deploy and diff roles are code, trusted narrowly. */
class DeliveryStackTest {
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void onlyThisRepositorysGitHubEnvironmentAssumesARoleThatCanOnlyAssumeTheBootstrapRoles(String env) {
    EnvironmentConfig c = Stacks.config(env);
    Template t = Stacks.template(env, "delivery");
    t.hasResourceProperties("AWS::IAM::OIDCProvider", Match.objectLike(Map.of(
        "Url", "https://token.actions.githubusercontent.com", "ClientIdList", List.of("sts.amazonaws.com"))));
    List<String> regions = c.features().crossRegionReplication() ? List.of(c.region(), c.drRegion()) : List.of(c.region());
    List<String> deployable = new ArrayList<>();
    List<String> lookup = new ArrayList<>();
    for (String region : regions) {
      for (String kind : List.of("deploy", "file-publishing", "image-publishing", "lookup")) {
        deployable.add("arn:aws:iam::" + c.account() + ":role/cdk-hnb659fds-" + kind + "-role-" + c.account() + "-" + region);
      }
      lookup.add("arn:aws:iam::" + c.account() + ":role/cdk-hnb659fds-lookup-role-" + c.account() + "-" + region);
    }
    for (var role : Map.of("deploy", List.of(env, deployable), "diff", List.of(env + "-diff", lookup)).entrySet()) {
      String name = "lakehouse-" + env + "-github-" + role.getKey();
      t.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("RoleName", name, "MaxSessionDuration", 3600,
          "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
              "Action", "sts:AssumeRoleWithWebIdentity",
              "Principal", Map.of("Federated", Match.anyValue()),
              "Condition", Map.of("StringEquals", Map.of(
                  "token.actions.githubusercontent.com:aud", "sts.amazonaws.com",
                  "token.actions.githubusercontent.com:sub", "repo:" + c.delivery().githubRepository() + ":environment:" + role.getValue().get(0)))))))))));
      @SuppressWarnings("unchecked") List<String> assumable = (List<String>) role.getValue().get(1);
      Object resources = assumable.size() == 1 ? assumable.get(0) : assumable;
      t.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
          "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("GitHub" + (role.getKey().equals("deploy") ? "Deploy" : "Diff") + ".*"))),
          "PolicyDocument", Match.objectLike(Map.of("Statement", List.of(Map.of("Action", "sts:AssumeRole", "Effect", "Allow",
              "Resource", resources)))))));
    }
    t.resourceCountIs("AWS::IAM::Role", 2);
    assertThat(t.toJSON().toString()).doesNotContain("cdk-hnb659fds-*");
    t.hasOutput("DeployRoleArn", Match.anyValue());
    t.hasOutput("DiffRoleArn", Match.anyValue());
  }
}
