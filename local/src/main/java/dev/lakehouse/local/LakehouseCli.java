package dev.lakehouse.local;

import java.io.PrintStream;
import java.util.Arrays;

/** Entry point of {@code ./lakehouse}: {@code generate}, {@code local run}. */
public final class LakehouseCli {
  private static final String USAGE =
      String.join(
          "\n",
          "usage: ./lakehouse generate --out DIR [--seed N] [--scale S]",
          "       ./lakehouse local run [--input DIR] [--workdir DIR] [--seed N] [--scale S]");

  private LakehouseCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(USAGE);
      return 2;
    }
    try {
      switch (args[0]) {
        case "generate":
          return dev.lakehouse.datagen.Main.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        case "local":
          if (args.length > 1 && args[1].equals("run")) {
            return LocalRun.fromArgs(Arrays.copyOfRange(args, 2, args.length)).run(out);
          }
          break;
        default:
          break;
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("error: the pipeline failed: " + e);
      return 1;
    }
    err.println(USAGE);
    return 2;
  }
}
