package dev.lakehouse.infra;

import dev.lakehouse.contract.pipeline.PipelineFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the app finds the repository's files and the built jars it deploys. */
public final class RepoPaths {
  private RepoPaths() {}

  public static Path root() {
    return PipelineFiles.root();
  }

  /** The built extractor jar; `mvn package` (or the tests' reactor build) makes it. */
  public static Path lambdasJar() {
    return built("lambdas", "-lambda.jar");
  }

  /** The built Spark job jar (Glue / EMR Serverless); `mvn package` makes it. */
  public static Path glueJobsJar() {
    return built("glue-jobs", "-glue.jar");
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
