package dev.lakehouse.lambdas.sftp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Which remote files have been ingested, in DynamoDB, one item per file ({@code pk =
 * file#<source>#<path>}). Every state change is a conditional write: a file is claimed by one
 * invocation at a time, with a lease, so a claim whose holder crashed is taken over after the
 * lease ends; only the holder can finish it. The S3 key chosen at the first claim is kept, so a
 * retry on another day overwrites the same object instead of landing a second copy.
 */
public final class FileLedger {
  public enum Status { CLAIMED, DONE, QUARANTINED }

  /** A successful claim: the key to write, and how many times the file has been tried. */
  public record Claim(String remotePath, String targetKey, long attempt) {}

  /** The item attribute holding the SHA-256 (hex) of the finished version's bytes. */
  public static final String CONTENT_SHA256 = "content_sha256";

  private final DynamoDbClient dynamo;
  private final String table;
  private final String source;
  private final String owner;

  public FileLedger(DynamoDbClient dynamo, String table, String source, String owner) {
    this.dynamo = dynamo;
    this.table = table;
    this.source = source;
    this.owner = owner;
  }

  String pk(String remotePath) {
    return "file#" + source + "#" + remotePath;
  }

  /**
   * What the ledger knows of a file: its state, the size and mtime of the version it last claimed,
   * and the SHA-256 of that version's bytes (null for items written before the ledger kept it).
   */
  public record Known(Status status, long size, long mtimeEpochSecond, String contentSha256) {
    /** Whether the listing shows the size and mtime of the version the ledger finished (its content may still differ). */
    public boolean sameVersion(long size, long mtime) {
      return this.size == size && this.mtimeEpochSecond == mtime;
    }
  }

  /** Status of each path that has an item (consistent reads, batched by 100). */
  public Map<String, Status> statuses(List<String> remotePaths) {
    Map<String, Status> out = new HashMap<>();
    known(remotePaths).forEach((p, k) -> out.put(p, k.status()));
    return out;
  }

  /** What the ledger knows of each path that has an item (consistent reads, batched by 100). */
  public Map<String, Known> known(List<String> remotePaths) {
    Map<String, Known> out = new HashMap<>();
    for (int i = 0; i < remotePaths.size(); i += 100) {
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      for (String p : remotePaths.subList(i, Math.min(remotePaths.size(), i + 100))) {
        keys.add(Map.of("pk", s(pk(p))));
      }
      Map<String, KeysAndAttributes> request =
          Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true)
              .projectionExpression("pk, #s, remote_size, remote_mtime, " + CONTENT_SHA256).expressionAttributeNames(Map.of("#s", "status")).build());
      // BatchGetItem may hand back throttled keys as unprocessed; ask again for exactly those
      while (!request.isEmpty()) {
        Map<String, KeysAndAttributes> current = request;
        var resp = dynamo.batchGetItem(b -> b.requestItems(current));
        for (Map<String, AttributeValue> item : resp.responses().getOrDefault(table, List.of())) {
          out.put(item.get("pk").s().substring(pk("").length()),
              new Known(Status.valueOf(item.get("status").s()), number(item, "remote_size"), number(item, "remote_mtime"),
                  item.containsKey(CONTENT_SHA256) ? item.get(CONTENT_SHA256).s() : null));
        }
        request = resp.unprocessedKeys();
      }
    }
    return out;
  }

  private static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? -1 : Long.parseLong(v.n());
  }

  /**
   * Claims a finished file again because the server now holds another version of it (same name,
   * other size, mtime or, when {@code contentSha256} is given, content): a new landing key, attempts
   * counted afresh. Empty if another invocation claimed it first or the ledger already has this version.
   */
  public Optional<Claim> claimNewVersion(String remotePath, long size, long mtimeEpochSecond, Optional<String> contentSha256, String newKey,
      Instant now, long leaseSeconds) {
    Map<String, AttributeValue> values = new HashMap<>(Map.of(
        ":done", s(Status.DONE.name()),
        ":quarantined", s(Status.QUARANTINED.name()),
        ":claimed", s(Status.CLAIMED.name()),
        ":owner", s(owner),
        ":until", n(now.getEpochSecond() + leaseSeconds),
        ":one", n(1),
        ":key", s(newKey),
        ":size", n(size),
        ":mtime", n(mtimeEpochSecond),
        ":nowIso", s(now.toString())));
    contentSha256.ifPresent(h -> values.put(":sha", s(h)));
    try {
      UpdateItemResponse r =
          dynamo.updateItem(
              b -> b.tableName(table)
                  .key(Map.of("pk", s(pk(remotePath))))
                  .conditionExpression("#s IN (:done, :quarantined) AND (remote_size <> :size OR remote_mtime <> :mtime"
                      + (contentSha256.isPresent() ? " OR " + CONTENT_SHA256 + " <> :sha" : "") + ")")
                  .updateExpression(
                      "SET #s = :claimed, #o = :owner, lease_until = :until, attempts = :one, target_key = :key, remote_size = :size,"
                          + " remote_mtime = :mtime, versions = if_not_exists(versions, :one) + :one, updated_at = :nowIso"
                          + " REMOVE finished_at, quarantine_key, reason, reason_detail")
                  .expressionAttributeNames(Map.of("#s", "status", "#o", "owner"))
                  .expressionAttributeValues(values)
                  .returnValues(ReturnValue.ALL_NEW));
      return Optional.of(new Claim(remotePath, r.attributes().get("target_key").s(), 1));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    }
  }

  /**
   * Claims a file not yet done, or one whose previous claim's lease has run out. Empty if another
   * invocation holds it or it is finished.
   */
  public Optional<Claim> claim(String remotePath, long size, long mtimeEpochSecond, String proposedKey, Instant now, long leaseSeconds) {
    try {
      UpdateItemResponse r =
          dynamo.updateItem(
              b -> b.tableName(table)
                  .key(Map.of("pk", s(pk(remotePath))))
                  .conditionExpression("attribute_not_exists(pk) OR (#s = :claimed AND lease_until < :now)")
                  .updateExpression(
                      "SET #s = :claimed, #o = :owner, lease_until = :until, attempts = if_not_exists(attempts, :zero) + :one,"
                          + " target_key = if_not_exists(target_key, :key), remote_size = :size, remote_mtime = :mtime,"
                          + " first_claimed_at = if_not_exists(first_claimed_at, :nowIso), updated_at = :nowIso")
                  .expressionAttributeNames(Map.of("#s", "status", "#o", "owner"))
                  .expressionAttributeValues(
                      Map.of(
                          ":claimed", s(Status.CLAIMED.name()),
                          ":owner", s(owner),
                          ":now", n(now.getEpochSecond()),
                          ":until", n(now.getEpochSecond() + leaseSeconds),
                          ":zero", n(0),
                          ":one", n(1),
                          ":key", s(proposedKey),
                          ":size", n(size),
                          ":mtime", n(mtimeEpochSecond),
                          ":nowIso", s(now.toString())))
                  .returnValues(ReturnValue.ALL_NEW));
      return Optional.of(
          new Claim(remotePath, r.attributes().get("target_key").s(), Long.parseLong(r.attributes().get("attempts").n())));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    }
  }

  /** Marks a claimed file finished (done or quarantined). False if this owner lost the claim. */
  public boolean finish(String remotePath, Status status, Map<String, AttributeValue> details, Instant now) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":claimed", s(Status.CLAIMED.name()));
    values.put(":owner", s(owner));
    values.put(":status", s(status.name()));
    values.put(":nowIso", s(now.toString()));
    StringBuilder set = new StringBuilder("SET #s = :status, updated_at = :nowIso, finished_at = :nowIso REMOVE lease_until, last_error");
    StringBuilder sets = new StringBuilder();
    for (var e : details.entrySet()) {
      sets.append(", ").append(e.getKey()).append(" = :d_").append(e.getKey());
      values.put(":d_" + e.getKey(), e.getValue());
    }
    String expr = set.toString().replace(" REMOVE", sets + " REMOVE");
    try {
      dynamo.updateItem(
          b -> b.tableName(table)
              .key(Map.of("pk", s(pk(remotePath))))
              .conditionExpression("#s = :claimed AND #o = :owner")
              .updateExpression(expr)
              .expressionAttributeNames(Map.of("#s", "status", "#o", "owner"))
              .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /** Gives a claim back after a failure, so the next run retries it at once. */
  public void release(String remotePath, String error, Instant now) {
    try {
      dynamo.updateItem(
          b -> b.tableName(table)
              .key(Map.of("pk", s(pk(remotePath))))
              .conditionExpression("#s = :claimed AND #o = :owner")
              .updateExpression("SET lease_until = :zero, last_error = :err, updated_at = :nowIso")
              .expressionAttributeNames(Map.of("#s", "status", "#o", "owner"))
              .expressionAttributeValues(
                  Map.of(":claimed", s(Status.CLAIMED.name()), ":owner", s(owner), ":zero", n(0),
                      ":err", s(error.length() > 1000 ? error.substring(0, 1000) : error), ":nowIso", s(now.toString()))));
    } catch (ConditionalCheckFailedException e) {
      // someone else took the claim over already; nothing to give back
    }
  }

  /** The whole item of a file, for tests and the runbook. */
  public Map<String, AttributeValue> item(String remotePath) {
    return dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s(pk(remotePath)))).consistentRead(true)).item();
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
