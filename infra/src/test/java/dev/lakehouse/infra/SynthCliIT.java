package dev.lakehouse.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code npx cdk synth -c env=prod} through the real CDK CLI (installed by npm from package.json),
 * offline and without AWS credentials: the CLI runs the app on this build's classpath instead of
 * through Maven (cdk.json's {@code app}), everything else as a user runs it. Prod is the
 * environment with every feature on; every environment is synthesized in this JVM by the stack
 * tests (with cdk-nag) and through the CLI by the GitHub workflow's synth step. Prints the time.
 */
class SynthCliIT {
  @Test
  void theCliSynthesizesOfflineWithoutCredentials() throws Exception {
    Path root = RepoPaths.root();
    Path cdk = root.resolve("node_modules/.bin/cdk");
    assertThat(cdk).as("npm ci installs the CDK CLI").exists();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String app = java + " -cp " + classpath + " " + LakehouseApp.class.getName();
    long total = 0;
    for (String env : List.of("prod")) {
      Path out = root.resolve("infra/target/synth/" + env);
      long start = System.nanoTime();
      ProcessBuilder pb = new ProcessBuilder(cdk.toString(), "synth", "--quiet", "--no-notices", "--app", app, "-c", "env=" + env, "-o", out.toString())
          .directory(root.toFile()).redirectErrorStream(true);
      // no credentials and no profile: synth must not need either
      Map<String, String> penv = pb.environment();
      penv.keySet().removeIf(k -> k.startsWith("AWS_"));
      penv.put("AWS_CONFIG_FILE", "/nonexistent");
      penv.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
      penv.put("CDK_DISABLE_VERSION_CHECK", "1");
      Process p = pb.start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int rc = p.waitFor();
      long ms = (System.nanoTime() - start) / 1_000_000;
      total += ms;
      assertThat(rc).as("cdk synth -c env=" + env + ":\n" + log).isZero();
      List<String> templates;
      try (var files = Files.list(out)) {
        templates = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".template.json")).sorted().toList();
      }
      assertThat(templates).contains("lakehouse-" + env + "-security.template.json", "lakehouse-" + env + "-compute.template.json",
          "lakehouse-" + env + "-orchestration.template.json", "lakehouse-" + env + "-observability.template.json");
      System.out.printf("cdk synth -c env=%s: %d stacks in %d ms%n", env, templates.size(), ms);
    }
    System.out.printf("cdk synth, all environments: %d ms%n", total);
  }
}
