package dev.lakehouse.datagen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Command line: {@code --out DIR [--seed N] [--scale S] [--drop N]}. Exit codes: 0 ok, 1 generation failed
 * (e.g. I/O, non-empty DIR), 2 bad arguments.
 */
public final class Main {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int BAD_ARGS = 2;

  static final String USAGE =
      "usage: datagen --out DIR [--seed N] [--scale S] [--drop N]\n"
          + "  --out DIR    empty or new directory to write the drop into (required)\n"
          + "  --seed N     random seed, a whole number (default 42)\n"
          + "  --scale S    volume multiplier > 0; 1.0 = 2,000 users, 10,000 sessions,"
          + " 5,000 orders (default 1.0)\n"
          + "  --drop N     position in a series of drops (default 1): drop N covers the days after\n"
          + "               drop N-1, with new ids and files, and updates to the same users";

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != OK) {
      System.exit(code);
    }
  }

  /** Everything main does, minus System.exit, so tests can check exit codes and messages. */
  static int run(String[] args, PrintStream err) {
    return run(args, System.out, err);
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    Path outDir = null;
    GeneratorConfig cfg = GeneratorConfig.defaults();
    try {
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("-h") || flag.equals("--help")) {
          out.println(USAGE);
          return OK;
        }
        if (!flag.equals("--out") && !flag.equals("--seed") && !flag.equals("--scale") && !flag.equals("--drop")) {
          throw new IllegalArgumentException("unknown argument '" + flag + "'");
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args[++i];
        switch (flag) {
          case "--out" -> outDir = parsePath(value);
          case "--seed" -> cfg = cfg.withSeed(parseLong(flag, value));
          case "--drop" -> cfg = cfg.withDrop((int) Math.max(0, Math.min(GeneratorConfig.MAX_DROP + 1L, parseLong(flag, value))));
          default -> cfg = cfg.withScale(parseDouble(flag, value));
        }
      }
      if (outDir == null) {
        throw new IllegalArgumentException("--out DIR is required");
      }
    } catch (IllegalArgumentException e) {
      err.println("datagen: " + e.getMessage());
      err.println(USAGE);
      return BAD_ARGS;
    }

    try {
      long started = System.nanoTime();
      DropManifest manifest = SourceDropGenerator.generate(cfg, outDir);
      long millis = (System.nanoTime() - started) / 1_000_000;
      out.printf(
          Locale.ROOT, "datagen: wrote drop (seed %d, scale %s) to %s in %d ms%n",
          cfg.seed(), cfg.scale(), outDir, millis);
      for (String source : DropManifest.SOURCES) {
        SourceCounts c = manifest.source(source);
        out.printf(
            Locale.ROOT, "  %-12s %4d files %9d records  %s%n",
            source, c.files(), c.records(), c.anomalies());
      }
      return OK;
    } catch (IOException | RuntimeException e) {
      err.println("datagen: generation failed: " + e);
      return FAILED;
    }
  }

  private static Path parsePath(String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException("--out must not be empty");
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("--out is not a valid path: " + e.getMessage());
    }
  }

  private static long parseLong(String flag, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a whole number, got '" + value + "'");
    }
  }

  private static double parseDouble(String flag, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number, got '" + value + "'");
    }
  }
}
