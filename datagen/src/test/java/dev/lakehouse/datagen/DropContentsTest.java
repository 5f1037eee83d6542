package dev.lakehouse.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shape, volumes and referential integrity of a default drop, read back from the files. */
class DropContentsTest {

  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final Map<String, Integer> LIFECYCLE_RANK =
      Map.of("pending", 0, "confirmed", 1, "processing", 2, "shipped", 3, "cancelled", 3);

  private static SharedDrops.Drop drop;
  private static long dropStart;
  private static long dropEnd;

  /** Parseable JSON lines with their file, including anomalous ones. */
  private static List<ParsedLine> clickLines;
  private static List<ParsedLine> orderLines;
  /** Records without any anomaly other than late / duplicate. */
  private static List<JsonNode> validEvents;
  private static List<JsonNode> validOrderEvents;
  private static List<List<String>> validTxns;
  private static List<List<String>> allTxnRows;
  /** Valid user rows, by user_id, in file order (first = initial version). */
  private static Map<String, List<List<String>>> usersById;
  private static List<List<String>> allUserRows;

  private record ParsedLine(DropFiles.Line line, JsonNode json) {}

  @BeforeAll
  static void readDrop() {
    drop = SharedDrops.defaults();
    LocalDate base = drop.config().baseDate();
    dropStart = DropAudit.sqlSeconds(base + " 00:00:00");
    dropEnd = dropStart + drop.config().days() * 24 * HOUR;

    clickLines = parsed(DropFiles.hourlyLines(drop.dir(), "clickstream",
        DropFiles.CLICKSTREAM_FILE, null));
    validEvents =
        clickLines.stream()
            .map(ParsedLine::json)
            .filter(n -> n.hasNonNull("event_id") && n.hasNonNull("session_id")
                && n.hasNonNull("user_id"))
            .filter(n -> !n.get("event_timestamp").asText().startsWith("2100"))
            .filter(n -> DropAudit.EVENT_TYPES.contains(n.get("event_type").asText()))
            .toList();

    orderLines =
        parsed(DropFiles.hourlyLines(drop.dir(), "orders", DropFiles.ORDERS_FILE, null));
    validOrderEvents =
        orderLines.stream()
            .map(ParsedLine::json)
            .filter(n -> n.hasNonNull("order_id") && n.hasNonNull("customer_id")
                && n.hasNonNull("total") && n.get("total").decimalValue().signum() != 0)
            .filter(n -> !n.get("timestamp").asText().startsWith("2100"))
            .filter(n -> DropAudit.ORDER_STATUSES.contains(n.get("status").asText()))
            .filter(n -> DropAudit.expectedTotal(n).compareTo(n.get("total").decimalValue()) == 0)
            .toList();

    allTxnRows =
        DropFiles.hourlyLines(drop.dir(), "transactions", DropFiles.TRANSACTIONS_FILE,
                DropAudit.TRANSACTIONS_HEADER)
            .stream()
            .map(l -> DropAudit.csv(l.text()))
            .toList();
    validTxns =
        allTxnRows.stream()
            .filter(r -> r.size() == 7 && !r.get(0).isEmpty() && !r.get(5).startsWith("2100")
                && DropAudit.isDecimal(r.get(3)) && new BigDecimal(r.get(3)).signum() > 0)
            .toList();

    List<String> userLines = DropFiles.readLines(drop.dir().resolve("users/users.csv"));
    allUserRows = userLines.subList(1, userLines.size()).stream().map(DropAudit::csv).toList();
    usersById = new LinkedHashMap<>();
    Set<List<String>> seenRows = new HashSet<>();
    for (List<String> row : allUserRows) {
      if (row.size() == 6 && !row.get(0).isEmpty() && seenRows.add(row)) {
        usersById.computeIfAbsent(row.get(0), k -> new ArrayList<>()).add(row);
      }
    }
  }

