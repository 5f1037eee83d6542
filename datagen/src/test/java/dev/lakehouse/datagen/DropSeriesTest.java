package dev.lakehouse.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drop 2 of a series continues drop 1: later window, new files and ids, updates to the same users. */
class DropSeriesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GeneratorConfig FIRST = GeneratorConfig.defaults().withScale(0.05);
  private static Path first;
  private static Path second;

  @BeforeAll
  static void generate() throws IOException {
    first = TestDirs.newDir("drop1");
    second = TestDirs.newDir("drop2");
    SourceDropGenerator.generate(FIRST, first.resolve("d"));
    SourceDropGenerator.generate(FIRST.withDrop(2), second.resolve("d"));
  }

  @AfterAll
  static void cleanUp() {
    TestDirs.deleteRecursively(first);
    TestDirs.deleteRecursively(second);
  }

  @Test
  void theSecondDropCoversTheNextDaysInFilesOfItsOwn() throws IOException {
    assertThat(FIRST.withDrop(2).windowStart()).isEqualTo(FIRST.baseDate().plusDays(FIRST.days()));
    assertThat(Files.readString(second.resolve("d/manifest.json"))).contains("\"base_date\" : \"2026-11-04\"");
    for (String source : List.of("clickstream", "orders", "transactions", "users")) {
      Set<String> a = names(first.resolve("d").resolve(source));
      Set<String> b = names(second.resolve("d").resolve(source));
      assertThat(b).as(source).isNotEmpty().doesNotContainAnyElementsOf(a);
    }
  }

  @Test
  void noEventOrderOrTransactionIdIsShared() throws IOException {
    assertThat(ids(second, "clickstream", "event_id")).doesNotContainAnyElementsOf(ids(first, "clickstream", "event_id"));
    assertThat(ids(second, "orders", "order_id")).doesNotContainAnyElementsOf(ids(first, "orders", "order_id"));
    assertThat(csvColumn(second, "transactions", 0)).doesNotContainAnyElementsOf(csvColumn(first, "transactions", 0));
  }

  @Test
  void theSecondDropUpdatesUsersOfTheFirstInsideItsOwnWindow() throws IOException {
    Set<String> firstUsers = csvColumn(first, "users", 0);
    LocalDate start = FIRST.withDrop(2).windowStart();
    int updates = 0;
    for (String line : lines(second.resolve("d/users"))) {
      String[] f = line.split(",", -1);
      if (f.length == 6 && !f[5].isEmpty() && f[5].compareTo(start.toString()) >= 0) {
        assertThat(firstUsers).contains(f[0]);
        updates++;
      }
    }
    assertThat(updates).as("users updated in drop 2's window").isPositive();
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new HashSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }

  private static List<String> lines(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().flatMap(f -> {
        try {
          List<String> all = Files.readAllLines(f);
          return f.toString().endsWith(".csv") ? all.stream().skip(1) : all.stream();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  private static Set<String> ids(Path drop, String source, String field) throws IOException {
    Set<String> out = new HashSet<>();
    for (String line : lines(drop.resolve("d").resolve(source))) {
      try {
        var node = JSON.readTree(line);
        if (node != null && node.hasNonNull(field)) {
          out.add(node.get(field).asText());
        }
      } catch (IOException corrupt) {
        // corrupt lines are part of the drop; they carry no id to compare
      }
    }
    assertThat(out).as(source + " ids").isNotEmpty();
    return out;
  }

  private static Set<String> csvColumn(Path drop, String source, int column) throws IOException {
    Set<String> out = new HashSet<>();
    for (String line : lines(drop.resolve("d").resolve(source))) {
      String[] f = line.split(",", -1);
      if (f.length > column && !f[column].isEmpty()) {
        out.add(f[column]);
      }
    }
    return out;
  }
}
