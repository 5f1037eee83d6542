package dev.lakehouse.jobs.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contract.pipeline.LakeLease;
import dev.lakehouse.embedded.StandInsProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The writer lease on DynamoDB Local: real conditional writes between owners, shared by one execution's jobs, freed by expiry. */
class WriterLeaseTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-01T03:00:00Z"), ZoneOffset.UTC);
  private static final Duration NO_WAIT = Duration.ZERO;
  private static StandInsProcess services;
  private static String endpoint;
  private static int tables;

  @BeforeAll
  static void dynamoDbLocal() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "lease");
    services = new StandInsProcess(dir.resolve("standins"), dir.resolve("standins.log"));
    endpoint = services.dynamoDbEndpoint();
  }

  @AfterAll
  static void stop() {
    services.close();
  }

  @Test
  void aSecondWriterIsRefusedNamingTheHolderUntilTheFirstReleases() throws Exception {
    String table = newTable();
    WriterLease retention = WriterLease.take(dynamo(), table, "retention run r1", false, "retention run r1", Duration.ofMinutes(30), NO_WAIT, NOW);
    assertThatThrownBy(() -> WriterLease.take(dynamo(), table, "erasure run e1", false, "erasure run e1", Duration.ofMinutes(30), NO_WAIT, NOW))
        .isInstanceOf(WriterLease.HeldException.class)
        .hasMessageStartingWith("the lakehouse is being written by retention run r1 (retention run r1, since 2026-12-01T03:00:00Z,"
            + " until 2026-12-01T03:30:00Z): erasure run e1 waited 0 min");
    retention.close();
    assertThat(item(table)).as("released").isEmpty();
    WriterLease.take(dynamo(), table, "erasure run e1", false, "erasure run e1", Duration.ofMinutes(30), NO_WAIT, NOW).close();
  }

  @Test
  void theJobsOfOneExecutionShareItAndItStaysHeldBetweenThem() throws Exception {
    String table = newTable();
    String execution = "arn:aws:states:eu-west-1:1:execution:lakehouse-prod-pipeline:daily";
    WriterLease bronze = WriterLease.take(dynamo(), table, execution, true, "bronze-orders run daily", Duration.ofMinutes(30), NO_WAIT, NOW);
    WriterLease silver = WriterLease.take(dynamo(), table, execution, true, "silver-orders run daily", Duration.ofMinutes(30), NO_WAIT, NOW);
    bronze.close();
    silver.close();
    // the execution still holds it (its state machine releases it at its end): a retention run is refused
    assertThat(item(table)).containsEntry(LakeLease.OWNER, execution);
    assertThatThrownBy(() -> WriterLease.take(dynamo(), table, "retention run r1", false, "retention run r1", Duration.ofMinutes(30), NO_WAIT,
        NOW)).hasMessageContaining("written by " + execution + " (silver-orders run daily, since 2026-12-01T03:00:00Z");
  }

  @Test
  void aWriterThatDiedFreesTheLeaseWhenItExpires() throws Exception {
    String table = newTable();
    WriterLease.take(dynamo(), table, "maintenance run m1", true, "maintenance run m1", Duration.ofMinutes(30), NO_WAIT, NOW).close();
    Clock later = Clock.offset(NOW, Duration.ofMinutes(31));
    try (WriterLease next = WriterLease.take(dynamo(), table, "pipeline run p2", false, "pipeline run p2", Duration.ofMinutes(30), NO_WAIT,
        later)) {
      assertThat(item(table)).containsEntry(LakeLease.OWNER, "pipeline run p2").containsEntry(LakeLease.TAKEN_AT, "2026-12-01T03:31:00Z");
    }
  }

  /** A second writer that may wait does, and gets the lease as soon as the first releases it. */
  @Test
  void aWaitingWriterGetsTheLeaseWhenTheHolderReleases() throws Exception {
    String table = newTable();
    WriterLease first = WriterLease.take(dynamo(), table, "gold run g1", false, "gold run g1", Duration.ofMinutes(30), NO_WAIT, Clock.systemUTC());
    Thread releaser = new Thread(() -> {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      first.close();
    });
    releaser.start();
    try (WriterLease second = WriterLease.take(dynamo(), table, "erasure run e2", false, "erasure run e2", Duration.ofMinutes(30),
        Duration.ofMinutes(1), Clock.systemUTC())) {
      assertThat(item(table)).containsEntry(LakeLease.OWNER, "erasure run e2");
    }
    releaser.join();
  }

  private String newTable() {
    String table = "leases-" + (++tables);
    try (DynamoDbClient d = dynamo()) {
      d.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(a -> a.attributeName(LakeLease.KEY_ATTRIBUTE).attributeType(ScalarAttributeType.S))
          .keySchema(k -> k.attributeName(LakeLease.KEY_ATTRIBUTE).keyType(KeyType.HASH)));
    }
    return table;
  }

  private static Map<String, String> item(String table) {
    try (DynamoDbClient d = dynamo()) {
      Map<String, AttributeValue> item = d.getItem(b -> b.tableName(table).key(Map.of(LakeLease.KEY_ATTRIBUTE,
          AttributeValue.builder().s(LakeLease.KEY).build())).consistentRead(true)).item();
      Map<String, String> out = new java.util.TreeMap<>();
      item.forEach((k, v) -> out.put(k, v.s() != null ? v.s() : v.n()));
      return out;
    }
  }

  private static DynamoDbClient dynamo() {
    return DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
  }
}
