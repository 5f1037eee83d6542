package dev.lakehouse.local;

import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.local.ops.JobStep;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./lakehouse backfill --days N | --from D --to D}: gold recomputed over those days from silver. */
@Command(name = "backfill", description = {"Recompute gold over the last N days, or a date range, from silver (the gold job with that"
    + " window; it reaches further back by itself where silver changed earlier).", "e.g. ./lakehouse backfill --days 7;"
    + " ./lakehouse backfill --from 2026-11-01 --to 2026-11-30 --env staging"})
final class BackfillCommand extends OperationCommand {
  static final class Window {
    @Option(names = "--days", paramLabel = "N", required = true, description = "the last N days up to --to (1 to 3650)")
    Integer days;

    @Option(names = "--from", paramLabel = "DATE", required = true, description = "the first day (yyyy-MM-dd), with --to")
    LocalDate from;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Window window;

  @Option(names = "--to", paramLabel = "DATE", description = "the last day (yyyy-MM-dd; default: today, UTC)")
  LocalDate to;

  BackfillCommand(PrintStream out, AwsClients aws) {
    super(out, aws);
  }

  @Override
  List<JobStep> steps() {
    LocalDate last = to != null ? to : LocalDate.now(ZoneOffset.UTC);
    long days;
    if (window.days != null) {
      days = window.days;
      if (days < 1 || days > 3650) {
        throw new IllegalArgumentException("--days must be 1 to 3650, not " + days);
      }
    } else {
      if (to == null) {
        throw new IllegalArgumentException("--from needs --to: the range's last day");
      }
      if (window.from.isAfter(to)) {
        throw new IllegalArgumentException("--from " + window.from + " is after --to " + to);
      }
      days = ChronoUnit.DAYS.between(window.from, to);
    }
    return List.of(new JobStep(PipelineJob.GOLD, Map.of(JobArgs.AS_OF_DATE, last.toString(), JobArgs.LOOKBACK_DAYS, String.valueOf(days))));
  }
}