  @Test
  void layoutIsExactlyTheContract() throws IOException {
    try (Stream<Path> top = Files.list(drop.dir())) {
      assertThat(top.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "clickstream", "orders", "transactions", "users", "manifest.json");
    }
    assertThat(DropFiles.files(drop.dir(), "users"))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("users.csv");
    assertFileNames("clickstream", DropFiles.CLICKSTREAM_FILE);
    assertFileNames("orders", DropFiles.ORDERS_FILE);
    assertFileNames("transactions", DropFiles.TRANSACTIONS_FILE);
    for (String source : DropManifest.SOURCES) {
      for (Path f : DropFiles.files(drop.dir(), source)) {
        String content = Files.readString(f, StandardCharsets.UTF_8);
        assertThat(content).as(f.toString()).doesNotContain("\r").endsWith("\n");
        // No file without records: CSV files hold more than their header.
        assertThat(content.split("\n").length).as(f.toString())
            .isGreaterThan(source.equals("clickstream") || source.equals("orders") ? 0 : 1);
      }
    }
  }

  @Test
  void volumesMatchScaleOne() {
    Set<String> emails = allUserRows.stream().map(r -> r.get(1)).collect(Collectors.toSet());
    assertThat(emails).hasSize(2_000);

    Set<String> sessions =
        clickLines.stream()
            .map(p -> p.json().get("session_id"))
            .filter(n -> n != null && !n.isNull())
            .map(JsonNode::asText)
            .collect(Collectors.toSet());
    assertThat(sessions).hasSize(10_000);

    long distinctEventLines = clickLines.stream().map(p -> p.line().text()).distinct().count();
    assertThat(distinctEventLines).isBetween(47_000L, 53_000L);

    Set<String> orders =
        orderLines.stream()
            .map(p -> p.json().get("order_id"))
            .filter(n -> n != null && !n.isNull())
            .map(JsonNode::asText)
            .collect(Collectors.toSet());
    assertThat(orders).hasSize(5_000);
    long distinctOrderLines = orderLines.stream().map(p -> p.line().text()).distinct().count();
    assertThat(distinctOrderLines / 5_000.0).isBetween(3.4, 4.0);

    Set<String> purchaseSessions = purchaseSessionUsers().keySet();
    assertThat(purchaseSessions.size() / 10_000.0).isBetween(0.27, 0.33);
    // Every row, even a broken one, still names its session in column 2.
    Set<String> txnSessions = allTxnRows.stream().map(r -> r.get(1)).collect(Collectors.toSet());
    assertThat(txnSessions).isEqualTo(purchaseSessions);
  }

  @Test
  void clickstreamEventsPointAtRealUsersAndSessionsHaveOneUser() {
    List<String> unknownUsers = new ArrayList<>();
    List<String> sessionsWithTwoUsers = new ArrayList<>();
    Map<String, String> sessionUser = new HashMap<>();
    for (JsonNode e : validEvents) {
      String user = e.get("user_id").asText();
      if (!usersById.containsKey(user)) {
        unknownUsers.add(user);
      }
      String previous = sessionUser.putIfAbsent(e.get("session_id").asText(), user);
      if (previous != null && !previous.equals(user)) {
        sessionsWithTwoUsers.add(e.get("session_id").asText());
      }
    }
    assertThat(unknownUsers).isEmpty();
    assertThat(sessionsWithTwoUsers).isEmpty();
  }

  @Test
  void sessionsAreShortAndInsideTheDrop() {
    Map<String, List<Long>> times = new HashMap<>();
    for (JsonNode e : validEvents) {
      times.computeIfAbsent(e.get("session_id").asText(), k -> new ArrayList<>())
          .add(DropAudit.isoMillis(e.get("event_timestamp").asText()));
    }
    for (List<Long> t : times.values()) {
      long first = t.stream().min(Long::compare).orElseThrow();
      long last = t.stream().max(Long::compare).orElseThrow();
      assertThat(last - first).isLessThanOrEqualTo(60 * MINUTE);
      assertThat(first).isBetween(dropStart, dropEnd + HOUR);
    }
    double eventsPerSession = validEvents.stream().distinct().count() / (double) times.size();
    assertThat(eventsPerSession).isBetween(4.5, 5.5);
  }

