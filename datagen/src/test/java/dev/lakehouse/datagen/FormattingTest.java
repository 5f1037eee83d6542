package dev.lakehouse.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-rolled formatters agree with the JDK on many instants, edges included. */
class FormattingTest {

  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SQL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Test
  void timestampsMatchDateTimeFormatter() {
    long[] edges = {
      0L, 999L, 1000L, Instant.parse("2026-11-01T00:00:00Z").toEpochMilli(),
      Instant.parse("2100-02-28T23:59:59.999Z").toEpochMilli(),
      Instant.parse("2024-02-29T12:00:00.001Z").toEpochMilli()
    };
    for (long t : edges) {
      assertFormats(t);
    }
    SplittableRandom rng = new SplittableRandom(1);
    long from = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
    long to = Instant.parse("2101-01-01T00:00:00Z").toEpochMilli();
    for (int i = 0; i < 20_000; i++) {
      assertFormats(from + rng.nextLong(to - from));
    }
  }

  @Test
  void year2100KeepsMonthDayAndTime() {
    long t = Instant.parse("2026-11-02T03:04:05.678Z").toEpochMilli();
    assertThat(Timestamps.isoMillis(Timestamps.movedToYear2100(t)))
        .isEqualTo("2100-11-02T03:04:05.678Z");
  }

  @Test
  void idsArePaddedNotTruncated() {
    assertThat(Ids.of("EVT-", 1, 8)).isEqualTo("EVT-00000001");
    assertThat(Ids.of("USR-", 12345, 5)).isEqualTo("USR-12345");
    assertThat(Ids.of("USR-", 123456, 5)).isEqualTo("USR-123456");
  }

  @Test
  void cardNumbersAreSixteenDigitLuhn() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < 1000; i++) {
      String card = CardNumbers.next(rng);
      assertThat(card).matches("4\\d{15}");
      int sum = 0;
      for (int k = 0; k < 16; k++) {
        int d = card.charAt(15 - k) - '0';
        sum += k % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
      }
      assertThat(sum % 10).as(card).isZero();
    }
  }

  @Test
  void nonNumericAmountsNeverParse() {
    assertThat(TransactionsSource.nonNumeric("12.50")).isEqualTo("12,5O");
    for (String amount : new String[] {"5.00", "1500.00", "99.99"}) {
      String bad = TransactionsSource.nonNumeric(amount);
      assertThat(isDecimal(bad)).as(bad).isFalse();
    }
  }

  @Test
  void corruptJsonNeverParses() {
    String line = "{\"event_id\":\"EVT-00000001\",\"a\":{\"b\":1},\"c\":\"d\"}";
    assertThat(DropAudit.parseOrNull(line)).isNotNull();
    assertThat(DropAudit.parseOrNull(JsonLines.corrupt(line, true))).isNull();
    assertThat(DropAudit.parseOrNull(JsonLines.corrupt(line, false))).isNull();
    assertThat(JsonLines.corrupt(line, false))
        .isEqualTo("{\"event_id\":\"EVT-00000001\",\"a\":{\"b\":1}, garbage");
  }

  private static void assertFormats(long t) {
    Instant i = Instant.ofEpochMilli(t);
    assertThat(Timestamps.isoMillis(t)).isEqualTo(ISO.format(i));
    assertThat(Timestamps.sqlSeconds(t)).isEqualTo(SQL.format(i));
  }

  private static boolean isDecimal(String s) {
    try {
      new BigDecimal(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
