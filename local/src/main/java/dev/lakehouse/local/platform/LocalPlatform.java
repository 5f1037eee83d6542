package dev.lakehouse.local.platform;

import dev.lakehouse.contract.ingest.ExtractorSettings;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.contract.pipeline.DeployedNames;
import dev.lakehouse.contract.pipeline.LakeLease;
import dev.lakehouse.embedded.LocalCredentials;
import dev.lakehouse.embedded.LocalEndpoints;
import dev.lakehouse.embedded.StandInsProcess;
import dev.lakehouse.lambdas.common.AwsClients;
import dev.lakehouse.lambdas.common.LedgerTable;
import dev.lakehouse.lambdas.common.Settings;
import dev.lakehouse.local.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local stand-ins for the AWS side, all keeping their state under {@code workdir/services} so
 * a later run on the same work directory continues where the last one stopped: S3 (the lake bucket,
 * objects as plain files), DynamoDB Local (the extractors' ledger and watermarks), PostgreSQL (the
 * users source database), an SFTP server (the partner's outbox) — in a child JVM — and a Kafka
 * broker (the orders topic) in this one. Closing it stops them all; so does this JVM exiting.
 */
public final class LocalPlatform implements AutoCloseable {
  public static final String LAKE_BUCKET = "lake";
  public static final String LEDGER_TABLE = "ingestion-ledger";
  public static final String SFTP_OUTBOX = "outbox";
  /** The writer lease's table ({@code LakeLease}) in DynamoDB Local. */
  public static final String LEASE_TABLE = DeployedNames.leaseTable("local");

  private final StandInsProcess services;
  private final EmbeddedKafka kafka;
  private final AwsClients aws;
  private final Map<String, String> extractorEnvironment = new HashMap<>();
  private final Thread shutdownHook;

  private LocalPlatform(Path workdir, int kafkaPort) throws IOException {
    Path dir = workdir.resolve("services");
    Files.createDirectories(dir);
    // the broker starts in this JVM while the stand-ins' JVM boots
    java.util.concurrent.CompletableFuture<EmbeddedKafka> kafkaStarting =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> new EmbeddedKafka(dir.resolve("kafka"), kafkaPort),
            task -> new Thread(task, "kafka-start").start()); // a thread of ours: it inherits this one's class loader
    StandInsProcess started;
    try {
      started = standIns(workdir);
    } catch (RuntimeException e) {
      kafkaStarting.thenAccept(EmbeddedKafka::close);
      throw e;
    }
    EmbeddedKafka broker;
    try {
      broker = kafkaStarting.join();
    } catch (java.util.concurrent.CompletionException e) {
      started.close();
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    services = started;
    kafka = broker;
    // Ctrl-C: stop what we started; Iceberg commits are atomic, so the lakehouse stays consistent
    shutdownHook = new Thread(this::stopQuietly, "local-platform-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);

    kafka.createTopic(LakeLayout.ORDERS_TOPIC, 3);
    extractorEnvironment.putAll(LocalEndpoints.environment(
        services.s3Endpoint(), services.dynamoDbEndpoint(), LocalCredentials.ACCESS_KEY, LocalCredentials.SECRET_KEY));
    extractorEnvironment.put(ExtractorSettings.LAKE_BUCKET, LAKE_BUCKET);
    extractorEnvironment.put(ExtractorSettings.LEDGER_TABLE, LEDGER_TABLE);
    extractorEnvironment.put(ExtractorSettings.SFTP_REMOTE_DIR, "/" + SFTP_OUTBOX);
    extractorEnvironment.put(ExtractorSettings.SFTP_MAX_FILES_PER_RUN, "100000");
    extractorEnvironment.put(ExtractorSettings.SFTP_HOST_KEY_FINGERPRINT, services.sftpHostKeyFingerprint());
    // the handlers read their secrets through SecretReader; locally a file: id stands for Secrets Manager
    extractorEnvironment.put(ExtractorSettings.SFTP_SECRET, "file:" + writeSecret(dir.resolve("secrets/sftp.json"),
        "{\"host\":\"127.0.0.1\",\"port\":\"" + services.sftpPort() + "\",\"username\":\"" + StandInsProcess.sftpUser()
            + "\",\"password\":\"" + StandInsProcess.sftpPassword() + "\"}"));
    extractorEnvironment.put(ExtractorSettings.RDS_SECRET, "file:" + writeSecret(dir.resolve("secrets/rds.json"),
        "{\"jdbcUrl\":\"" + services.jdbcUrl() + "\",\"username\":\"postgres\",\"password\":\"postgres\"}"));
    aws = AwsClients.fromSettings(new Settings(extractorEnvironment));
    if (!aws.s3().listBuckets().buckets().stream().anyMatch(b -> b.name().equals(LAKE_BUCKET))) {
      aws.s3().createBucket(b -> b.bucket(LAKE_BUCKET));
    }
    LedgerTable.createIfMissing(aws.dynamo(), LEDGER_TABLE);
    LedgerTable.createIfMissing(aws.dynamo(), LEASE_TABLE); // keyed by the same string pk (LakeLease.KEY_ATTRIBUTE)
    Files.createDirectories(services.sftpRoot().resolve(SFTP_OUTBOX));
  }

  /** Starts every stand-in; {@code kafkaPort} 0 picks a free port. */
  public static LocalPlatform start(Path workdir, int kafkaPort) {
    try {
      return new LocalPlatform(workdir, kafkaPort);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + workdir.resolve("services"), e);
    }
  }

  /**
   * Only the stand-ins' JVM (S3, DynamoDB, PostgreSQL, SFTP) on {@code workdir}'s state, without Kafka
   * or the extractors' setup: for commands that need the services of a finished run (DR failover).
   */
  public static StandInsProcess standIns(Path workdir) {
    return new StandInsProcess(standInsDir(workdir), workdir.resolve("services").resolve("standins.log"));
  }

  /** The lake bucket's objects as files: what the jobs read as {@code lake-root}. */
  public Path lakeRoot() {
    return services.s3BucketDir(LAKE_BUCKET);
  }

  /** {@link #lakeRoot()} of the platform a run in {@code workdir} starts, without starting it. */
  public static Path lakeRoot(Path workdir) {
    return StandInsProcess.s3BucketDir(standInsDir(workdir), LAKE_BUCKET);
  }

  private static Path standInsDir(Path workdir) {
    return workdir.resolve("services").resolve("standins");
  }

  public String dynamoDbEndpoint() {
    return services.dynamoDbEndpoint();
  }

  /**
   * Deletes a writer lease a killed local run left behind, and says whose it was: whoever holds the
   * work directory's lock is the only local writer, so a lease still in DynamoDB Local is stale.
   */
  public java.util.Optional<String> releaseLeftoverLease() {
    var old = aws.dynamo().deleteItem(b -> b.tableName(LEASE_TABLE)
        .key(Map.of(LakeLease.KEY_ATTRIBUTE, AttributeValue.builder().s(LakeLease.KEY).build()))
        .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes();
    return java.util.Optional.ofNullable(old.get(LakeLease.OWNER)).map(AttributeValue::s);
  }

  public Map<String, String> extractorEnvironment() {
    return Map.copyOf(extractorEnvironment);
  }

  public AwsClients aws() {
    return aws;
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public Path sftpOutbox() {
    return services.sftpRoot().resolve(SFTP_OUTBOX);
  }

  public String jdbcUrl() {
    return services.jdbcUrl();
  }

  public String describe() {
    return "S3 " + services.s3Endpoint() + ", DynamoDB " + services.dynamoDbEndpoint() + ", PostgreSQL " + services.jdbcUrl()
        .replaceAll("password=[^&]*", "password=***") + ", SFTP 127.0.0.1:" + services.sftpPort() + ", Kafka " + kafka.bootstrapServers();
  }

  private static String writeSecret(Path file, String json) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, json);
    return file.toString();
  }

  private void stopQuietly() {
    try {
      aws.s3().close();
      aws.dynamo().close();
      aws.secrets().close();
    } catch (RuntimeException ignored) {
      // stopping anyway
    }
    try {
      kafka.close();
    } catch (RuntimeException ignored) {
      // stopping anyway
    }
    services.close();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      return; // the hook does it
    }
    stopQuietly();
  }
}