  @Test
  void eventTimestampsAndDetailsAreWellFormed() {
    Pattern eventId = Pattern.compile("EVT-\\d{8}");
    Pattern sessionId = Pattern.compile("SES-\\d{7}");
    Pattern userId = Pattern.compile("USR-\\d{5}");
    Pattern timestamp = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    Set<String> devices = Set.of("iOS", "Android", "Web");
    List<JsonNode> malformed =
        validEvents.stream()
            .filter(e -> !eventId.matcher(e.get("event_id").asText()).matches()
                || !sessionId.matcher(e.get("session_id").asText()).matches()
                || !userId.matcher(e.get("user_id").asText()).matches()
                || !timestamp.matcher(e.get("event_timestamp").asText()).matches()
                || !e.get("event_details").get("page_url").asText().startsWith("/")
                || !devices.contains(e.get("event_details").get("device").asText()))
            .toList();
    assertThat(malformed).isEmpty();
  }

  @Test
  void everyTransactionBelongsToAPurchaseSessionOfTheSameUser() {
    Map<String, String> purchaseSessions = purchaseSessionUsers();
    Map<String, Long> purchaseTimes = purchaseTimes();
    for (List<String> t : validTxns) {
      assertThat(purchaseSessions).containsEntry(t.get(1), t.get(2));
      assertThat(usersById).containsKey(t.get(2));
      Long purchase = purchaseTimes.get(t.get(1));
      if (purchase != null) { // absent only when the purchase event has a year-2100 timestamp
        long delay = DropAudit.sqlSeconds(t.get(5)) - purchase;
        assertThat(delay).isGreaterThanOrEqualTo(MINUTE).isLessThan(10 * MINUTE);
      }
    }
    // One transaction per purchase session.
    Map<String, Set<String>> idsBySession = new HashMap<>();
    for (List<String> t : validTxns) {
      idsBySession.computeIfAbsent(t.get(1), k -> new HashSet<>()).add(t.get(0));
    }
    assertThat(idsBySession.values()).allMatch(ids -> ids.size() == 1);
  }

