package dev.lakehouse.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (the directory holding {@code environments/}) from any module. */
public final class RepoPaths {
  private RepoPaths() {}

  public static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isDirectory(p.resolve("environments")) && Files.isRegularFile(p.resolve("cdk.json"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("run from inside the repository: no directory above " + Path.of("").toAbsolutePath()
        + " holds environments/ and cdk.json");
  }

  /** The built extractor jar; `mvn package` (or the tests' reactor build) makes it. */
  public static Path lambdasJar() {
    return built("lambdas", "-lambda.jar");
  }

  /** The built Spark job jar (Glue / EMR Serverless); `mvn package` makes it. */
  public static Path glueJobsJar() {
    return built("glue-jobs", "-glue.jar");
  }

  /** The pipeline definition CDK deploys and local mode follows. */
  public static Path pipelineAsl() {
    return root().resolve("stepfunctions").resolve("lakehouse-pipeline.asl.json");
  }

  /** Versioned Athena SQL: {@code athena/named-queries/*.sql} and {@code athena/pipeline/*.sql}. */
  public static Path athenaSql() {
    return root().resolve("athena");
  }

  private static Path built(String module, String suffix) {
    Path target = root().resolve(module).resolve("target");
    try (var files = Files.list(target)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no *" + suffix + " in " + target + ": build it with mvn -pl " + module + " -am package"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no " + target + ": build the " + module + " module first (mvn -pl " + module + " -am package)", e);
    }
  }
}
