package dev.lakehouse.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * Entry point of {@code ./lakehouse}: {@link GenerateCommand generate}, {@link LocalRunCommand local
 * run}, {@link SqlCommand sql}, {@link EraseCommand erase}, {@link JobCommand job}, and the operations
 * {@link StatusCommand status}, {@link BackfillCommand backfill}, {@link ReprocessCommand reprocess},
 * {@link RollbackCommand rollback}, {@link MaintainCommand maintain}, {@link DrFailoverCommand dr failover} (locally, or with
 * {@code --env} on AWS), parsed by picocli; {@code --help} on every level. Exit codes: 0 done,
 * 1 the run or a stage failed (or a port was taken), 2 bad command line or input.
 */
// INHERIT: every subcommand takes the help options, version, usage heading and footer from here
@Command(name = "./lakehouse", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
    versionProvider = LakehouseCli.Version.class, synopsisHeading = "usage: ", commandListHeading = "%nCommands:%n",
    description = {"The lakehouse on this machine: generate a source drop, run the whole pipeline, query its tables, erase a person.",
        "Operate it here or, with --env, on AWS: status, backfill, reprocess, rollback, maintain, dr failover."},
    footer = "%nExit codes: 0 done, 1 failed (the message says what, e.g. the stage; published tables stay as they were),"
        + " 2 bad command line or input.")
public final class LakehouseCli {
  static final int DONE = 0;
  static final int FAILED = 1;
  static final int BAD_INPUT = 2;

  private LakehouseCli() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    LocalSessions.close();
    System.out.flush();
    // Spark, Kafka and Jetty leave non-daemon threads behind; everything is stopped by now
    System.exit(code);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, AwsClients.standard());
  }

  /** As {@link #run(String[], PrintStream, PrintStream)}, the {@code --env} commands reaching AWS through {@code aws}. */
  static int run(String[] args, PrintStream out, PrintStream err, AwsClients aws) {
    CommandLine cli = commandLine(out, err, aws);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The whole command line, every subcommand configured, ready to parse or execute. */
  static CommandLine commandLine(PrintStream out, PrintStream err, AwsClients aws) {
    CommandLine cli = new CommandLine(new LakehouseCli())
        .addSubcommand(new GenerateCommand(out, err))
        .addSubcommand(new CommandLine(new LocalCommand()).addSubcommand(new LocalRunCommand(out)))
        .addSubcommand(new SqlCommand(out))
        .addSubcommand(new EraseCommand(out))
        .addSubcommand(new JobCommand(out))
        .addSubcommand(new StatusCommand(out, aws))
        .addSubcommand(new BackfillCommand(out, aws))
        .addSubcommand(new ReprocessCommand(out, aws))
        .addSubcommand(new RollbackCommand(out, aws))
        .addSubcommand(new MaintainCommand(out, aws))
        .addSubcommand(new SmokeCommand(out))
        .addSubcommand(new CommandLine(new DrCommand()).addSubcommand(new DrFailoverCommand(out)));
    // set after the subcommands are added: these settings reach the commands present at the call
    cli.setOverwrittenOptionsAllowed(true) // a repeated option: the last one counts, as before picocli
        .setExpandAtFiles(false) // "@x" is a value (a query, a path), never a file of arguments
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setParameterExceptionHandler((e, ignored) -> badCommandLine(e, err))
        .setExecutionExceptionHandler((e, command, parsed) -> failed(e, err));
    return cli;
  }

  /** Unknown or missing options and subcommands, bad values: what was wrong, then the command's usage. */
  private static int badCommandLine(ParameterException e, PrintStream err) {
    err.println("error: " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    e.getCommandLine().usage(err);
    return BAD_INPUT;
  }

  private static int failed(Exception e, PrintStream err) {
    if (e instanceof IllegalArgumentException) {
      err.println("error: " + e.getMessage());
      return BAD_INPUT;
    }
    if (e instanceof LocalRun.StageFailed) {
      err.println("error: the pipeline failed: " + e.getMessage());
      return FAILED;
    }
    err.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
    if (System.getenv("LAKEHOUSE_DEBUG") != null) {
      e.printStackTrace(err);
    } else {
      err.println("(LAKEHOUSE_DEBUG=1 prints the stack trace)");
    }
    return FAILED;
  }

  /** The project version, written into {@code lakehouse.version} by the build. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      try (InputStream in = LakehouseCli.class.getResourceAsStream("/lakehouse.version")) {
        return new String[] {"lakehouse " + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()};
      }
    }
  }
}
