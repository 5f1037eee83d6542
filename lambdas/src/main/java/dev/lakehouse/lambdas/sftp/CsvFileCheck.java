package dev.lakehouse.lambdas.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Validates a CSV file while it streams past (commons-csv, RFC 4180: quoted fields may hold
 * commas, quotes and newlines; CRLF or LF). Strict UTF-8: a malformed byte fails the file.
 *
 * <p>File-level faults (empty file, a header that is not the contract's — a wrong delimiter shows
 * up here —, bad encoding, unterminated quotes) fail the whole file. Row-level faults (wrong
 * column count, an empty required field) are counted: such rows still land in bronze, where
 * silver rejects each with its reason, unless they exceed {@code maxInvalidRowRatio} of the
 * file, which then fails whole. A refusal's detail names counts, positions and recognised header
 * names only, never a field's value.
 */
public final class CsvFileCheck {
  /** Why a whole file was refused; written to the ledger and the quarantine object's metadata. */
  /** {@code LANDING_FAILED} is no judgement of the content: the file could not be landed in its attempts. */
  public enum Reason { EMPTY_FILE, HEADER_MISMATCH, INVALID_UTF8, MALFORMED_CSV, TOO_MANY_INVALID_ROWS, LANDING_FAILED }

  public record Result(Reason reason, String detail, long rows, long wrongColumnCount, long missingRequired) {
    public boolean passed() {
      return reason == null;
    }

    public long invalidRows() {
      return wrongColumnCount + missingRequired;
    }
  }

  private final List<String> header;
  private final int[] required;
  private final double maxInvalidRowRatio;

  public CsvFileCheck(List<String> header, List<String> requiredColumns, double maxInvalidRowRatio) {
    this.header = List.copyOf(header);
    this.required = requiredColumns.stream().mapToInt(c -> {
      int i = header.indexOf(c);
      if (i < 0) {
        throw new IllegalArgumentException("required column " + c + " is not in the header " + header);
      }
      return i;
    }).toArray();
    this.maxInvalidRowRatio = maxInvalidRowRatio;
  }

  /** Reads {@code in} to its end (unless the file fails early) and judges it. */
  public Result check(InputStream in) throws IOException {
    Reader reader =
        new InputStreamReader(
            in,
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    long rows = 0;
    long wrongCount = 0;
    long missing = 0;
    try (CSVParser parser = CSVFormat.RFC4180.builder().build().parse(reader)) {
      Iterator<CSVRecord> it = parser.iterator();
      if (!it.hasNext()) {
        return new Result(Reason.EMPTY_FILE, "the file has no header line", 0, 0, 0);
      }
      List<String> got = new ArrayList<>();
      it.next().forEach(got::add);
      if (!got.equals(header)) {
        return new Result(Reason.HEADER_MISMATCH, describeHeader(got), 0, 0, 0);
      }
      while (it.hasNext()) {
        CSVRecord r = it.next();
        rows++;
        if (r.size() != header.size()) {
          wrongCount++;
        } else if (anyRequiredEmpty(r)) {
          missing++;
        }
      }
    } catch (UncheckedIOException e) {
      return fromParseFailure(e.getCause(), rows);
    } catch (CharacterCodingException e) {
      return fromParseFailure(e, rows);
    } catch (IllegalStateException e) {
      // commons-csv reports an unterminated quoted field as IllegalStateException(IOException)
      return new Result(Reason.MALFORMED_CSV, malformed(rows, e), rows, wrongCount, missing);
    }
    if (rows > 0 && (double) (wrongCount + missing) / rows > maxInvalidRowRatio) {
      return new Result(
          Reason.TOO_MANY_INVALID_ROWS,
          String.format(
              java.util.Locale.ROOT,
              "%d of %d rows invalid (%d wrong column count, %d missing a required field), above the %.1f%% limit",
              wrongCount + missing, rows, wrongCount, missing, maxInvalidRowRatio * 100),
          rows, wrongCount, missing);
    }
    return new Result(null, null, rows, wrongCount, missing);
  }

  private boolean anyRequiredEmpty(CSVRecord r) {
    for (int i : required) {
      if (r.get(i).isBlank()) {
        return true;
      }
    }
    return false;
  }

  private Result fromParseFailure(Throwable cause, long rows) throws IOException {
    if (cause instanceof CharacterCodingException) {
      return new Result(Reason.INVALID_UTF8, "bytes that are not UTF-8 after data row " + rows, rows, 0, 0);
    }
    if (cause instanceof CSVException || cause instanceof IOException io && isCsvSyntax(io)) {
      return new Result(Reason.MALFORMED_CSV, malformed(rows, cause), rows, 0, 0);
    }
    // a transport failure (connection dropped): not the file's fault, so it is not judged
    throw cause instanceof IOException io ? io : new IOException(cause);
  }

  private static boolean isCsvSyntax(IOException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("EOF reached before encapsulated token finished") || m.contains("invalid char between encapsulated token");
  }

  /**
   * What was found instead of the header, by shape only: the first line of a file without a header is
   * a data row (card numbers, ids), and this text goes to the ledger, the quarantine object and the logs.
   */
  private String describeHeader(List<String> got) {
    List<String> recognised = got.stream().map(String::strip).filter(header::contains).toList();
    String hint = got.size() == 1 && got.get(0).matches(".*[;\t|].*") ? " (looks like a different delimiter)" : "";
    return "expected the header " + String.join(",", header) + " (" + header.size() + " columns) but the first line has " + got.size()
        + " columns, " + recognised.size() + " of them header names" + (recognised.isEmpty() ? "" : " " + recognised) + hint;
  }

  /** A parser's complaint by kind and position only: its message may quote the field it stopped in. */
  private static String malformed(long rows, Throwable e) {
    String m = String.valueOf(e.getMessage());
    String kind = m.contains("EOF reached before encapsulated token finished") ? "a quoted field is not closed"
        : m.contains("invalid char between encapsulated token") ? "a character between a closing quote and the delimiter"
        : "malformed CSV";
    return kind + " after data row " + rows;
  }
}
