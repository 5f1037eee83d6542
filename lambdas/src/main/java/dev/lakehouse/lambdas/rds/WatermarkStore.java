package dev.lakehouse.lambdas.rds;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Watermarks in DynamoDB ({@code pk = watermark#<source>}). Every change is conditional on the
 * version read before it, so two concurrent invocations cannot both advance it, and it never
 * moves backwards: the loser gets {@code false} and stops.
 */
public final class WatermarkStore {
  private final DynamoDbClient dynamo;
  private final String table;

  public WatermarkStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static Map<String, AttributeValue> key(String source) {
    return Map.of("pk", AttributeValue.fromS("watermark#" + source));
  }

  public Watermark read(String source) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(source)).consistentRead(true)).item();
    if (item == null || item.isEmpty()) {
      return Watermark.NONE;
    }
    return new Watermark(
        str(item, "wm_updated_at"), str(item, "wm_key"), Long.parseLong(item.get("version").n()),
        str(item, "range_from_updated_at"), str(item, "range_from_key"), str(item, "range_upper"),
        item.containsKey("range_page") ? Long.parseLong(item.get("range_page").n()) : 0);
  }

  /** Fixes the range to extract next: from the current position up to {@code upper}. */
  public boolean startRange(String source, Watermark current, String upper, Instant now) {
    Map<String, AttributeValue> v = new HashMap<>();
    v.put(":upper", AttributeValue.fromS(upper));
    v.put(":zero", AttributeValue.fromN("0"));
    StringBuilder set = new StringBuilder("SET range_upper = :upper, range_page = :zero");
    if (current.hasPosition()) {
      set.append(", range_from_updated_at = :fts, range_from_key = :fkey");
      v.put(":fts", AttributeValue.fromS(current.updatedAt()));
      v.put(":fkey", AttributeValue.fromS(current.key()));
    }
    return advance(source, current, set.toString(), v, now);
  }

  /** Records one written page: the position moves to its last row. */
  public boolean commitPage(String source, Watermark current, String lastTs, String lastKey, long rows, boolean rangeDone, Instant now) {
    Map<String, AttributeValue> v = new HashMap<>();
    v.put(":ts", AttributeValue.fromS(lastTs));
    v.put(":key", AttributeValue.fromS(lastKey));
    v.put(":page", AttributeValue.fromN(Long.toString(current.rangePage() + 1)));
    v.put(":rows", AttributeValue.fromN(Long.toString(rows)));
    v.put(":zero", AttributeValue.fromN("0"));
    String set = "SET wm_updated_at = :ts, wm_key = :key, range_page = :page, rows_total = if_not_exists(rows_total, :zero) + :rows";
    if (rangeDone) {
      set += " REMOVE range_upper, range_from_updated_at, range_from_key, range_page";
      set = set.replace(", range_page = :page", "");
      v.remove(":page");
    }
    return advance(source, current, set, v, now);
  }

  /** The range held no (more) rows: it is closed without moving the position. */
  public boolean finishRange(String source, Watermark current, Instant now) {
    return advance(source, current, "REMOVE range_upper, range_from_updated_at, range_from_key, range_page", new HashMap<>(), now);
  }

  private boolean advance(String source, Watermark current, String update, Map<String, AttributeValue> values, Instant now) {
    values.put(":v", AttributeValue.fromN(Long.toString(current.version())));
    values.put(":one", AttributeValue.fromN("1"));
    values.put(":now", AttributeValue.fromS(now.toString()));
    // SET clauses must come before REMOVE; version and timestamp go into the SET part
    String setExtra = "version = :v + :one, updated_at = :now";
    String expr;
    if (update.startsWith("SET ")) {
      int remove = update.indexOf(" REMOVE ");
      expr = remove < 0
          ? update + ", " + setExtra
          : update.substring(0, remove) + ", " + setExtra + update.substring(remove);
    } else {
      expr = "SET " + setExtra + " " + update;
    }
    String condition = current.version() == 0 ? "attribute_not_exists(pk)" : "version = :v";
    if (current.version() == 0) {
      values.remove(":v");
      expr = expr.replace("version = :v + :one", "version = :one");
    }
    String finalExpr = expr;
    try {
      dynamo.updateItem(
          b -> b.tableName(table).key(key(source)).conditionExpression(condition).updateExpression(finalExpr)
              .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  private static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }
}
