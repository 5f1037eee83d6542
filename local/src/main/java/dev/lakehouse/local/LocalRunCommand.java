package dev.lakehouse.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./lakehouse local run}: the options of a {@link LocalRun}, checked before anything starts. */
@Command(name = "run", description = {"The whole pipeline on this machine: stand-ins, extractor Lambdas, the Step Functions"
    + " definition, Spark + Iceberg.", "Without --input it generates the drop first. Ctrl-C stops every service."})
final class LocalRunCommand implements Callable<Integer> {
  private final PrintStream out;

  @Spec
  private CommandSpec spec;

  @Option(names = "--input", paramLabel = "DIR", description = "run this drop instead of generating one; laid out as"
      + " clickstream/*.jsonl  orders/*.jsonl  transactions/*.csv  users/*.csv")
  private Path input;

  @Option(names = "--workdir", paramLabel = "DIR", description = "where the run keeps all its state; a later run there continues"
      + " incrementally (default: a new work/run-<yyyyMMdd-HHmmss>/)")
  private Path workdir;

  @Mixin
  private DropOptions drop;

  @Option(names = "--kafka-port", paramLabel = "P", description = "port of the embedded Kafka broker (default: ${DEFAULT-VALUE},"
      + " a free port)")
  private int kafkaPort = 0;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "gold's as-of date: the day this run stands for"
      + " (default: a generated drop's last day, else today, UTC); deliveries of one history run with one as-of give the"
      + " lakehouse of one run over all of them")
  private LocalDate asOf;

  @Option(names = "--fail-stage", paramLabel = "STATE", description = "make this state of the definition fail, to see the"
      + " failure path")
  private String failStage;

  @Option(names = "--no-lineage", description = "emit no OpenLineage events (lineage/openlineage.jsonl): a run is a few percent faster")
  private boolean noLineage;

  @Option(names = "--engine", paramLabel = "ENGINE", description = "the form of the definition to follow: glue (the file's Glue job"
      + " runs) or emr-serverless (the EMR Serverless job runs an environment with features.emrServerless deploys); the same"
      + " jobs run either way (default: ${DEFAULT-VALUE})")
  private String engine = "glue";

  LocalRunCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    if (input != null) {
      DropLander.validate(input); // a bad drop is bad input: IllegalArgumentException, exit 2
    }
    if (!engine.equals("glue") && !engine.equals("emr-serverless")) {
      throw new ParameterException(spec.commandLine(), "--engine must be glue or emr-serverless, not '" + engine + "'");
    }
    if (kafkaPort < 0 || kafkaPort > 65535) {
      throw new ParameterException(spec.commandLine(), "--kafka-port must be between 0 and 65535");
    }
    // A new work directory per run, so the command can be repeated as written.
    Path dir = workdir != null ? workdir
        : Path.of("work", "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    return new LocalRun(input, dir.toAbsolutePath(), drop.config(spec), kafkaPort, Optional.ofNullable(asOf),
        Optional.ofNullable(failStage), !noLineage, engine.equals("emr-serverless")).run(out);
  }
}
