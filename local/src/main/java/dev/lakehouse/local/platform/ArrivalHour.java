package dev.lakehouse.local.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hour a drop file arrived, for the Firehose layout ({@code year=/month=/day=/hour=}): the
 * date-hour in its name when it has one ({@code 20261101-05}, {@code 2026-11-01-05},
 * {@code 2026-11-01T05}, {@code 20261101_05}), else its modification time (UTC).
 */
record ArrivalHour(LocalDateTime hour, boolean fromName) {
  private static final Pattern DATE_HOUR = Pattern.compile("(?<!\\d)(\\d{4})-?(\\d{2})-?(\\d{2})[-_T](\\d{2})(?!\\d)");

  static ArrivalHour of(Path file) throws IOException {
    Optional<LocalDateTime> named = fromName(file.getFileName().toString());
    if (named.isPresent()) {
      return new ArrivalHour(named.get(), true);
    }
    LocalDateTime modified = LocalDateTime.ofInstant(Files.getLastModifiedTime(file).toInstant(), ZoneOffset.UTC);
    return new ArrivalHour(modified.truncatedTo(ChronoUnit.HOURS), false);
  }

  static Optional<LocalDateTime> fromName(String name) {
    Matcher m = DATE_HOUR.matcher(name);
    int from = 0;
    while (m.find(from)) {
      try {
        return Optional.of(LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
            Integer.parseInt(m.group(4)), 0));
      } catch (DateTimeException e) {
        from = m.start() + 1; // digits that are no date-hour (an id, a version): look further along the name
      }
    }
    return Optional.empty();
  }

  /** The Firehose-style key prefix of this hour under {@code prefix} (which ends in a slash). */
  String keyPrefix(String prefix) {
    return String.format(java.util.Locale.ROOT, "%syear=%04d/month=%02d/day=%02d/hour=%02d/", prefix, hour.getYear(), hour.getMonthValue(),
        hour.getDayOfMonth(), hour.getHour());
  }
}
