package dev.lakehouse.local;

import dev.lakehouse.datagen.DropManifest;
import dev.lakehouse.datagen.GeneratorConfig;
import dev.lakehouse.datagen.SourceCounts;
import dev.lakehouse.datagen.SourceDropGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./lakehouse generate}: writes one synthetic source drop and its manifest, nothing else.
 * Exit codes: 0 written, 1 generation failed (e.g. I/O, a non-empty directory), 2 bad arguments.
 */
@Command(name = "generate", description = {"Writes one synthetic source drop, nothing else.",
    "Clickstream, orders, transactions and users files with anomalies mixed in, and a manifest; equal options write"
        + " byte-identical drops."})
final class GenerateCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  @Spec
  private CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "empty or new directory to write the drop into")
  private Path dir;

  @Mixin
  private DropOptions drop;

  GenerateCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    GeneratorConfig config = config();
    try {
      long started = System.nanoTime();
      DropManifest manifest = SourceDropGenerator.generate(config, dir);
      long millis = (System.nanoTime() - started) / 1_000_000;
      out.printf(Locale.ROOT, "datagen: wrote drop (seed %d, scale %s) to %s in %d ms%n", config.seed(), config.scale(), dir, millis);
      for (String source : DropManifest.SOURCES) {
        SourceCounts c = manifest.source(source);
        out.printf(Locale.ROOT, "  %-12s %4d files %9d records  %s%n", source, c.files(), c.records(), c.anomalies());
      }
      return LakehouseCli.DONE;
    } catch (IOException | RuntimeException e) {
      err.println("datagen: generation failed: " + e);
      return LakehouseCli.FAILED;
    }
  }

  /** The options as a generator config; out of range is a bad command line (exit 2), not a failed generation. */
  private GeneratorConfig config() {
    if (dir.toString().isBlank()) {
      throw new ParameterException(spec.commandLine(), "--out must not be empty");
    }
    return drop.config(spec);
  }
}
