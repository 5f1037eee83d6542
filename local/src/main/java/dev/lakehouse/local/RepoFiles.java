package dev.lakehouse.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository files local mode shares with the deployment: the pipeline definition and the
 * quality query. Found through {@code -Dlakehouse.root} (the launcher sets it) or by walking up
 * from the working directory.
 */
final class RepoFiles {
  private RepoFiles() {}

  static Path root() {
    String configured = System.getProperty("lakehouse.root");
    if (configured != null) {
      return Path.of(configured);
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isRegularFile(p.resolve("stepfunctions/lakehouse-pipeline.asl.json"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("cannot find the repository (stepfunctions/lakehouse-pipeline.asl.json) above "
        + Path.of("").toAbsolutePath() + "; run from the repository or set -Dlakehouse.root");
  }

  static Path pipelineDefinition() {
    return root().resolve("stepfunctions/lakehouse-pipeline.asl.json");
  }

  /** The Athena query the deployed pipeline runs; written to run unchanged on Spark SQL too. */
  static String qualityQuery() throws IOException {
    String sql = Files.readString(root().resolve("athena/pipeline/quality-error-failures.sql")).strip();
    return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
  }
}
