package dev.lakehouse.local;

import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.jobs.erasure.ErasureRequest;
import dev.lakehouse.local.platform.LocalPlatform;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./lakehouse erase --email X | --user-id U | --customer-id C ...}: the erasure job (the same
 * one the AWS erasure state machine runs) on a local run's lakehouse and its S3 stand-in's objects.
 */
@Command(name = "erase", description = {"Forget a person (GDPR right to erasure) in a local run's lakehouse: every layer, the"
    + " landed objects, the tables' history.", "Refused while a local run uses the work directory. Recorded in ops.erasure_log."})
final class EraseCommand implements Callable<Integer> {
  private final PrintStream out;

  @Option(names = "--email", paramLabel = "EMAIL", description = "an email of the person (repeatable)")
  private List<String> emails = List.of();

  @Option(names = {"--user-id", "--customer-id"}, paramLabel = "ID", description = "a user/customer id of the person (repeatable)")
  private List<String> ids = List.of();

  @Option(names = "--requested-by", paramLabel = "WHO", description = "who asked: a ticket or a person (default: local:<user>)")
  private String requestedBy = "local:" + System.getProperty("user.name", "unknown");

  @Option(names = "--request-id", paramLabel = "ID", description = "the request's id (default: a new one)")
  private String requestId;

  @Option(names = "--workdir", paramLabel = "DIR", description = "the run whose lakehouse to erase from (default: the newest"
      + " work/run-* with a lakehouse)")
  private Path workdir;

  @Option(names = "--fail-at", paramLabel = "TABLE", description = "stop just before erasing this table, to see (and test) that a"
      + " stopped request finishes when run again")
  private String failAt;

  EraseCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    String id = requestId != null ? requestId
        : "erase-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    // checked before anything starts: a malformed identifier is bad input (exit 2) and changes nothing
    ErasureRequest request = new ErasureRequest(id, requestedBy, new LinkedHashSet<>(emails), new LinkedHashSet<>(ids));
    Path dir = LocalLake.existing(workdir);
    Map<String, String> args = new java.util.HashMap<>(Map.of(JobArgs.REQUEST_ID, request.requestId()));
    if (failAt != null) {
      args.put(JobArgs.FAIL_AT, failAt);
    }
    // the identifiers wait in the request's own object (as on AWS); the job is given the request id alone
    out.println(LocalLake.runJob(dir, PipelineJob.ERASURE, args,
        () -> dev.lakehouse.jobs.erasure.ErasureRequests.put(LocalPlatform.lakeRoot(dir).toUri().toString(), request)));
    return LakehouseCli.DONE;
  }
}
