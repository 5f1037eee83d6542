package dev.lakehouse.infra.ci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub workflows: each passes action-validator (the workflow JSON schema from SchemaStore,
 * installed by npm from the root package.json), and they do what the platform promises — CI runs
 * the README test command and synthesizes every environment into the one artifact CD deploys; CD
 * runs after a successful CI only, promotes that artifact dev → staging → (smoke test) → prod with
 * prod behind its GitHub environment's approval, through OIDC; pull requests get a read-only diff.
 */
class WorkflowsTest {
  private static final Path WORKFLOWS = Path.of("..", ".github", "workflows");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static String validate(Path workflow) throws IOException, InterruptedException {
    Path validator = Path.of("..", "node_modules", ".bin", "action-validator");
    assertThat(validator).as("npm ci installs action-validator").exists();
    Process p = new ProcessBuilder(validator.toString(), workflow.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return p.waitFor() == 0 ? "" : out.isBlank() ? "failed" : out;
  }

  @Test
  void everyWorkflowPassesTheSchemaValidator() throws Exception {
    List<Path> files;
    try (var s = Files.list(WORKFLOWS)) {
      files = s.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(files).extracting(f -> f.getFileName().toString()).contains("ci.yml", "cd.yml", "deploy.yml", "diff.yml");
    List<String> failures = new ArrayList<>();
    for (Path f : files) {
      String result = validate(f);
      if (!result.isEmpty()) {
        failures.add(f.getFileName() + ": " + result);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void theValidatorRejectsAMalformedWorkflow(@TempDir Path dir) throws Exception {
    // guards the test above: a job with a misspelled key must fail validation
    Path bad = dir.resolve("bad.yml");
    Files.writeString(bad, "name: bad\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: echo\n");
    assertThat(validate(bad)).contains("stepz");
  }

  @Test
  void ciRunsTheReadmeTestCommandAndSynthesizesEveryEnvironment() throws Exception {
    JsonNode ci = YAML.readTree(WORKFLOWS.resolve("ci.yml").toFile());
    String runs = ci.at("/jobs/build-and-test/steps").findValuesAsText("run").toString();
    assertThat(runs).contains(".ci/run").contains("cdk synth");
    for (String env : List.of("dev", "staging", "prod")) {
      assertThat(runs).contains(env);
      assertThat(Path.of("..", "environments", env + ".json")).exists();
    }
    assertThat(Files.readString(Path.of("..", ".ci", "run"))).contains("mvn -B verify");
  }

  @Test
  void dependenciesAreReviewedOnPullRequestsAndKeptCurrentByDependabot() throws Exception {
    JsonNode ci = YAML.readTree(WORKFLOWS.resolve("ci.yml").toFile());
    JsonNode review = ci.at("/jobs/dependency-review");
    assertThat(review.at("/if").asText()).isEqualTo("github.event_name == 'pull_request'");
    assertThat(stepUsing(review.at("/steps"), "actions/dependency-review-action").at("/with/fail-on-severity").asText()).isEqualTo("high");
    JsonNode dependabot = YAML.readTree(WORKFLOWS.getParent().resolve("dependabot.yml").toFile());
    assertThat(dependabot.at("/updates").findValuesAsText("package-ecosystem")).containsExactlyInAnyOrder("maven", "npm", "github-actions");
  }

  @Test
  void ciUploadsTheCloudAssembliesItSynthesizedAsTheOneArtifactToDeploy() throws Exception {
    JsonNode ci = YAML.readTree(WORKFLOWS.resolve("ci.yml").toFile());
    JsonNode upload = stepUsing(ci.at("/jobs/build-and-test/steps"), "actions/upload-artifact");
    assertThat(upload.at("/with/name").asText()).isEqualTo("cloud-assemblies");
    assertThat(upload.at("/with/path").asText()).isEqualTo("cdk.out/");
  }

  /**
   * CD starts only from a successful ci run of a push to main and deploys that run's artifact as
   * it is (no build step anywhere in the deployment), dev, then staging, then staging's smoke test,
   * then prod, each in its GitHub environment (prod's required reviewers approve), through OIDC.
   */
  @Test
  void cdPromotesTheOneArtifactOfASuccessfulCiRunThroughStagingsSmokeTestToProd() throws Exception {
    JsonNode cd = YAML.readTree(WORKFLOWS.resolve("cd.yml").toFile());
    assertThat(cd.at("/on/workflow_run/workflows").toString()).isEqualTo("[\"ci\"]");
    assertThat(cd.at("/on/workflow_run/types").toString()).isEqualTo("[\"completed\"]");
    assertThat(cd.at("/on/workflow_run/branches").toString()).isEqualTo("[\"main\"]");
    assertThat(cd.at("/on").size()).as("no other trigger: not push, not pull_request").isEqualTo(1);
    assertThat(cd.at("/jobs/deploy-dev/if").asText()).contains("github.event.workflow_run.conclusion == 'success'")
        .contains("github.event.workflow_run.event == 'push'");
    assertThat(cd.at("/permissions/id-token").asText()).isEqualTo("write");
    assertThat(cd.at("/jobs/deploy-staging/needs").asText()).isEqualTo("deploy-dev");
    assertThat(cd.at("/jobs/smoke-staging/needs").asText()).isEqualTo("deploy-staging");
    // the pipeline itself on a tiny drop, under the smoke role (the deploy role may only assume CDK's roles)
    assertThat(cd.at("/jobs/smoke-staging/steps").toString()).contains("./lakehouse smoke --env staging")
        .contains("vars.AWS_SMOKE_ROLE_ARN").doesNotContain("AWS_DEPLOY_ROLE_ARN");
    assertThat(cd.at("/jobs/deploy-prod/needs").asText()).isEqualTo("smoke-staging");
    for (String env : List.of("dev", "staging", "prod")) {
      JsonNode call = cd.at("/jobs/deploy-" + env);
      assertThat(call.at("/uses").asText()).isEqualTo("./.github/workflows/deploy.yml");
      assertThat(call.at("/with/env").asText()).isEqualTo(env);
      assertThat(call.at("/with/run-id").asText()).isEqualTo("${{ github.event.workflow_run.id }}");
    }

    JsonNode deploy = YAML.readTree(WORKFLOWS.resolve("deploy.yml").toFile());
    assertThat(deploy.at("/permissions/id-token").asText()).isEqualTo("write");
    // the job runs in the GitHub environment named like ours: prod's required reviewers gate it
    assertThat(deploy.at("/jobs/deploy/environment").asText()).isEqualTo("${{ inputs.env }}");
    JsonNode steps = deploy.at("/jobs/deploy/steps");
    JsonNode download = stepUsing(steps, "actions/download-artifact");
    assertThat(download.at("/with/name").asText()).isEqualTo("cloud-assemblies");
    assertThat(download.at("/with/run-id").asText()).isEqualTo("${{ inputs.run-id }}");
    String runs = steps.findValuesAsText("run").toString();
    assertThat(runs).contains("cdk deploy --app \"cdk.out/${{ inputs.env }}\" --all").doesNotContain("mvn").doesNotContain("cdk synth");
    assertThat(steps.toString()).contains("role-to-assume").doesNotContain("aws-secret-access-key");
  }

  /** Pull requests get a diff with a read-only role, and never from a fork. */
  @Test
  void pullRequestDiffsUseAReadOnlyRoleAndNeverRunForForks() throws Exception {
    JsonNode diff = YAML.readTree(WORKFLOWS.resolve("diff.yml").toFile());
    assertThat(diff.at("/on").has("pull_request")).isTrue();
    assertThat(diff.at("/on").has("pull_request_target")).as("would run fork code with this repository's secrets").isFalse();
    assertThat(diff.at("/jobs/diff/if").asText()).isEqualTo("github.event.pull_request.head.repo.full_name == github.repository");
    String steps = diff.at("/jobs/diff/steps").toString();
    assertThat(steps).contains("vars.AWS_DIFF_ROLE_ARN").doesNotContain("AWS_DEPLOY_ROLE_ARN").contains("cdk diff");
  }

  /** A tag can be moved to other code; a commit cannot. Local reusable workflows are this repository's own. */
  @Test
  void everyActionIsPinnedToACommit() throws Exception {
    List<String> unpinned = new ArrayList<>();
    int pinned = 0;
    try (var s = Files.list(WORKFLOWS)) {
      for (Path f : s.filter(x -> x.toString().endsWith(".yml")).sorted().toList()) {
        for (String uses : YAML.readTree(f.toFile()).findValuesAsText("uses")) {
          if (uses.startsWith("./")) {
            continue;
          }
          if (uses.matches("[\\w.-]+/[\\w./-]+@[0-9a-f]{40}")) {
            pinned++;
          } else {
            unpinned.add(f.getFileName() + ": " + uses);
          }
        }
      }
    }
    assertThat(unpinned).isEmpty();
    assertThat(pinned).isGreaterThan(10);
  }

  private static JsonNode stepUsing(JsonNode steps, String action) {
    for (JsonNode step : steps) {
      if (step.path("uses").asText().startsWith(action + "@")) {
        return step;
      }
    }
    throw new AssertionError("no step uses " + action + " in " + steps);
  }
}
