package dev.lakehouse.local.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What an operation needs to reach a deployed environment: its name, account and region, read
 * from {@code environments/<env>.json} (the file CDK deploys from; infra validates the rest).
 */
public record DeployedEnvironment(String name, String account, String region) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,20}");

  /** Reads {@code <dir>/<env>.json}; an unknown environment is bad input, naming the ones there are. */
  public static DeployedEnvironment load(Path dir, String env) throws IOException {
    if (!NAME.matcher(env).matches()) {
      throw new IllegalArgumentException("--env '" + env + "' is not an environment name (lower-case letters, digits, '-')");
    }
    Path file = dir.resolve(env + ".json");
    if (!Files.isRegularFile(file)) {
      String known;
      try (var files = Files.list(dir)) {
        known = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).map(f -> f.replace(".json", "")).sorted().toList()
            .toString();
      } catch (IOException e) {
        known = "none (no " + dir + "/; run from the repository's root)";
      }
      throw new IllegalArgumentException("--env " + env + ": no " + file + "; the environments are " + known);
    }
    JsonNode n = new ObjectMapper().readTree(file.toFile());
    return new DeployedEnvironment(env, n.path("account").asText(), n.path("region").asText());
  }

  /** The repository's {@code environments/}: in the working directory or the nearest parent that has one. */
  public static Path directory() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("environments"))) {
        return dir.resolve("environments");
      }
    }
    return Path.of("environments");
  }

  /** The ARN of a state machine named {@code name} in this environment. */
  public String stateMachineArn(String name) {
    return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
  }
}
