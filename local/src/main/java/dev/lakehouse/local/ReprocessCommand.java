package dev.lakehouse.local;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.local.ops.JobStep;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./lakehouse reprocess --source S}: the source's silver rebuilt from the whole of its bronze, then gold. */
@Command(name = "reprocess", description = {"Run a source's silver job over the whole of its bronze table again (after a fix to its"
    + " rules, or to take in late data), then gold. MERGE keeps it idempotent: rows already in silver stay as they are.",
    "e.g. ./lakehouse reprocess --source orders"})
final class ReprocessCommand extends OperationCommand {
  @Option(names = "--source", paramLabel = "SOURCE", required = true, description = "orders, clickstream, transactions or users")
  String source;

  @Option(names = "--as-of", paramLabel = "DATE", description = "gold's as-of day (yyyy-MM-dd; default: today, UTC)")
  LocalDate asOf;

  ReprocessCommand(PrintStream out, AwsClients aws) {
    super(out, aws);
  }

  @Override
  List<JobStep> steps() {
    Source s = Arrays.stream(Source.values()).filter(v -> v.id().equals(source)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("--source '" + source + "' is not a source; they are " + Arrays.stream(Source.values()).map(Source::id).toList()));
    Map<String, String> gold = new HashMap<>();
    if (asOf != null) {
      gold.put(JobArgs.AS_OF_DATE, asOf.toString());
    }
    return List.of(new JobStep(PipelineJob.of(PipelineJob.Stage.SILVER, s), Map.of(JobArgs.REPROCESS, "true")),
        new JobStep(PipelineJob.GOLD, gold));
  }
}
