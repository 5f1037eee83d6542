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
import java.util.Optional;
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
  /** A users row's {@code updated_at} as the generator writes it, at the end of the line. */
  private static final Pattern USERS_TIME = Pattern.compile(",(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}:\\d{2})$");
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
   * Users change during the drop: every {@code every}-th valid user gets a row with another
   * country, stamped at a time spread over the drop's hours (appended to the users CSV, as the
   * table's history is); returns how many.
   */
  static int addUsersChanges(Path drop, int every) throws IOException {
    List<LocalDateTime> hours = files(drop.resolve("clickstream")).stream().map(DropSplit::hourOf).sorted().toList();
    long span = java.time.Duration.between(hours.get(0), hours.get(hours.size() - 1)).toMinutes();
    DateTimeFormatter csvTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    int added = 0;
    for (Path f : files(drop.resolve("users"))) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      List<CSVRecord> valid = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (String line : lines.subList(1, lines.size())) {
        Optional<CSVRecord> r = usersRow(line);
        if (r.isPresent() && USERS_TIME.matcher(line).find() && seen.add(r.get().get(0))) {
          valid.add(r.get());
        }
      }
      List<String> countries = valid.stream().map(r -> r.get(4)).filter(c -> !c.isBlank()).distinct().sorted().toList();
      List<String> changes = new ArrayList<>();
      for (int i = every - 1; i < valid.size(); i += every) {
        List<String> v = new ArrayList<>(valid.get(i).toList());
        v.set(4, countries.get((countries.indexOf(v.get(4)) + 1) % countries.size()));
        v.set(5, hours.get(0).plusMinutes(37 + (added * 397L) % span).format(csvTime));
        changes.add(CSVFormat.DEFAULT.format(v.toArray()));
        added++;
      }
      Files.write(f, changes, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }
    return added;
  }

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
        Optional<CSVRecord> r = usersRow(line);
        int d = 0;
        if (r.isPresent() && !seen.add(r.get().get(0))) {
          try {
            LocalDateTime changed = LocalDateTime.parse(r.get().get(5).replace(' ', 'T'));
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

  /**
   * Reshapes a delivery the way partners name and stamp files, keeping every instant: clickstream
   * files renamed {@code events-YYYY-MM-DD-HH[-stem].jsonl}, the first one {@code events-extra.jsonl}
   * (no date-hour: its modification time is set to its hour), users' {@code updated_at} as
   * {@code …T…Z}, with a {@code +02:00} offset and a fraction, or PostgreSQL's {@code …+00}.
   * Returns how many users rows the generator broke on purpose (no table row, no key, no time).
   */
  static long partnerShape(Path delivery) throws IOException {
    List<Path> clicks = files(delivery.resolve("clickstream"));
    for (int i = 0; i < clicks.size(); i++) {
      Path f = clicks.get(i);
      LocalDateTime hour = hourOf(f);
      String stem = f.getFileName().toString().substring(0, f.getFileName().toString().indexOf('-'));
      String name = i == 0 ? "events-extra.jsonl"
          : "events-" + hour.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HH")) + (stem.equals("clickstream") ? "" : "-" + stem) + ".jsonl";
      Path moved = Files.move(f, f.resolveSibling(name));
      if (i == 0) {
        Files.setLastModifiedTime(moved, java.nio.file.attribute.FileTime.from(hour.plusMinutes(30).toInstant(ZoneOffset.UTC)));
      }
    }
    long broken = 0;
    DateTimeFormatter plusTwo = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'.000+02:00'");
    for (Path users : files(delivery.resolve("users"))) {
      List<String> lines = Files.readAllLines(users, StandardCharsets.UTF_8);
      for (int i = 1; i < lines.size(); i++) {
        Matcher m = USERS_TIME.matcher(lines.get(i));
        if (usersRow(lines.get(i)).isEmpty() || !m.find()) {
          broken++;
          continue;
        }
        LocalDateTime t = LocalDateTime.parse(m.group(1) + "T" + m.group(2));
        String iso = switch (i % 3) {
          case 0 -> m.group(1) + "T" + m.group(2) + "Z";
          case 1 -> t.plusHours(2).format(plusTwo);
          default -> m.group(1) + " " + m.group(2) + "+00";
        };
        lines.set(i, lines.get(i).substring(0, m.start()) + "," + iso);
      }
      Files.write(users, lines, StandardCharsets.UTF_8);
    }
    return broken;
  }

  /** The users table row a CSV line holds (one record of six fields, with a key); empty for a row the generator broke. */
  private static Optional<CSVRecord> usersRow(String line) throws IOException {
    List<CSVRecord> r = CSVFormat.DEFAULT.parse(new StringReader(line)).getRecords();
    return r.size() == 1 && r.get(0).size() == 6 && !r.get(0).get(0).isBlank() ? Optional.of(r.get(0)) : Optional.empty();
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
