package dev.lakehouse.local;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Entry point of {@code ./lakehouse}: {@code generate}, {@code local run}, {@code sql}. Exit codes:
 * 0 done, 1 the run or a stage failed (or a port was taken), 2 bad command line or input.
 */
public final class LakehouseCli {
  private static final String USAGE =
      String.join(
          "\n",
          "usage: ./lakehouse generate --out DIR [--seed N] [--scale S] [--drop N]",
          "       ./lakehouse local run [--input DIR | --seed N --scale S --drop N] [--workdir DIR] [--kafka-port P]"
              + " [--fail-stage STATE]",
          "       ./lakehouse sql \"<query>\" [--workdir DIR] [--format table|csv|json]");

  private LakehouseCli() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    System.out.flush();
    // Spark, Kafka and Jetty leave non-daemon threads behind; everything is stopped by now
    System.exit(code);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(USAGE);
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (args[0]) {
        case "generate":
          return dev.lakehouse.datagen.Main.run(rest, out, err);
        case "local":
          if (args.length > 1 && args[1].equals("run")) {
            return LocalRun.fromArgs(Arrays.copyOfRange(args, 2, args.length)).run(out);
          }
          break;
        case "sql":
          return SqlCommand.run(rest, out);
        default:
          break;
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (LocalRun.StageFailed e) {
      err.println("error: the pipeline failed: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      err.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
      if (System.getenv("LAKEHOUSE_DEBUG") != null) {
        e.printStackTrace(err);
      } else {
        err.println("(LAKEHOUSE_DEBUG=1 prints the stack trace)");
      }
      return 1;
    }
    err.println(USAGE);
    return 2;
  }
}
