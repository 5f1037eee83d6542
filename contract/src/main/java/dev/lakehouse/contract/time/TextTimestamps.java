package dev.lakehouse.contract.time;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * The timestamp text forms sources send, read as one UTC instant: ISO-8601 with {@code T} or a
 * space, optional fraction (up to nanoseconds), and an optional offset ({@code Z}, {@code +02:00},
 * {@code -0500}, or PostgreSQL's {@code +00}); no offset means UTC. The same forms the silver jobs'
 * cast accepts, so a row the source systems take is one silver can type.
 */
public final class TextTimestamps {
  private static final DateTimeFormatter FORMAT =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart().appendLiteral('T').optionalEnd()
          .optionalStart().appendLiteral(' ').optionalEnd()
          .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
          .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
          .optionalStart().appendLiteral(' ').optionalEnd()
          // lenient "+HH": minutes optional, colon or not as the text has it; Z for zero
          .optionalStart().parseLenient().appendOffset("+HH", "Z").parseStrict().optionalEnd()
          .toFormatter()
          .withResolverStyle(java.time.format.ResolverStyle.STRICT)
          .withZone(ZoneOffset.UTC);

  private TextTimestamps() {}

  /** The instant as a UTC wall-clock time, or empty when the text is not one of the accepted forms. */
  public static Optional<LocalDateTime> parseUtc(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.ofInstant(java.time.Instant.from(FORMAT.parse(text.trim())), ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