  @Test
  void transactionFieldsAreWellFormed() {
    for (List<String> t : validTxns) {
      assertThat(t.get(0)).matches("TXN-\\d{7}");
      assertThat(t.get(3)).matches("\\d+\\.\\d{2}");
      assertThat(t.get(4)).isIn("USD", "EUR", "PEN", "MXN");
      assertThat(t.get(5)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
      assertThat(t.get(6)).matches("\\d{16}");
      assertThat(luhnValid(t.get(6))).as(t.get(6)).isTrue();
    }
  }

  @Test
  void ordersPointAtRealUsersWithTheirEmail() {
    for (JsonNode o : validOrderEvents) {
      List<List<String>> rows = usersById.get(o.get("customer_id").asText());
      assertThat(rows).as(o.get("customer_id").asText()).isNotNull();
      assertThat(rows).anyMatch(r -> r.get(1).equals(o.get("customer_email").asText()));
    }
  }

  @Test
  void orderEventsRepeatTheSameOrderAndUseTheCatalog() {
    Map<String, JsonNode> firstByOrder = new HashMap<>();
    Map<String, BigDecimal> priceByProduct = new HashMap<>();
    Set<String> states = new TreeSet<>();
    List<String> changed = new ArrayList<>();
    for (JsonNode o : validOrderEvents) {
      JsonNode first = firstByOrder.putIfAbsent(o.get("order_id").asText(), o);
      if (first != null) {
        for (String f :
            List.of("product_id", "product_name", "quantity", "price", "total", "customer_id",
                "customer_email", "payment_method", "shipping_address")) {
          if (!o.get(f).equals(first.get(f))) {
            changed.add(o.get("order_id").asText() + "." + f);
          }
        }
      }
      BigDecimal price = o.get("price").decimalValue();
      BigDecimal known = priceByProduct.putIfAbsent(o.get("product_id").asText(), price);
      assertThat(known == null || known.compareTo(price) == 0).isTrue();
      assertThat(o.get("quantity").asInt()).isBetween(1, 5);
      assertThat(o.get("payment_method").asText())
          .isIn("credit_card", "debit_card", "paypal", "bank_transfer", "apple_pay");
      assertThat(o.get("shipping_address").get("country").asText()).isEqualTo("USA");
      states.add(o.get("shipping_address").get("state").asText());
    }
    assertThat(changed).isEmpty();
    assertThat(priceByProduct.keySet())
        .hasSize(15)
        .allMatch(id -> id.matches("PROD-0(0[1-9]|1[0-5])"));
    assertThat(states).hasSizeBetween(10, 14);
  }

  @Test
  void orderLifecyclesAreOrderedAndEndAtMostOnce() {
    Map<String, List<JsonNode>> byOrder =
        validOrderEvents.stream()
            .distinct()
            .collect(Collectors.groupingBy(o -> o.get("order_id").asText()));
    int shipped = 0;
    int cancelled = 0;
    for (List<JsonNode> events : byOrder.values()) {
      List<JsonNode> sorted = new ArrayList<>(events);
      sorted.sort(Comparator.comparingLong(o -> DropAudit.isoMillis(o.get("timestamp").asText())));
      for (int i = 1; i < sorted.size(); i++) {
        JsonNode prev = sorted.get(i - 1);
        JsonNode next = sorted.get(i);
        int step = rank(next) - rank(prev);
        assertThat(step).as("%s after %s", next, prev).isPositive();
        if (step == 1) {
          long gap = DropAudit.isoMillis(next.get("timestamp").asText())
              - DropAudit.isoMillis(prev.get("timestamp").asText());
          assertThat(gap).isBetween(5 * MINUTE, 12 * HOUR);
        }
      }
      Set<String> statuses =
          events.stream().map(o -> o.get("status").asText()).collect(Collectors.toSet());
      assertThat(statuses.contains("shipped") && statuses.contains("cancelled")).isFalse();
      shipped += statuses.contains("shipped") ? 1 : 0;
      cancelled += statuses.contains("cancelled") ? 1 : 0;
      for (JsonNode o : events) {
        boolean isCancelled = o.get("status").asText().equals("cancelled");
        assertThat(o.get("cancellation_reason").isNull()).isEqualTo(!isCancelled);
      }
    }
    assertThat(shipped / (double) byOrder.size()).isBetween(0.71, 0.79);
    assertThat(cancelled / (double) byOrder.size()).isBetween(0.09, 0.15);
  }

  @Test
  void recordsArriveInTheirOwnHourUnlessLateOrACopy() {
    Map<String, Integer> occurrences = new HashMap<>();
    Stream.concat(clickLines.stream(), orderLines.stream())
        .forEach(p -> occurrences.merge(p.line().text(), 1, Integer::sum));
    List<ParsedLine> all = new ArrayList<>(clickLines);
    all.addAll(orderLines);
    int late = 0;
    for (ParsedLine p : all) {
      JsonNode ts = p.json().has("event_timestamp")
          ? p.json().get("event_timestamp") : p.json().get("timestamp");
      if (ts.asText().startsWith("2100")) {
        continue;
      }
      long t = DropAudit.isoMillis(ts.asText());
      long recordHourStart = Math.floorDiv(t, HOUR) * HOUR;
      long fileHour = p.line().fileHourStartMillis();
      if (fileHour - t >= 2 * HOUR) {
        late++;
        assertThat(fileHour - t).isLessThanOrEqualTo(48 * HOUR);
      } else if (fileHour != recordHourStart) {
        // Only a duplicate copy may land one hour later.
        assertThat(fileHour).isEqualTo(recordHourStart + HOUR);
        assertThat(occurrences.get(p.line().text())).isGreaterThan(1);
      }
    }
    assertThat(late).isPositive();
  }

  @Test
  void userRowsAreWellFormed() {
    LocalDate base = drop.config().baseDate();
    long updatesEnd = dropEnd;
    int updated = 0;
    for (List<List<String>> versions : usersById.values()) {
      List<String> initial = versions.get(0);
      assertThat(initial.get(0)).matches("USR-\\d{5}");
      assertThat(initial.get(1)).matches("[a-z]+\\.[a-z]+\\d+@example\\.com");
      LocalDate signup = LocalDate.parse(initial.get(2));
      assertThat(signup).isBetween(base.minusYears(2), base.minusDays(1));
      assertThat(DropAudit.sqlSeconds(initial.get(5)))
          .isBetween(DropAudit.sqlSeconds(initial.get(2) + " 00:00:00"), dropStart - 1);
      for (List<String> row : versions) {
        assertThat(row.get(3)).isIn("iOS", "Android", "Web");
        assertThat(row.get(4)).isIn("PE", "US", "MX", "CO", "CL", "ES", "BR");
      }
      for (int i = 1; i < versions.size(); i++) {
        List<String> newer = versions.get(i);
        updated++;
        assertThat(DropAudit.sqlSeconds(newer.get(5)))
            .isGreaterThan(DropAudit.sqlSeconds(initial.get(5)))
            .isLessThan(updatesEnd);
        assertThat(newer.subList(0, 3)).isEqualTo(initial.subList(0, 3));
        assertThat(!newer.get(3).equals(initial.get(3)) || !newer.get(4).equals(initial.get(4)))
            .isTrue();
      }
    }
    assertThat(updated).isEqualTo(drop.manifest().users().anomaly("updated_version"));
  }

  private static Map<String, String> purchaseSessionUsers() {
    Map<String, String> out = new HashMap<>();
    for (JsonNode e : validEvents) {
      if (e.get("event_type").asText().equals("purchase")) {
        out.put(e.get("session_id").asText(), e.get("user_id").asText());
      }
    }
    // Purchase events whose timestamp was moved to 2100 still identify the session.
    for (ParsedLine p : clickLines) {
      JsonNode e = p.json();
      if (e.get("event_type").asText().equals("purchase") && e.hasNonNull("session_id")) {
        out.putIfAbsent(e.get("session_id").asText(), e.get("user_id").asText());
      }
    }
    return out;
  }

  private static Map<String, Long> purchaseTimes() {
    Map<String, Long> out = new HashMap<>();
    for (JsonNode e : validEvents) {
      if (e.get("event_type").asText().equals("purchase")) {
        out.put(e.get("session_id").asText(),
            DropAudit.isoMillis(e.get("event_timestamp").asText()));
      }
    }
    return out;
  }

  private static int rank(JsonNode order) {
    return LIFECYCLE_RANK.get(order.get("status").asText());
  }

  /** Independent Luhn check (sum of digits, doubling every second one from the right). */
  private static boolean luhnValid(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
    }
    return sum % 10 == 0;
  }

  private static void assertFileNames(String source, Pattern pattern) {
    assertThat(DropFiles.files(drop.dir(), source))
        .isNotEmpty()
        .allMatch(p -> pattern.matcher(p.getFileName().toString()).matches());
  }

  private static List<ParsedLine> parsed(List<DropFiles.Line> lines) {
    List<ParsedLine> out = new ArrayList<>();
    for (DropFiles.Line l : lines) {
      JsonNode n = DropAudit.parseOrNull(l.text());
      if (n != null) {
        out.add(new ParsedLine(l, n));
      }
    }
    return out;
  }
}
