package dev.lakehouse.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArrivalHourTest {
  @ParameterizedTest
  @CsvSource({
      "clickstream-20261101-05.jsonl, 2026-11-01T05:00",
      "clickstream-d2-20261104-23.jsonl, 2026-11-04T23:00",
      "events-2025-11-03-00.jsonl, 2025-11-03T00:00",
      "events-2025-11-03T07.jsonl, 2025-11-03T07:00",
      "events_20251103_07.jsonl, 2025-11-03T07:00",
      "batch-12345678-20251103-07.jsonl, 2025-11-03T07:00"})
  void aDateHourInTheNameIsTheArrivalHour(String name, String hour) {
    assertThat(ArrivalHour.fromName(name)).contains(LocalDateTime.parse(hour));
  }

  @ParameterizedTest
  @CsvSource({"events.jsonl", "events-2025-13-03-00.jsonl", "events-2025-11-03-24.jsonl", "part-00000-c000.jsonl", "events-20251103.jsonl"})
  void aNameWithoutAValidDateHourHasNone(String name) {
    assertThat(ArrivalHour.fromName(name)).isEmpty();
  }

  @Test
  void withoutOneTheModificationTimeSaysWhenTheFileArrived(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
    Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2025-11-03T07:42:10Z")));
    ArrivalHour a = ArrivalHour.of(f);
    assertThat(a.fromName()).isFalse();
    assertThat(a.hour()).isEqualTo(LocalDateTime.parse("2025-11-03T07:00"));
    assertThat(a.keyPrefix("landing/clickstream/")).isEqualTo("landing/clickstream/year=2025/month=11/day=03/hour=07/");
    assertThat(ArrivalHour.of(Files.writeString(dir.resolve("events-2026-01-02-03.jsonl"), "{}\n")).fromName()).isTrue();
  }

  @Test
  void theObjectNameCarriesTheContentSoARedeliveryIsANewObject() {
    assertThat(SourceSystems.versioned("events.jsonl", "0123456789abcdef")).isEqualTo("events-01234567.jsonl");
    assertThat(SourceSystems.versioned("events", "fedcba9876543210")).isEqualTo("events-fedcba98");
  }
}
