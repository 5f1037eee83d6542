package dev.lakehouse.datagen;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Recounts a drop's anomalies from the files alone, with the rules a data-quality check would use,
 * so the counts can be compared with what the generator claims in its manifest.
 */
final class DropAudit {

  static final String TRANSACTIONS_HEADER =
      "transaction_id,session_id,user_id,amount,currency,transaction_timestamp,card_number";
  static final String USERS_HEADER = "user_id,email,signup_date,device_type,country,updated_at";

  static final Set<String> EVENT_TYPES =
      Set.of("page_view", "click", "search", "add_to_cart", "remove_from_cart", "checkout",
          "purchase");
  static final Set<String> ORDER_STATUSES =
      Set.of("pending", "confirmed", "processing", "shipped", "cancelled");

  /** Floats as BigDecimal: money must be compared exactly, not via double. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final DateTimeFormatter SQL_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final long TWO_HOURS = 2 * 3_600_000L;

  /** What the files say about one source; anomalies holds only non-zero counts. */
  record Recount(long files, long records, Map<String, Long> anomalies) {}

  private DropAudit() {}

  static Recount clickstream(Path drop) {
    List<DropFiles.Line> lines =
        DropFiles.hourlyLines(drop, "clickstream", DropFiles.CLICKSTREAM_FILE, null);
    Map<String, Long> found = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (DropFiles.Line line : lines) {
      String kind;
      JsonNode n = parseOrNull(line.text());
      if (!seen.add(line.text())) {
        kind = "duplicate";
      } else if (n == null) {
        kind = "corrupt";
      } else if (isNull(n, "event_id") || isNull(n, "session_id") || isNull(n, "user_id")) {
        kind = "null_required";
      } else if (n.get("event_timestamp").asText().startsWith("2100-")) {
        kind = "future_timestamp";
      } else if (!EVENT_TYPES.contains(n.get("event_type").asText())) {
        kind = "unknown_event_type";
      } else if (isLate(isoMillis(n.get("event_timestamp").asText()), line)) {
        kind = "late";
      } else {
        continue;
      }
      found.merge(kind, 1L, Long::sum);
    }
    return new Recount(DropFiles.files(drop, "clickstream").size(), lines.size(), found);
  }

  static Recount orders(Path drop) {
    List<DropFiles.Line> lines =
        DropFiles.hourlyLines(drop, "orders", DropFiles.ORDERS_FILE, null);
    Map<String, Long> found = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (DropFiles.Line line : lines) {
      String kind;
      JsonNode n = parseOrNull(line.text());
      if (!seen.add(line.text())) {
        kind = "duplicate";
      } else if (n == null) {
        kind = "corrupt";
      } else if (isNull(n, "order_id")
          || isNull(n, "customer_id")
          || isNull(n, "total")
          || n.get("total").decimalValue().signum() == 0) {
        kind = "null_required";
      } else if (n.get("timestamp").asText().startsWith("2100-")) {
        kind = "future_timestamp";
      } else if (!ORDER_STATUSES.contains(n.get("status").asText())) {
        kind = "unknown_status";
      } else if (expectedTotal(n).compareTo(n.get("total").decimalValue()) != 0) {
        BigDecimal diff = expectedTotal(n).subtract(n.get("total").decimalValue()).abs();
        // Anything off by less than 1.00 is not an injected anomaly: a generator bug.
        kind = diff.compareTo(BigDecimal.ONE) >= 0 ? "bad_total" : "SMALL_TOTAL_MISMATCH";
      } else if (isLate(isoMillis(n.get("timestamp").asText()), line)) {
        kind = "late";
      } else {
        continue;
      }
      found.merge(kind, 1L, Long::sum);
    }
    return new Recount(DropFiles.files(drop, "orders").size(), lines.size(), found);
  }

  static Recount transactions(Path drop) {
    List<DropFiles.Line> lines =
        DropFiles.hourlyLines(
            drop, "transactions", DropFiles.TRANSACTIONS_FILE, TRANSACTIONS_HEADER);
    Map<String, Long> found = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (DropFiles.Line line : lines) {
      String kind;
      List<String> row = csv(line.text());
      if (!seen.add(line.text())) {
        kind = "duplicate";
      } else if (row.size() != 7) {
        kind = "corrupt";
      } else if (row.get(0).isEmpty()) {
        kind = "null_required";
      } else if (row.get(5).startsWith("2100-")) {
        kind = "future_timestamp";
      } else if (!isDecimal(row.get(3))) {
        kind = "non_numeric_amount";
      } else if (new BigDecimal(row.get(3)).signum() < 0) {
        kind = "negative_amount";
      } else if (isLate(sqlSeconds(row.get(5)), line)) {
        kind = "late";
      } else {
        continue;
      }
      found.merge(kind, 1L, Long::sum);
    }
    return new Recount(DropFiles.files(drop, "transactions").size(), lines.size(), found);
  }

  static Recount users(Path drop) {
    List<String> lines = DropFiles.readLines(drop.resolve("users").resolve("users.csv"));
    if (!lines.get(0).equals(USERS_HEADER)) {
      throw new AssertionError("users.csv header is " + lines.get(0));
    }
    List<String> rows = lines.subList(1, lines.size());
    Map<String, Long> found = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    Set<String> validUserIds = new HashSet<>();
    for (String line : rows) {
      String kind;
      List<String> row = csv(line);
      if (!seen.add(line)) {
        kind = "duplicate";
      } else if (row.size() != 6) {
        kind = "corrupt";
      } else if (row.get(0).isEmpty()) {
        kind = "null_required";
      } else if (!validUserIds.add(row.get(0))) {
        kind = "updated_version"; // a different row for a user we already have
      } else {
        continue;
      }
      found.merge(kind, 1L, Long::sum);
    }
    return new Recount(DropFiles.files(drop, "users").size(), rows.size(), found);
  }

  /** The record's timestamp lies at least 2 h before the start of the hour its file is named by. */
  private static boolean isLate(long recordMillis, DropFiles.Line line) {
    return line.fileHourStartMillis() - recordMillis >= TWO_HOURS;
  }

  static BigDecimal expectedTotal(JsonNode order) {
    return order
        .get("price")
        .decimalValue()
        .multiply(BigDecimal.valueOf(order.get("quantity").asInt()))
        .setScale(2, RoundingMode.HALF_UP);
  }

  static JsonNode parseOrNull(String line) {
    try {
      JsonNode n = JSON.readTree(line);
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  static boolean isNull(JsonNode n, String field) {
    return !n.hasNonNull(field);
  }

  static long isoMillis(String text) {
    return Instant.parse(text).toEpochMilli();
  }

  static long sqlSeconds(String text) {
    return LocalDateTime.parse(text, SQL_SECONDS).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  static boolean isDecimal(String text) {
    try {
      new BigDecimal(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static List<String> csv(String line) {
    try (CSVParser p = CSVParser.parse(line, CSVFormat.DEFAULT)) {
      List<CSVRecord> records = p.getRecords();
      if (records.size() != 1) {
        throw new AssertionError("not exactly one CSV record: " + line);
      }
      return records.get(0).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
