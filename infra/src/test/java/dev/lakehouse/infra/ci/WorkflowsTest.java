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
 * the README test command and synthesizes every environment; CD assumes roles through OIDC, diffs
 * pull requests and deploys dev → staging → prod with prod behind its GitHub environment's approval.
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
    assertThat(files).extracting(f -> f.getFileName().toString()).contains("ci.yml", "cd.yml", "deploy.yml");
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
  void cdUsesOidcDiffsPullRequestsAndPromotesDevStagingProdWithProdApproval() throws Exception {
    JsonNode cd = YAML.readTree(WORKFLOWS.resolve("cd.yml").toFile());
    assertThat(cd.at("/permissions/id-token").asText()).isEqualTo("write");
    assertThat(cd.at("/jobs/diff/if").asText()).contains("pull_request");
    assertThat(cd.at("/jobs/diff/steps").toString()).contains("cdk diff").contains("configure-aws-credentials");
    assertThat(cd.at("/jobs/deploy-staging/needs").asText()).isEqualTo("deploy-dev");
    assertThat(cd.at("/jobs/deploy-prod/needs").asText()).isEqualTo("deploy-staging");
    assertThat(cd.at("/jobs/deploy-prod/with/env").asText()).isEqualTo("prod");

    JsonNode deploy = YAML.readTree(WORKFLOWS.resolve("deploy.yml").toFile());
    assertThat(deploy.at("/permissions/id-token").asText()).isEqualTo("write");
    // the job runs in the GitHub environment named like ours: prod's required reviewers gate it
    assertThat(deploy.at("/jobs/deploy/environment").asText()).isEqualTo("${{ inputs.env }}");
    String steps = deploy.at("/jobs/deploy/steps").toString();
    assertThat(steps).contains("role-to-assume").contains("cdk deploy --all -c env=${{ inputs.env }}");
    assertThat(steps).doesNotContain("aws-secret-access-key");
  }
}
