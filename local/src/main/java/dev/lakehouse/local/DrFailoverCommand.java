package dev.lakehouse.local;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.embedded.LocalCredentials;
import dev.lakehouse.embedded.LocalEndpoints;
import dev.lakehouse.embedded.StandInsProcess;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.dr.CatalogFailover;
import dev.lakehouse.jobs.dr.FailedOverTable;
import dev.lakehouse.jobs.dr.FailoverCatalogs;
import dev.lakehouse.jobs.dr.FailoverPlan;
import dev.lakehouse.jobs.spark.LakehouseSpark;
import dev.lakehouse.lambdas.common.Settings;
import dev.lakehouse.local.ops.DeployedEnvironment;
import dev.lakehouse.local.ops.DisasterRecoverySite;
import dev.lakehouse.local.platform.LocalDrCatalog;
import dev.lakehouse.local.platform.LocalPlatform;
import dev.lakehouse.local.platform.LocalReplication;
import dev.lakehouse.local.platform.PipelineLock;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./lakehouse dr failover}: every table of the lake registered in the DR catalog from the
 * replica's copy of its files ({@link CatalogFailover}). Locally the run's lake is first copied
 * into the S3 stand-in's replica bucket (the stand-in for CRR) and the DR catalog is a JdbcCatalog
 * ({@link LocalDrCatalog}); with {@code --env}, from the primary region's Glue catalog into the DR
 * region's, from this machine's Spark, reading through an access point on the replica if given.
 */
@Command(name = "failover", description = {"Register every table of the lake (bronze, silver, gold, ops) in the DR catalog from the"
    + " replica's copy: Iceberg's rewrite_table_path moves each table's metadata to the replica's prefix, register_table registers it"
    + " under the same name. A table the DR catalog already has is left as it is and listed as such (drop it there to fail it over"
    + " again). Prints each table's registered metadata file and snapshot, then how to point jobs and queries at the DR catalog.",
    "Locally: copies the run's lake into the S3 stand-in's bucket lake-replica first (as replication would), the DR catalog is an"
        + " Iceberg JdbcCatalog in the stand-ins' PostgreSQL (database dr_catalog).",
    "With --env: the primary region's Glue catalog into the DR region's (drRegion of environments/<env>.json), files in"
        + " lakehouse-<env>-replica-<account>-<drRegion>; runs Spark on this machine with AWS credentials from the default chain.",
    "e.g. ./lakehouse dr failover; ./lakehouse dr failover --env prod --lake-bucket <lake bucket> --replica-access-point <arn>"})
final class DrFailoverCommand implements Callable<Integer> {
  static final String DR_CATALOG = "dr";

  /** Where to act: a local work directory or a deployed environment, not both. */
  static final class Target {
    @Option(names = "--workdir", paramLabel = "DIR", description = "a local run's work directory (default: the newest work/run-*)")
    Path workdir;

    @Option(names = "--env", paramLabel = "ENV", description = "a deployed environment of environments/ with cross-region replication (prod)")
    String env;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Target target = new Target();

  @Option(names = "--lake-bucket", paramLabel = "BUCKET", description = "with --env: the primary lake bucket's name (its tables' paths"
      + " start with s3://BUCKET/; see runbooks/dr-failover.md)")
  String lakeBucket;

  @Option(names = "--replica-access-point", paramLabel = "ARN", description = "with --env: an S3 access point on the replica bucket; every"
      + " read of the lake bucket goes there (the primary region's S3 need not answer); the DR stack's is"
      + " arn:aws:s3:<drRegion>:<account>:accesspoint/lakehouse-<env>-replica. Without it the lake bucket itself is read")
  String replicaAccessPoint;

  private final PrintStream out;

  DrFailoverCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    if (target != null && target.env != null) {
      return onAws(DisasterRecoverySite.load(DeployedEnvironment.directory(), target.env));
    }
    if (lakeBucket != null || replicaAccessPoint != null) {
      throw new IllegalArgumentException("--lake-bucket and --replica-access-point are for --env; locally the run's lake is replicated");
    }
    return locally(LocalLake.existing(target == null ? null : target.workdir));
  }

