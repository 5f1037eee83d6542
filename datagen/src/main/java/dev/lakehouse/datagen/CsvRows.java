package dev.lakehouse.datagen;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;

/** Renders CSV rows with commons-csv (RFC 4180 quoting when needed), '\n' record separator. */
final class CsvRows {

  static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();

  private CsvRows() {}

  /** One row without the trailing newline. Any number of values (corrupt rows vary it). */
  static String render(String... values) {
    StringBuilder sb = new StringBuilder(128);
    try {
      for (int i = 0; i < values.length; i++) {
        FORMAT.print(values[i], sb, i == 0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }
}
