package dev.lakehouse.datagen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a drop back from disk the way a consumer would: by file-name pattern and line by line.
 * Deliberately shares no code with the generator.
 */
final class DropFiles {

  static final Pattern CLICKSTREAM_FILE =
      Pattern.compile("clickstream-(\\d{8})-(\\d{2})\\.jsonl");
  static final Pattern ORDERS_FILE = Pattern.compile("orders-(\\d{8})-(\\d{2})\\.jsonl");
  static final Pattern TRANSACTIONS_FILE =
      Pattern.compile("transactions_(\\d{8})_(\\d{2})\\.csv");

  private static final DateTimeFormatter FILE_HOUR =
      DateTimeFormatter.ofPattern("yyyyMMddHH", Locale.ROOT);

  /** One line of a data file with the start of its file's hour (epoch millis). */
  record Line(String file, long fileHourStartMillis, String text) {}

  private DropFiles() {}

  static List<Path> files(Path drop, String source) {
    try (Stream<Path> s = Files.list(drop.resolve(source))) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** All lines of an hourly source, header dropped if {@code header} is given. */
  static List<Line> hourlyLines(Path drop, String source, Pattern fileName, String header) {
    List<Line> out = new ArrayList<>();
    for (Path f : files(drop, source)) {
      Matcher m = fileName.matcher(f.getFileName().toString());
      if (!m.matches()) {
        throw new AssertionError("unexpected file name " + f);
      }
      long hourStart =
          LocalDateTime.parse(m.group(1) + m.group(2), FILE_HOUR)
              .toInstant(ZoneOffset.UTC)
              .toEpochMilli();
      List<String> lines = readLines(f);
      int from = 0;
      if (header != null) {
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
          throw new AssertionError(f + " does not start with the header");
        }
        from = 1;
      }
      for (String line : lines.subList(from, lines.size())) {
        out.add(new Line(f.getFileName().toString(), hourStart, line));
      }
    }
    return out;
  }

  static List<String> readLines(Path file) {
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      if (content.isEmpty()) {
        return List.of();
      }
      if (!content.endsWith("\n")) {
        throw new AssertionError(file + " does not end with a newline");
      }
      return List.of(content.substring(0, content.length() - 1).split("\n", -1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
