package dev.lakehouse.local;

import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import java.io.PrintStream;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./lakehouse job <id> [--arg key=value ...]}: one job of the catalog (retention, maintenance,
 * pii-rehash, snapshots, gold, ...) on a local run's lakehouse, with the arguments it takes on Glue.
 */
@Command(name = "job", description = {"Run one job of the catalog on a local run's lakehouse, as Glue would run it.",
    "e.g. ./lakehouse job retention --arg retention-bronze-days=30"})
final class JobCommand implements Callable<Integer> {
  /** Every job argument key the jobs read (the constants of JobArgs). */
  private static final Set<String> KEYS = Arrays.stream(JobArgs.class.getFields())
      .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().startsWith("CATALOG_")
          && !f.getName().startsWith("KAFKA_AUTH_"))
      .map(f -> {
        try {
          return (String) f.get(null);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }).collect(Collectors.toSet());

  private final PrintStream out;

  @Parameters(paramLabel = "JOB", description = "a catalog job id: retention, maintenance, pii-rehash, snapshots, gold, ...")
  private String job;

  @Option(names = "--arg", paramLabel = "KEY=VALUE", description = "a job argument, as on Glue without the leading -- (repeatable)")
  private Map<String, String> args = new LinkedHashMap<>();

  @Option(names = "--workdir", paramLabel = "DIR", description = "the run whose lakehouse to act on (default: the newest work/run-*"
      + " with a lakehouse)")
  private Path workdir;

  JobCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    PipelineJob entry = PipelineJob.byId(job);
    if (entry == PipelineJob.ERASURE) {
      throw new IllegalArgumentException("erasure takes its request from ./lakehouse erase (it checks the identifiers first)");
    }
    for (String key : args.keySet()) {
      if (!KEYS.contains(key) || key.equals(JobArgs.JOB)) {
        throw new IllegalArgumentException("unknown job argument '" + key + "'; the jobs read " + KEYS.stream().sorted().toList());
      }
    }
    out.println(entry.id() + ": " + LocalLake.runJob(LocalLake.existing(workdir), entry, args));
    return LakehouseCli.DONE;
  }
}
