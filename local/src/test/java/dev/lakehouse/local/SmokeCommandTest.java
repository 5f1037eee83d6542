package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contract.Source;
import dev.lakehouse.datagen.GeneratorConfig;
import dev.lakehouse.datagen.SourceDropGenerator;
import dev.lakehouse.local.ops.PipelineSmoke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staging smoke test's parts that need no AWS: what it uploads, how many records, what it checks. */
class SmokeCommandTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 3);

  @Test
  void theTinyDropLandsItsThreeFileSourcesUnderTheirLandingPrefixesAndIsCountedRecordForRecord(@TempDir Path dir) throws Exception {
    SourceDropGenerator.generate(GeneratorConfig.defaults().withSeed(7).withScale(0.02).withWindow(DAY, 1), dir.resolve("drop"));
    DropLander.landFiles(dir.resolve("drop"), dir.resolve("landed"));

    List<PipelineSmoke.Upload> uploads = PipelineSmoke.uploads(dir.resolve("landed"));
    assertThat(uploads).isNotEmpty().allSatisfy(u -> assertThat(u.key()).matches("landing/(clickstream|transactions|users)/.+"));
    assertThat(uploads).extracting(u -> u.key().split("/")[1]).contains("clickstream", "transactions", "users");
    // counted from the generated drop itself: every clickstream line, every CSV row below its header
    Map<Source, Long> records = PipelineSmoke.records(uploads);
    assertThat(records.get(Source.CLICKSTREAM)).isEqualTo(lines(dir.resolve("drop/clickstream"), 0)).isPositive();
    assertThat(records.get(Source.TRANSACTIONS)).isEqualTo(lines(dir.resolve("drop/transactions"), 1)).isPositive();
    assertThat(records.get(Source.USERS)).isEqualTo(lines(dir.resolve("drop/users"), 1)).isPositive();
    assertThat(records).doesNotContainKey(Source.ORDERS);
  }

  @Test
  void theChecksAskForABalancedRunThatReadWhatWasLandedPublishedGoldAndLeftSessionsOnTheDay() {
    List<PipelineSmoke.Check> checks = PipelineSmoke.checks("smoke-1", DAY, Map.of(Source.CLICKSTREAM, 120L, Source.USERS, 40L));
    assertThat(checks).extracting(PipelineSmoke.Check::sql).anyMatch(q -> q.contains("ops.reconciliation") && q.contains("NOT balanced"))
        .anyMatch(q -> q.contains("ops.gold_runs") && q.contains("'published'")).anyMatch(q -> q.contains("gold.user_session_analysis"));
    PipelineSmoke.Check unbalanced = checks.get(0);
    assertThat(unbalanced.expected().test(0)).isTrue();
    assertThat(unbalanced.expected().test(1)).isFalse();
    PipelineSmoke.Check clicks = checks.stream().filter(c -> c.parameters().equals(List.of("smoke-1", "clickstream"))).findFirst().orElseThrow();
    assertThat(clicks.expected().test(120)).isTrue();
    assertThat(clicks.expected().test(119)).as("a record lost on the way").isFalse();
    PipelineSmoke.Check sessions = checks.get(checks.size() - 1);
    assertThat(sessions.parameters()).containsExactly("2026-11-03");
    assertThat(sessions.expected().test(0)).isFalse();
  }

  @Test
  void smokeNeedsAnEnvironmentAndHasHelp() {
    CliRun help = CliRun.of("smoke", "--help");
    assertThat(help.exit()).as(help.err()).isZero();
    assertThat(help.out()).contains("usage: ./lakehouse smoke", "--env=ENV", "--scale=S", "--timeout-minutes=M", "Exit codes");
    CliRun none = CliRun.of("smoke");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("Missing required option: '--env=ENV'");
    CliRun unknown = CliRun.of("smoke", "--env", "qa");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("--env qa: no ");
  }

  private static long lines(Path dir, int headerLines) throws IOException {
    long n = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        n += Math.max(0, Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count() - headerLines);
      }
    }
    return n;
  }
}