  private int locally(Path dir) throws Exception {
    long start = System.nanoTime();
    Path staging = dir.resolve("dr").resolve("staging-" + Instant.now().toEpochMilli());
    try (PipelineLock lock = PipelineLock.acquire(dir, "the DR failover"); StandInsProcess services = LocalPlatform.standIns(dir)) {
      // the session first: opening it migrates the tables, and the replica must hold what the failover reads
      SparkSession spark = LocalSessions.of(dir, JobConfig.of(LocalLake.jobArgs(dir))).newSession();
      dev.lakehouse.lambdas.common.AwsClients clients = dev.lakehouse.lambdas.common.AwsClients.fromSettings(new Settings(
          LocalEndpoints.environment(services.s3Endpoint(), services.dynamoDbEndpoint(), LocalCredentials.ACCESS_KEY, LocalCredentials.SECRET_KEY)));
      LocalReplication.Replicated copy;
      try (var s3 = clients.s3()) {
        copy = LocalReplication.replicate(s3, dir.resolve("lakehouse").resolve("warehouse"));
      } finally {
        clients.dynamo().close();
        clients.secrets().close();
      }
      out.printf("replicated: %d objects copied into s3://%s/ (%d were there already)%n", copy.copied(), LocalReplication.REPLICA_BUCKET,
          copy.alreadyThere());
      Map<String, String> dr = LocalDrCatalog.properties(services);
      FailoverPlan plan = new FailoverPlan(LakehouseSpark.CATALOG, DR_CATALOG, dr, Namespaces.ALL, LocalLake.warehouse(dir) + "/",
          "s3://" + LocalReplication.REPLICA_BUCKET + "/", "file:" + staging + "/");
      List<FailedOverTable> tables = new CatalogFailover(spark, plan).run(t -> out.println(t.describe()));
      out.printf("%s in %.1fs%n", summary(tables), (System.nanoTime() - start) / 1e9);
      out.println("Point Spark at the DR catalog with these catalog properties (this start's stand-in ports; the state stays in "
          + dir.resolve("services") + "):");
      FailoverCatalogs.sparkConf(DR_CATALOG, dr).forEach((k, v) -> out.println("  " + k + "=" + v));
      return failed(tables) ? LakehouseCli.FAILED : LakehouseCli.DONE;
    } finally {
      deleteQuietly(staging);
    }
  }

  private int onAws(DisasterRecoverySite site) throws Exception {
    if (lakeBucket == null) {
      throw new IllegalArgumentException("--env needs --lake-bucket: the primary lake bucket whose paths the tables' metadata holds");
    }
    if (!lakeBucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException("--lake-bucket '" + lakeBucket + "' is not an S3 bucket name");
    }
    if (replicaAccessPoint != null && !replicaAccessPoint.matches("arn:aws[a-z-]*:s3:[a-z0-9-]+:\\d{12}:accesspoint/[a-z0-9-]+")) {
      throw new IllegalArgumentException("--replica-access-point '" + replicaAccessPoint + "' is not an S3 access point ARN"
          + " (arn:aws:s3:<region>:<account>:accesspoint/<name>)");
    }
    Path local = Files.createTempDirectory("lakehouse-dr");
    AwsFailover aws = awsFailover(site, lakeBucket, Optional.ofNullable(replicaAccessPoint), local.resolve("staging"));
    SparkSession.Builder builder = SparkSession.builder().appName("lakehouse-dr-failover").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").config("spark.local.dir", local.toString())
        .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    aws.sourceConf().forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    try {
      List<FailedOverTable> tables = new CatalogFailover(spark, aws.plan()).run(t -> out.println(t.describe()));
      out.println(summary(tables));
      out.println("Repoint: the tables are in the Glue Data Catalog of " + site.drRegion() + " (account " + site.primary().account()
          + "), their files in s3://" + site.replicaBucket() + "/.");
      out.println("  queries: Athena in " + site.drRegion() + " (catalog AwsDataCatalog) reads them as they are.");
      out.println("  jobs: run them in " + site.drRegion() + " with --catalog glue --warehouse s3://" + site.replicaBucket() + "/ --kms-key-arn "
          + site.replicaKey() + " (see runbooks/dr-failover.md)");
      return failed(tables) ? LakehouseCli.FAILED : LakehouseCli.DONE;
    } finally {
      spark.stop();
      deleteQuietly(local);
    }
  }

  /** The AWS failover's configuration, pure: the source catalog's Spark settings and the plan (unit-tested). */
  record AwsFailover(Map<String, String> sourceConf, FailoverPlan plan) {}

  static AwsFailover awsFailover(DisasterRecoverySite site, String lakeBucket, Optional<String> replicaAccessPoint, Path staging) {
    String account = site.primary().account();
    Map<String, String> source = FailoverCatalogs.primaryGlue(site.primary().region(), account, lakeBucket, replicaAccessPoint);
    Map<String, String> dr = FailoverCatalogs.drGlue(site.drRegion(), account, site.replicaBucket(), site.replicaKey());
    // the rewritten metadata is staged on this machine, then copied to its place beside the replicated files
    FailoverPlan plan = new FailoverPlan("primary", DR_CATALOG, dr, Namespaces.ALL, "s3://" + lakeBucket + "/",
        "s3://" + site.replicaBucket() + "/", "file:" + staging.toAbsolutePath() + "/");
    return new AwsFailover(FailoverCatalogs.sparkConf("primary", source), plan);
  }

  private static String summary(List<FailedOverTable> tables) {
    Map<FailedOverTable.Outcome, Long> n = new java.util.EnumMap<>(FailedOverTable.Outcome.class);
    tables.forEach(t -> n.merge(t.outcome(), 1L, Long::sum));
    return String.format("dr failover: %d tables registered, %d already registered, %d failed", n.getOrDefault(FailedOverTable.Outcome.REGISTERED, 0L),
        n.getOrDefault(FailedOverTable.Outcome.ALREADY_REGISTERED, 0L), n.getOrDefault(FailedOverTable.Outcome.FAILED, 0L));
  }

  private static boolean failed(List<FailedOverTable> tables) {
    return tables.stream().anyMatch(t -> t.outcome() == FailedOverTable.Outcome.FAILED);
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (java.io.IOException ignored) {
      // a leftover staging directory is harmless
    }
  }
}
