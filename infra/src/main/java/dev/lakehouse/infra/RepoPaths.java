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
    Path target = root().resolve("lambdas").resolve("target");
    try (var files = Files.list(target)) {
      return files.filter(f -> f.getFileName().toString().endsWith("-lambda.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no *-lambda.jar in " + target + ": build it with mvn -pl lambdas -am package"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no " + target + ": build the lambdas module first (mvn -pl lambdas -am package)", e);
    }
  }
}
