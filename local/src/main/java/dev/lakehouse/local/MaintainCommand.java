package dev.lakehouse.local;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.local.ops.JobStep;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./lakehouse maintain}: the maintenance job (compaction, snapshot expiry, orphan files) now. */
@Command(name = "maintain", description = {"Run table maintenance now: compact small files and merge-on-read deletes, expire old"
    + " snapshots, remove orphan files (the weekly job, started by hand).", "e.g. ./lakehouse maintain --namespaces gold,silver"})
final class MaintainCommand extends OperationCommand {
  @Option(names = "--namespaces", paramLabel = "NS,...", split = ",", description = "which namespaces (default: all)")
  List<String> namespaces;

  @Option(names = "--snapshot-retention-days", paramLabel = "DAYS", description = "expire snapshots older than this (default 7;"
      + " the deployed job: the environment's)")
  Integer snapshotRetentionDays;

  @Option(names = "--retain-last", paramLabel = "N", description = "keep at least the last N snapshots of each table (default 5)")
  Integer retainLast;

  @Option(names = "--orphan-age-hours", paramLabel = "HOURS", description = "remove unreferenced files older than this (default 72)")
  Integer orphanAgeHours;

  MaintainCommand(PrintStream out, AwsClients aws) {
    super(out, aws);
  }

  @Override
  List<JobStep> steps() {
    Map<String, String> args = new HashMap<>();
    if (namespaces != null) {
      for (String ns : namespaces) {
        if (!Namespaces.ALL.contains(ns)) {
          throw new IllegalArgumentException("--namespaces: no namespace '" + ns + "'; they are " + Namespaces.ALL);
        }
      }
      args.put(JobArgs.NAMESPACES, String.join(",", namespaces));
    }
    positive("--snapshot-retention-days", snapshotRetentionDays, 0, JobArgs.SNAPSHOT_RETENTION_DAYS, args);
    positive("--retain-last", retainLast, 1, JobArgs.RETAIN_LAST, args);
    positive("--orphan-age-hours", orphanAgeHours, 24, JobArgs.ORPHAN_AGE_HOURS, args);
    return List.of(new JobStep(PipelineJob.MAINTENANCE, args));
  }

  private static void positive(String option, Integer value, int least, String key, Map<String, String> args) {
    if (value == null) {
      return;
    }
    if (value < least) {
      // under a day, a file still being written by a running job could look orphaned
      throw new IllegalArgumentException(option + " must be at least " + least + ", not " + value);
    }
    args.put(key, String.valueOf(value));
  }
}
