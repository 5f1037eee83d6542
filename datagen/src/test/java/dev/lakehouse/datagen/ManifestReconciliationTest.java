package dev.lakehouse.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The manifest must say exactly what an independent re-read of the files finds. */
class ManifestReconciliationTest {

  static Stream<Arguments> drops() {
    return Stream.of(
        Arguments.of("defaults", SharedDrops.defaults()),
        Arguments.of("high rates", SharedDrops.highRates()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("drops")
  void clickstreamCountsMatchTheFiles(String name, SharedDrops.Drop drop) {
    assertMatches(drop.manifest().clickstream(), DropAudit.clickstream(drop.dir()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("drops")
  void ordersCountsMatchTheFiles(String name, SharedDrops.Drop drop) {
    assertMatches(drop.manifest().orders(), DropAudit.orders(drop.dir()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("drops")
  void transactionsCountsMatchTheFiles(String name, SharedDrops.Drop drop) {
    assertMatches(drop.manifest().transactions(), DropAudit.transactions(drop.dir()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("drops")
  void usersCountsMatchTheFiles(String name, SharedDrops.Drop drop) {
    assertMatches(drop.manifest().users(), DropAudit.users(drop.dir()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("drops")
  void manifestFileIsTheReturnedManifest(String name, SharedDrops.Drop drop) throws IOException {
    DropManifest onDisk =
        new ObjectMapper().readValue(drop.dir().resolve("manifest.json").toFile(),
            DropManifest.class);
    assertThat(onDisk).isEqualTo(drop.manifest());
    assertThat(onDisk.seed()).isEqualTo(drop.config().seed());
    assertThat(onDisk.baseDate()).isEqualTo(drop.config().baseDate().toString());
  }

  @Test
  void manifestListsEachSourcesPossibleAnomaliesEvenWhenZero() {
    DropManifest m = SharedDrops.defaults().manifest();
    assertThat(m.source("clickstream").anomalies()).containsOnlyKeys(
        "corrupt", "null_required", "future_timestamp", "unknown_event_type", "duplicate", "late");
    assertThat(m.source("orders").anomalies()).containsOnlyKeys(
        "corrupt", "null_required", "future_timestamp", "bad_total", "unknown_status",
        "duplicate", "late");
    assertThat(m.source("transactions").anomalies()).containsOnlyKeys(
        "corrupt", "null_required", "future_timestamp", "negative_amount", "non_numeric_amount",
        "duplicate", "late");
    assertThat(m.source("users").anomalies()).containsOnlyKeys(
        "corrupt", "null_required", "duplicate", "updated_version");
  }

  @Test
  void highRatesDropReallyContainsEveryAnomaly() {
    DropManifest m = SharedDrops.highRates().manifest();
    for (String source : DropManifest.SOURCES) {
      assertThat(m.source(source).anomalies().values()).as(source).allMatch(n -> n >= 5);
    }
  }

  @Test
  void injectedCountsAreNearTheConfiguredRates() {
    SharedDrops.Drop drop = SharedDrops.highRates();
    SourceCounts c = drop.manifest().clickstream();
    // Duplicates add lines, so the per-record base is records minus duplicates.
    double base = c.records() - c.anomaly("duplicate");
    assertThat(c.anomaly("late") / base).isCloseTo(0.06, within(0.01));
    assertThat(c.anomaly("duplicate") / base).isCloseTo(0.04, within(0.01));
    // Purchase events are spared identity-breaking anomalies, hence slightly below 0.03.
    assertThat(c.anomaly("corrupt") / base).isCloseTo(0.029, within(0.006));
    double users = drop.manifest().users().records()
        - drop.manifest().users().anomaly("duplicate")
        - drop.manifest().users().anomaly("updated_version");
    assertThat(drop.manifest().users().anomaly("updated_version") / users)
        .isCloseTo(0.03, within(0.015));
  }

  @Test
  void extremeRatesStillReconcile() {
    GeneratorConfig everythingCorrupt =
        new GeneratorConfig(3, 0.05, LocalDate.of(2026, 1, 1), 1, 0, 0, 1, 0, 0, 0, 0, 0);
    SharedDrops.Drop drop = SharedDrops.generate("all-corrupt", everythingCorrupt);
    Path dir = drop.dir();
    assertMatches(drop.manifest().clickstream(), DropAudit.clickstream(dir));
    assertMatches(drop.manifest().orders(), DropAudit.orders(dir));
    assertMatches(drop.manifest().transactions(), DropAudit.transactions(dir));
    assertMatches(drop.manifest().users(), DropAudit.users(dir));
    // Every order event and transaction is corrupt; one user row is kept valid so sessions and
    // orders have someone to point at.
    assertThat(drop.manifest().orders().anomaly("corrupt"))
        .isEqualTo(drop.manifest().orders().records());
    assertThat(drop.manifest().transactions().anomaly("corrupt"))
        .isEqualTo(drop.manifest().transactions().records());
    assertThat(drop.manifest().users().anomaly("corrupt"))
        .isEqualTo(drop.manifest().users().records() - 1);
  }

  @Test
  void zeroRatesGiveCleanFilesExceptUserUpdates() {
    GeneratorConfig clean =
        new GeneratorConfig(5, 0.1, LocalDate.of(2026, 11, 1), 1, 0, 0, 0, 0, 0, 0, 0, 0);
    SharedDrops.Drop drop = SharedDrops.generate("clean", clean);
    assertThat(DropAudit.clickstream(drop.dir()).anomalies()).isEmpty();
    assertThat(DropAudit.orders(drop.dir()).anomalies()).isEmpty();
    assertThat(DropAudit.transactions(drop.dir()).anomalies()).isEmpty();
    assertThat(DropAudit.users(drop.dir()).anomalies()).containsOnlyKeys("updated_version");
    assertMatches(drop.manifest().users(), DropAudit.users(drop.dir()));
  }

  @Test
  void tinyScaleStillHasOneOfEach() {
    SharedDrops.Drop drop =
        SharedDrops.generate("tiny", GeneratorConfig.defaults().withScale(1e-4));
    DropManifest m = drop.manifest();
    assertThat(m.users().records()).isGreaterThanOrEqualTo(1);
    assertThat(m.clickstream().records()).isGreaterThanOrEqualTo(2); // a session has 2+ events
    assertThat(m.transactions().records()).isGreaterThanOrEqualTo(1);
    assertThat(m.orders().records()).isGreaterThanOrEqualTo(2); // an order has 2+ events
    assertMatches(m.clickstream(), DropAudit.clickstream(drop.dir()));
    assertMatches(m.orders(), DropAudit.orders(drop.dir()));
    assertMatches(m.transactions(), DropAudit.transactions(drop.dir()));
    assertMatches(m.users(), DropAudit.users(drop.dir()));
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  private static void assertMatches(SourceCounts manifest, DropAudit.Recount files) {
    assertThat(files.anomalies()).doesNotContainKey("SMALL_TOTAL_MISMATCH");
    assertThat(files.files()).as("files").isEqualTo(manifest.files());
    assertThat(files.records()).as("records").isEqualTo(manifest.records());
    assertThat(files.anomalies()).as("anomalies").isEqualTo(nonZero(manifest.anomalies()));
  }

  private static Map<String, Long> nonZero(Map<String, Long> counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> {
      if (v != 0) {
        out.put(k, v);
      }
    });
    return out;
  }
}
