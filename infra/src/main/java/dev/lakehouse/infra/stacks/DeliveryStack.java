package dev.lakehouse.infra.stacks;

import dev.lakehouse.infra.config.EnvironmentConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IOidcProvider;
import software.amazon.awscdk.services.iam.OidcProviderNative;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.WebIdentityPrincipal;
import software.constructs.Construct;

/**
 * Who may deploy, as code: the account's GitHub OIDC provider (or the one it has) and two roles
 * for this environment. GitHub Actions jobs of the configured repository assume them with
 * short-lived tokens; AWS checks only a token's audience and subject, so the subject names the
 * repository and the GitHub environment ({@code repo:<owner>/<repo>:environment:<env>}), and that
 * GitHub environment's deployment-branch rule (main only) and required reviewers guard the ref.
 * The deploy role may only assume the CDK bootstrap roles of this environment's regions; the diff
 * role only the lookup role, which reads.
 */
public final class DeliveryStack extends Stack {
  static final String GITHUB = "token.actions.githubusercontent.com";

  public DeliveryStack(Construct scope, String id, PlatformProps props) {
    super(scope, id, props.stackProps());
    EnvironmentConfig c = props.config();
    IOidcProvider github = c.delivery().oidcProviderArn() == null
        ? OidcProviderNative.Builder.create(this, "GitHub").url("https://" + GITHUB).clientIds(List.of("sts.amazonaws.com")).build()
        : OidcProviderNative.fromOidcProviderArn(this, "GitHub", c.delivery().oidcProviderArn());
    List<String> regions = new ArrayList<>(List.of(c.region()));
    if (c.features().crossRegionReplication()) {
      regions.add(c.drRegion());
    }
    List<String> bootstrap = new ArrayList<>();
    List<String> lookup = new ArrayList<>();
    for (String region : regions) {
      for (String role : List.of("deploy", "file-publishing", "image-publishing", "lookup")) {
        bootstrap.add(bootstrapRole(c.account(), region, role));
      }
      lookup.add(bootstrapRole(c.account(), region, "lookup"));
    }
    Role deploy = role("GitHubDeploy", "lakehouse-" + c.name() + "-github-deploy", github, c, c.name(),
        "cdk deploy of " + c.name() + " from GitHub Actions (" + c.delivery().githubRepository() + ")", bootstrap);
    Role diff = role("GitHubDiff", "lakehouse-" + c.name() + "-github-diff", github, c, c.name() + "-diff",
        "cdk diff of " + c.name() + " for pull requests (read-only: the bootstrap lookup role)", lookup);
    CfnOutput.Builder.create(this, "DeployRoleArn").value(deploy.getRoleArn())
        .description("AWS_DEPLOY_ROLE_ARN of the GitHub environment " + c.name()).build();
    CfnOutput.Builder.create(this, "DiffRoleArn").value(diff.getRoleArn())
        .description("AWS_DIFF_ROLE_ARN of the GitHub environment " + c.name() + "-diff").build();
  }

  /** The CDK bootstrap role (default qualifier) {@code kind} of an account and region. */
  static String bootstrapRole(String account, String region, String kind) {
    return "arn:aws:iam::" + account + ":role/cdk-hnb659fds-" + kind + "-role-" + account + "-" + region;
  }

  private Role role(String id, String name, IOidcProvider github, EnvironmentConfig c, String githubEnvironment, String what,
      List<String> assumable) {
    Role role = Role.Builder.create(this, id)
        .roleName(name)
        .description(what)
        .maxSessionDuration(Duration.hours(1))
        .assumedBy(new WebIdentityPrincipal(github.getOidcProviderArn(), Map.of("StringEquals", Map.of(
            GITHUB + ":aud", "sts.amazonaws.com",
            GITHUB + ":sub", "repo:" + c.delivery().githubRepository() + ":environment:" + githubEnvironment))))
        .build();
    role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("sts:AssumeRole")).resources(assumable).build());
    return role;
  }
}
