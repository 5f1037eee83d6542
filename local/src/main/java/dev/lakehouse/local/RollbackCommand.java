package dev.lakehouse.local;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.local.ops.JobStep;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./lakehouse rollback --table T | --all-gold [--to-snapshot ID | --to-timestamp TS]}: Iceberg's rollback procedures. */
@Command(name = "rollback", description = {"Roll a table, or every gold table, back to a snapshot or a point in time (Iceberg's"
    + " rollback procedures: metadata only, itself undoable); without a target, list the snapshots.",
    "e.g. ./lakehouse rollback --all-gold --to-timestamp 2026-12-01T03:00:00Z"})
final class RollbackCommand extends OperationCommand {
  static final class Tables {
    @Option(names = "--table", paramLabel = "TABLE", required = true, description = "one table, e.g. gold.daily_product_revenue")
    String table;

    @Option(names = "--all-gold", required = true, description = "every gold table (to one --to-timestamp)")
    boolean allGold;
  }

  static final class To {
    @Option(names = "--to-snapshot", paramLabel = "ID", required = true, description = "a snapshot id of the table (see the listing); a newer"
        + " one than the current undoes a rollback")
    Long snapshot;

    @Option(names = "--to-timestamp", paramLabel = "TIME", required = true, description = "an ISO-8601 instant, e.g. 2026-12-01T03:00:00Z:"
        + " the table as it was then")
    String timestamp;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Tables tables;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  To to;

  RollbackCommand(PrintStream out, AwsClients aws) {
    super(out, aws);
  }

  @Override
  List<JobStep> steps() {
    Map<String, String> args = new HashMap<>();
    if (tables.allGold) {
      args.put(JobArgs.TABLE, Namespaces.GOLD + ".*");
    } else {
      TableId id = TableId.of(tables.table);
      if (!Namespaces.ALL.contains(id.namespace())) {
        throw new IllegalArgumentException("--table " + tables.table + ": no namespace '" + id.namespace() + "'; they are " + Namespaces.ALL);
      }
      args.put(JobArgs.TABLE, id.toString());
    }
    if (to != null && to.snapshot != null) {
      if (tables.allGold) {
        throw new IllegalArgumentException("--to-snapshot names a snapshot of one table; for --all-gold use --to-timestamp");
      }
      args.put(JobArgs.TO_SNAPSHOT, String.valueOf(to.snapshot));
    } else if (to != null) {
      try {
        args.put(JobArgs.TO_TIMESTAMP, Instant.parse(to.timestamp).toString());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--to-timestamp '" + to.timestamp + "' is not an ISO-8601 instant such as 2026-12-01T03:00:00Z");
      }
    }
    return List.of(new JobStep(PipelineJob.SNAPSHOTS, args));
  }
}
