package dev.lakehouse.contract.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextTimestampsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2023-03-12 08:02:28|2023-03-12T08:02:28",
      "2023-03-12T08:02:28|2023-03-12T08:02:28",
      "2023-03-12T08:02:28Z|2023-03-12T08:02:28",
      "2023-03-12t08:02:28z|2023-03-12T08:02:28",
      "2023-03-12T08:02:28.125Z|2023-03-12T08:02:28.125",
      "2023-03-12T10:02:28+02:00|2023-03-12T08:02:28",
      "2023-03-12T03:02:28-0500|2023-03-12T08:02:28",
      "2023-03-12 08:02:28+00|2023-03-12T08:02:28",
      "2023-03-12 09:02:28.5+01|2023-03-12T08:02:28.5",
      "2023-03-12 08:02:28.123456789+00:00|2023-03-12T08:02:28.123456789",
      "2023-03-12 08:02:28 +00|2023-03-12T08:02:28",
      "2023-03-12 00:30:00+01|2023-03-11T23:30:00",
      "2023-03-12 08:02|2023-03-12T08:02:00"})
  void readsIsoAndPostgresFormsAsTheSameUtcInstant(String text, String utc) {
    assertThat(TextTimestamps.parseUtc(text)).contains(LocalDateTime.parse(utc));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "12/03/2023 08:02", "2023-03-12", "2023-03-12T25:00:00Z", "2023-03-12T08:02:28ZZ",
      "2023-03-12T08:02:28+2", "yesterday", "2023-02-30 08:00:00"})
  void refusesWhatIsNotATimestamp(String text) {
    assertThat(TextTimestamps.parseUtc(text)).isEmpty();
  }
}
