package dev.lakehouse.jobs.ops;

import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.LakeLease;
import dev.lakehouse.jobs.config.JobConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The lakehouse's writer lease ({@link LakeLease}) held by one job run: taken with a conditional
 * write (free, expired, or already this owner's), kept alive by a heartbeat, and released at the
 * end when this run took it for itself. A run that shares its state machine's lease (the owner is
 * the execution) leaves it held: the state machine releases it when it ends, and its other jobs
 * keep it meanwhile. AWS's DynamoDB Lock Client was considered: its locks have one holder each,
 * while the parallel jobs of one execution must hold this one together.
 */
public final class WriterLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriterLease.class);
  /** Renewed every third of it while the job runs: a writer that dies frees the lease this long after. */
  static final Duration TTL = Duration.ofMinutes(30);
  private static final int DEFAULT_WAIT_MINUTES = 60;
  private static final Map<String, String> NAMES = Map.of("#owner", LakeLease.OWNER, "#expires", LakeLease.EXPIRES_AT);

  /** Another writer holds the lease and did not let go in time; names it. */
  public static final class HeldException extends IllegalStateException {
    HeldException(String message) {
      super(message);
    }
  }

  private final DynamoDbClient dynamo;
  private final String table;
  private final String owner;
  private final Duration ttl;
  private final Clock clock;
  private final boolean releaseAtEnd;
  private final ScheduledExecutorService heartbeat;

  private WriterLease(DynamoDbClient dynamo, String table, String owner, Duration ttl, Clock clock, boolean releaseAtEnd) {
    this.dynamo = dynamo;
    this.table = table;
    this.owner = owner;
    this.ttl = ttl;
    this.clock = clock;
    this.releaseAtEnd = releaseAtEnd;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "writer-lease-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, ttl.toSeconds() / 3);
    heartbeat.scheduleAtFixedRate(this::renew, every, every, TimeUnit.SECONDS);
  }

  /**
   * Takes the lease for {@code owner}, waiting up to {@code wait} while another owner holds it.
   *
   * @param shared whether {@code owner} is a state machine's execution (its jobs share the lease; it releases it)
   * @throws HeldException naming the holder when it still holds the lease after {@code wait}
   */
  public static WriterLease take(DynamoDbClient dynamo, String table, String owner, boolean shared, String purpose, Duration ttl,
      Duration wait, Clock clock) throws InterruptedException {
    Instant giveUp = clock.instant().plus(wait);
    long pollMillis = 500; // doubling up to 15 s: a short wait is noticed at once, a long one costs few reads
    while (true) {
      Instant now = clock.instant();
      try {
        boolean joined = update(dynamo, table, "SET " + LakeLease.PURPOSE + " = :purpose, #expires = :expires", "#owner = :owner",
            Map.of(":owner", s(owner), ":purpose", s(purpose), ":expires", n(now.plus(ttl))));
        if (!joined && !update(dynamo, table, "SET #owner = :owner, " + LakeLease.PURPOSE + " = :purpose, #expires = :expires, " + LakeLease.TAKEN_AT
              + " = :taken", "attribute_not_exists(#owner) OR #expires < :now",
              Map.of(":owner", s(owner), ":purpose", s(purpose), ":expires", n(now.plus(ttl)), ":now", n(now), ":taken", s(now.toString())))) {
          throw ConditionalCheckFailedException.builder().message("held").build();
        }
        LOG.info("writer lease of {} taken by {} for {}{}", table, owner, purpose, joined ? " (already its own)" : "");
        return new WriterLease(dynamo, table, owner, ttl, clock, !shared);
      } catch (ConditionalCheckFailedException held) {
        String holder = describeHolder(dynamo, table);
        if (!clock.instant().isBefore(giveUp)) {
          throw new HeldException("the lakehouse is being written by " + holder + ": " + purpose + " waited " + wait.toMinutes()
              + " min for it to finish and gives up; start it again when that writer has finished (lease table " + table + ")");
        }
        LOG.info("writer lease of {} held by {}: {} waits", table, holder, purpose);
        Thread.sleep(Math.max(1, Math.min(pollMillis, Duration.between(clock.instant(), giveUp).toMillis())));
        pollMillis = Math.min(pollMillis * 2, Duration.ofSeconds(15).toMillis());
      }
    }
  }

  /**
   * The lease a run of {@code job} writes under, when the configuration names a lease table: its
   * state machine's ({@code --lease-owner}), shared with the execution's other jobs, or its own.
   */
  public static Optional<WriterLease> forJob(JobConfig config, String job) throws InterruptedException {
    Optional<String> table = config.get(JobArgs.LEASE_TABLE).filter(t -> !t.isBlank());
    if (table.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> execution = config.get(JobArgs.LEASE_OWNER).filter(o -> !o.isBlank());
    String run = job + " run " + config.runId();
    var client = DynamoDbClient.builder();
    config.get(JobArgs.DYNAMODB_ENDPOINT).ifPresent(e -> client.endpointOverride(java.net.URI.create(e))
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local"))));
    return Optional.of(take(client.build(), table.get(), execution.orElse(run), execution.isPresent(), run, TTL,
        Duration.ofMinutes(config.getInt(JobArgs.LEASE_WAIT_MINUTES, DEFAULT_WAIT_MINUTES)), Clock.systemUTC()));
  }

  /** One conditional update of the lease item; false when its condition does not hold. */
  private static boolean update(DynamoDbClient dynamo, String table, String set, String condition, Map<String, AttributeValue> values) {
    Map<String, String> names = new java.util.HashMap<>();
    NAMES.forEach((k, v) -> {
      if (set.contains(k) || condition.contains(k)) {
        names.put(k, v);
      }
    });
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key()).updateExpression(set).conditionExpression(condition)
          .expressionAttributeNames(names).expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /** The current holder, as a person reads it: owner, purpose, since when and until when. */
  static String describeHolder(DynamoDbClient dynamo, String table) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key()).consistentRead(true)).item();
    if (item == null || !item.containsKey(LakeLease.OWNER)) {
      return "nobody (released just now)";
    }
    return item.get(LakeLease.OWNER).s() + " (" + Optional.ofNullable(item.get(LakeLease.PURPOSE)).map(AttributeValue::s).orElse("?")
        + ", since " + Optional.ofNullable(item.get(LakeLease.TAKEN_AT)).map(AttributeValue::s).orElse("?") + ", until "
        + Optional.ofNullable(item.get(LakeLease.EXPIRES_AT)).map(v -> Instant.ofEpochSecond(Long.parseLong(v.n())).toString()).orElse("?")
        + ")";
  }

  private void renew() {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key()).updateExpression("SET #expires = :expires")
          .conditionExpression("#owner = :owner").expressionAttributeNames(NAMES)
          .expressionAttributeValues(Map.of(":owner", s(owner), ":expires", n(clock.instant().plus(ttl)))));
    } catch (ConditionalCheckFailedException lost) {
      LOG.error("writer lease of {} is no longer {}'s: another writer took it after it expired", table, owner);
    } catch (RuntimeException e) {
      LOG.warn("writer lease of {}: heartbeat failed, retried at the next beat: {}", table, e.toString());
    }
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    if (!releaseAtEnd) {
      dynamo.close();
      return;
    }
    try {
      dynamo.deleteItem(b -> b.tableName(table).key(key()).conditionExpression("#owner = :owner")
          .expressionAttributeNames(Map.of("#owner", LakeLease.OWNER)).expressionAttributeValues(Map.of(":owner", s(owner))));
    } catch (ConditionalCheckFailedException notOurs) {
      LOG.warn("writer lease of {} was not {}'s any more at its end", table, owner);
    } finally {
      dynamo.close();
    }
  }

  private static Map<String, AttributeValue> key() {
    return Map.of(LakeLease.KEY_ATTRIBUTE, s(LakeLease.KEY));
  }

  private static AttributeValue s(String v) {
    return AttributeValue.builder().s(v).build();
  }

  private static AttributeValue n(Instant t) {
    return AttributeValue.builder().n(Long.toString(t.getEpochSecond())).build();
  }
}
