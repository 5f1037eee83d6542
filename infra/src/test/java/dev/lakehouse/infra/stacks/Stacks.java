package dev.lakehouse.infra.stacks;

import dev.lakehouse.infra.LakehouseApp;
import dev.lakehouse.infra.config.EnvironmentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** One synthesized app per environment, shared by the template tests (synthesis is the slow part). */
final class Stacks {
  private static final Map<String, List<Stack>> APPS = new HashMap<>();
  private static final Map<Stack, Template> TEMPLATES = new HashMap<>();

  private Stacks() {}

  static EnvironmentConfig config(String env) {
    return EnvironmentConfig.load(Path.of("..", "environments"), env);
  }

  static synchronized List<Stack> of(String env) {
    return APPS.computeIfAbsent(env, e -> {
      try {
        Path out = Files.createTempDirectory("cdk-" + e);
        App app = new App(AppProps.builder().outdir(out.toString()).build());
        return LakehouseApp.build(app, config(e));
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
    });
  }

  /** The stack {@code lakehouse-<env>-<concern>}. */
  static Stack stack(String env, String concern) {
    String name = "lakehouse-" + env + "-" + concern;
    return of(env).stream().filter(s -> s.getStackName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no stack " + name));
  }

  static synchronized Template template(String env, String concern) {
    return TEMPLATES.computeIfAbsent(stack(env, concern), Template::fromStack);
  }
}
