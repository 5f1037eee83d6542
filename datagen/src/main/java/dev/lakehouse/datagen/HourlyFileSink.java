package dev.lakehouse.datagen;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Writes the lines of one source into one file per arrival hour.
 *
 * <p>On-time lines are streamed straight to their hour's file. Late arrivals and duplicate copies
 * are "deferred": held back and appended to the end of their target file when the sink closes, so
 * a copy always comes after its original and a late record lands among what arrived that hour.
 * Files are opened lazily, so hours without records get no file.
 */
final class HourlyFileSink implements Closeable {

  private static final int BUFFER_CHARS = 1 << 16;

  private final Path dir;
  private final LongFunction<String> fileNameForHour;
  private final String header;
  private final Map<Long, Writer> writers = new TreeMap<>();
  private final TreeMap<Long, List<String>> deferred = new TreeMap<>();
  private long lines;
  private boolean closed;

  /**
   * @param header first line of every file (CSV), or {@code null} for none (JSONL)
   */
  HourlyFileSink(Path dir, LongFunction<String> fileNameForHour, String header) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.fileNameForHour = fileNameForHour;
    this.header = header;
  }

  void write(long epochHour, String line) throws IOException {
    Writer w = writerFor(epochHour);
    w.write(line);
    w.write('\n');
    lines++;
  }

  /** Appends {@code line} to the hour's file after all on-time lines, in call order. */
  void defer(long epochHour, String line) {
    deferred.computeIfAbsent(epochHour, h -> new ArrayList<>()).add(line);
  }

  int files() {
    return writers.size();
  }

  /** Lines written so far (header excluded); complete only after {@link #close()}. */
  long lines() {
    return lines;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException failure = null;
    try {
      for (Map.Entry<Long, List<String>> e : deferred.entrySet()) {
        for (String line : e.getValue()) {
          write(e.getKey(), line);
        }
      }
      deferred.clear();
    } catch (IOException e) {
      failure = e;
    }
    for (Writer w : writers.values()) {
      try {
        w.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private Writer writerFor(long epochHour) throws IOException {
    Writer w = writers.get(epochHour);
    if (w == null) {
      Path file = dir.resolve(fileNameForHour.apply(epochHour));
      // CREATE_NEW: a drop never silently overwrites or appends to an existing file.
      w =
          new BufferedWriter(
              new OutputStreamWriter(
                  Files.newOutputStream(file, StandardOpenOption.CREATE_NEW),
                  StandardCharsets.UTF_8),
              BUFFER_CHARS);
      writers.put(epochHour, w);
      if (header != null) {
        w.write(header);
        w.write('\n');
      }
    }
    return w;
  }
}
