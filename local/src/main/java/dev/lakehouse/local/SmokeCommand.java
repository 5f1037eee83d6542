package dev.lakehouse.local;

import dev.lakehouse.contract.Source;
import dev.lakehouse.datagen.GeneratorConfig;
import dev.lakehouse.datagen.SourceDropGenerator;
import dev.lakehouse.local.ops.DeployedEnvironment;
import dev.lakehouse.local.ops.PipelineSmoke;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code ./lakehouse smoke --env <env>}: a deployed environment's pipeline on a tiny drop of today,
 * end to end ({@link PipelineSmoke}). CD runs it against staging after each deploy; prod waits for it.
 */
@Command(name = "smoke", description = {"Try a deployed environment's pipeline end to end on a tiny generated drop of today: land"
    + " its clickstream, transactions and users files in the lake bucket, start the pipeline state machine and wait for it, then"
    + " check through Athena that the run balanced its reconciliation, read at least what was landed, published gold and left"
    + " gold sessions on the day. Exit 1 names each check that failed. (Order events go through Kafka in the VPC: not covered.)",
    "e.g. ./lakehouse smoke --env staging"})
final class SmokeCommand implements Callable<Integer> {
  @Option(names = "--env", required = true, paramLabel = "ENV", description = "the deployed environment (environments/ENV.json)")
  String env;

  @Option(names = "--scale", paramLabel = "S", description = "the drop's volume; 0.02 = about 40 users and 200 sessions (default: ${DEFAULT-VALUE})")
  double scale = 0.02;

  @Option(names = "--timeout-minutes", paramLabel = "M", description = "how long to wait for the execution (default: ${DEFAULT-VALUE})")
  int timeoutMinutes = 90;

  private final PrintStream out;

  SmokeCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    DeployedEnvironment target = DeployedEnvironment.load(DeployedEnvironment.directory(), env);
    if (!(scale > 0 && scale <= 1) || timeoutMinutes < 1) {
      throw new IllegalArgumentException("--scale must be in (0, 1] and --timeout-minutes at least 1");
    }
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    LocalDate day = now.toLocalDate();
    String execution = "smoke-" + now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path work = Files.createTempDirectory("lakehouse-smoke");
    // a new seed each time: new ids, so the run's rows are new to silver rather than duplicates of the last smoke's
    GeneratorConfig config = GeneratorConfig.defaults().withSeed(now.toEpochSecond()).withScale(scale).withWindow(day, 1);
    SourceDropGenerator.generate(config, work.resolve("drop"));
    DropLander.landFiles(work.resolve("drop"), work.resolve("landed"));
    List<PipelineSmoke.Upload> uploads = PipelineSmoke.uploads(work.resolve("landed"));
    Map<Source, Long> records = PipelineSmoke.records(uploads);
    out.println("smoke " + execution + " on " + env + ": " + uploads.size() + " files of " + day + ", records " + records);
    Region region = Region.of(target.region());
    try (S3Client s3 = S3Client.builder().region(region).build(); SfnClient sfn = SfnClient.builder().region(region).build();
        AthenaClient athena = AthenaClient.builder().region(region).build();
        CloudFormationClient cfn = CloudFormationClient.builder().region(region).build()) {
      List<String> failed = new PipelineSmoke(target, new PipelineSmoke.Clients(s3, sfn, athena, cfn), out, Duration.ofSeconds(30))
          .run(uploads, execution, PipelineSmoke.checks(execution, day, records), Duration.ofMinutes(timeoutMinutes));
      if (!failed.isEmpty()) {
        throw new IllegalStateException("the smoke test failed: " + String.join("; ", failed));
      }
    }
    out.println("smoke " + execution + " passed");
    return LakehouseCli.DONE;
  }
}
