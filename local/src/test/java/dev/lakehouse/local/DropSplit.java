package dev.lakehouse.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.contract.quality.Domains;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Test data over time: adds re-sends to a generated drop, and cuts a drop into consecutive
 * deliveries by arrival hour, as a source would deliver it day by day.
 */
final class DropSplit {
  private static final Pattern HOUR = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})[-_](\\d{2})\\.(jsonl|csv)$");
  private static final DateTimeFormatter FILE_HOUR = DateTimeFormatter.ofPattern("yyyyMMdd-HH");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SOURCES = List.of("clickstream", "orders", "transactions", "users");
  /** A users row arrives this long after the change it records: often after the sessions it describes. */
  private static final long USERS_LAG_HOURS = 20;

  private DropSplit() {}

  /**
   * Re-sends every {@code every}-th valid clickstream event and transaction 30 h after its own
   * hour, with a time {@code 90 s} later (a producer's retry stamps a new time); returns how many
   * of each.
   */
  static ReSends addReSends(Path drop, int every) throws IOException {
    List<String> clicks = new ArrayList<>();
    LocalDateTime clickHour = null;
    int i = 0;
    for (Path f : files(drop.resolve("clickstream"))) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (++i % every != 0) {
          continue;
        }
        try {
          ObjectNode e = (ObjectNode) JSON.readTree(line);
          Instant t = Instant.parse(e.get("event_timestamp").asText());
          // only events silver accepts are re-sent: each re-send is then exactly one more duplicate
          boolean valid = Stream.of("event_id", "session_id", "user_id", "event_type").allMatch(k -> e.hasNonNull(k) && !e.get(k).asText().isBlank())
              && Domains.EVENT_TYPES.contains(e.get("event_type").asText()) && t.isBefore(Instant.parse("2099-01-01T00:00:00Z"));
          if (!valid) {
            continue;
          }
          e.put("event_timestamp", t.plusSeconds(90).toString());
          clicks.add(JSON.writeValueAsString(e));
          clickHour = max(clickHour, LocalDateTime.ofInstant(t, ZoneOffset.UTC).plusHours(30));
        } catch (IOException | RuntimeException notAnEvent) {
          // corrupt lines and bad timestamps are not re-sent
        }
      }
    }
    if (clickHour != null) {
      Files.write(drop.resolve("clickstream").resolve("resend-" + clickHour.format(FILE_HOUR) + ".jsonl"), clicks);
    }
    List<String> txns = new ArrayList<>();
    String header = null;
    LocalDateTime txnHour = null;
    DateTimeFormatter csvTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    int j = 0;
    for (Path f : files(drop.resolve("transactions"))) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      header = lines.get(0);
      for (String line : lines.subList(1, lines.size())) {
        if (++j % every != 0) {
          continue;
        }
        try {
          List<CSVRecord> r = CSVFormat.DEFAULT.parse(new StringReader(line)).getRecords();
          if (r.size() != 1 || r.get(0).size() != 7 || r.get(0).stream().limit(6).anyMatch(String::isBlank)
              || !r.get(0).get(3).matches("\\d+\\.\\d{2}") || !r.get(0).get(4).matches("[A-Z]{3}")) {
            continue; // only transactions silver accepts are re-sent
          }
          LocalDateTime t = LocalDateTime.parse(r.get(0).get(5), csvTime);
          if (t.getYear() > 2099) {
            continue;
          }
          List<String> v = new ArrayList<>(r.get(0).toList());
          v.set(5, t.plusSeconds(90).format(csvTime));
          txns.add(CSVFormat.DEFAULT.format(v.toArray()));
          txnHour = max(txnHour, t.plusHours(30));
        } catch (IOException | RuntimeException notATransaction) {
          // rows that are no valid transaction are not re-sent
        }
      }
    }
    if (txnHour != null) {
      txns.add(0, header);
      Files.write(drop.resolve("transactions").resolve("transactions_d9_" + txnHour.format(DateTimeFormatter.ofPattern("yyyyMMdd_HH")) + ".csv"), txns);
    }
    return new ReSends(clicks.size(), txnHour == null ? 0 : txns.size() - 1);
  }

  record ReSends(int clickstream, int transactions) {}

  /**
   * Cuts {@code drop} into {@code k} deliveries of consecutive arrival hours under {@code out}
   * ({@code out/1} … {@code out/k}). Hourly files go whole to the delivery of their hour. The users
   * table goes as it stood (each user's first row) in the first delivery; a user's later rows
   * arrive {@value #USERS_LAG_HOURS} h after their {@code updated_at}, in the delivery of that hour.
   */
  static List<Path> split(Path drop, int k, Path out) throws IOException {
    List<Path> hourly = new ArrayList<>();
    for (String s : List.of("clickstream", "orders", "transactions")) {
      hourly.addAll(files(drop.resolve(s)));
    }
    LocalDateTime first = hourly.stream().map(DropSplit::hourOf).min(LocalDateTime::compareTo).orElseThrow();
    LocalDateTime last = hourly.stream().map(DropSplit::hourOf).max(LocalDateTime::compareTo).orElseThrow();
    long span = java.time.Duration.between(first, last).toHours() + 1;
    List<Path> deliveries = new ArrayList<>();
    for (int d = 1; d <= k; d++) {
      Path dir = out.resolve(String.valueOf(d));
      for (String s : SOURCES) {
        Files.createDirectories(dir.resolve(s));
      }
      deliveries.add(dir);
    }
    for (Path f : hourly) {
      Path target = deliveries.get(delivery(hourOf(f), first, span, k)).resolve(f.getParent().getFileName()).resolve(f.getFileName());
      Files.copy(f, target);
    }
    List<List<String>> users = new ArrayList<>();
    for (int d = 0; d < k; d++) {
      users.add(new ArrayList<>());
    }
    Set<String> seen = new HashSet<>();
    for (Path f : files(drop.resolve("users"))) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      for (int d = 0; d < k; d++) {
        users.get(d).add(lines.get(0));
      }
      for (String line : lines.subList(1, lines.size())) {
        List<CSVRecord> r = CSVFormat.DEFAULT.parse(new StringReader(line)).getRecords();
        String id = r.size() == 1 && r.get(0).size() == 6 ? r.get(0).get(0) : "";
        int d = 0;
        if (!id.isEmpty() && !seen.add(id)) {
          try {
            LocalDateTime changed = LocalDateTime.parse(r.get(0).get(5).replace(' ', 'T'));
            d = delivery(changed.plusHours(USERS_LAG_HOURS), first, span, k);
          } catch (RuntimeException noTime) {
            d = 0;
          }
        }
        users.get(d).add(line);
      }
    }
    for (int d = 0; d < k; d++) {
      Files.write(deliveries.get(d).resolve("users").resolve("users-" + (d + 1) + ".csv"), users.get(d));
    }
    return deliveries;
  }

  private static int delivery(LocalDateTime hour, LocalDateTime first, long span, int k) {
    long h = java.time.Duration.between(first, hour).toHours();
    return (int) Math.max(0, Math.min(k - 1, h * k / span));
  }

  private static LocalDateTime hourOf(Path f) {
    Matcher m = HOUR.matcher(f.getFileName().toString());
    if (!m.find()) {
      throw new IllegalArgumentException("no arrival hour in " + f);
    }
    return LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)), 0);
  }

  private static LocalDateTime max(LocalDateTime a, LocalDateTime b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
