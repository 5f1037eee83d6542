package dev.lakehouse.datagen;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** All time formatting lives here: UTC, Locale.ROOT, fixed patterns, so output never varies. */
final class Timestamps {

  static final long SECOND = 1_000L;
  static final long MINUTE = 60 * SECOND;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter FILE_HOUR_DASH =
      DateTimeFormatter.ofPattern("yyyyMMdd-HH", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter FILE_HOUR_UNDERSCORE =
      DateTimeFormatter.ofPattern("yyyyMMdd_HH", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** 2026-11-01T14:30:00.123Z (clickstream, orders). */
  static String isoMillis(long epochMillis) {
    StringBuilder sb = new StringBuilder(24);
    appendDateTime(sb, epochMillis, 'T');
    sb.append('.');
    pad(sb, (int) Math.floorMod(epochMillis, SECOND), 3);
    return sb.append('Z').toString();
  }

  /** 2026-11-01 14:45:00 (transactions, users.updated_at); sub-second part dropped. */
  static String sqlSeconds(long epochMillis) {
    StringBuilder sb = new StringBuilder(19);
    appendDateTime(sb, epochMillis, ' ');
    return sb.toString();
  }

  /*
   * The two formats above are written by hand: DateTimeFormatter was a sizeable share of the
   * generation time at scale 10. TimestampsTest checks them against DateTimeFormatter.
   */
  private static void appendDateTime(StringBuilder sb, long epochMillis, char separator) {
    LocalDateTime t =
        LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, SECOND), 0, ZoneOffset.UTC);
    pad(sb, t.getYear(), 4);
    sb.append('-');
    pad(sb, t.getMonthValue(), 2);
    sb.append('-');
    pad(sb, t.getDayOfMonth(), 2);
    sb.append(separator);
    pad(sb, t.getHour(), 2);
    sb.append(':');
    pad(sb, t.getMinute(), 2);
    sb.append(':');
    pad(sb, t.getSecond(), 2);
  }

  private static void pad(StringBuilder sb, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      sb.append('0');
    }
    sb.append(digits);
  }

  static String date(LocalDate date) {
    return DATE.format(date.atStartOfDay(ZoneOffset.UTC));
  }

  /** 20261101-14, for clickstream-/orders- file names. */
  static String fileHourDash(long epochHour) {
    return FILE_HOUR_DASH.format(Instant.ofEpochMilli(epochHour * HOUR));
  }

  /** 20261101_14, for transactions_ file names. */
  static String fileHourUnderscore(long epochHour) {
    return FILE_HOUR_UNDERSCORE.format(Instant.ofEpochMilli(epochHour * HOUR));
  }

  static long epochHour(long epochMillis) {
    return Math.floorDiv(epochMillis, HOUR);
  }

  static long startOfDay(LocalDate date) {
    return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** Same month, day and time of day, but in 2100: obviously wrong, still parseable. */
  static long movedToYear2100(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis)
        .atZone(ZoneOffset.UTC)
        .withYear(2100)
        .toInstant()
        .toEpochMilli();
  }
}
