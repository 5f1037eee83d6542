package dev.lakehouse.contract.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository files the deployment (CDK) and local mode both use, so both read the same ones:
 * the pipeline definition and the versioned Athena SQL. The repository is found through
 * {@code -Dlakehouse.root} (the launcher sets it) or by walking up from the working directory.
 */
public final class PipelineFiles {
  static final String DEFINITION = "stepfunctions/lakehouse-pipeline.asl.json";

  private PipelineFiles() {}

  public static Path root() {
    String configured = System.getProperty("lakehouse.root");
    if (configured != null) {
      return Path.of(configured);
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isRegularFile(p.resolve(DEFINITION)) && Files.isRegularFile(p.resolve("cdk.json"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("run from inside the repository: no directory above " + Path.of("").toAbsolutePath()
        + " holds " + DEFINITION + " and cdk.json (or set -Dlakehouse.root)");
  }

  public static Path definition() {
    return root().resolve(DEFINITION);
  }

  /** {@code athena/}: {@code named-queries/*.sql} and {@code pipeline/*.sql}. */
  public static Path athenaSql() {
    return root().resolve("athena");
  }

  /** The query the pipeline's quality check runs (valid on Athena and on Spark SQL). */
  public static String qualityQuery() {
    return sql(athenaSql().resolve("pipeline/quality-error-failures.sql"));
  }

  /** A SQL file's text as one statement: trailing whitespace and ';' removed. */
  public static String sql(Path file) {
    try {
      String text = Files.readString(file).strip();
      return text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
