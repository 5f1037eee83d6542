package dev.lakehouse.local;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Reads every string value of every silver and gold table and reports clear PII: an email
 * address, or a card-shaped number that passes the Luhn check. {@code *_hash} columns must hold
 * 64-hex-digit hashes.
 */
final class PiiScan {
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\\.)+[A-Za-z]{2,}");
  /**
   * How card numbers are written: 13–19 digits in one run, in groups of four (4-4-4-4 and longer),
   * or Amex/Diners style (4-6-5, 4-6-4), with one separator used throughout, standing alone (no
   * letter or digit glued on either side). Looser shapes flagged ordinary coordinates: ~10 % of
   * random digit runs pass Luhn, so a timestamp such as {@code 2026-11-24-02-09-20} inside a landed
   * object key, or the random number in a temporary directory name, failed the scan on some days.
   */
  private static final Pattern CARD =
      Pattern.compile(
          "(?<![0-9A-Za-z])(?:[0-9]{13,19}|[0-9]{4}([ -])[0-9]{4}\\1[0-9]{4}\\1[0-9]{1,7}|[0-9]{4}([ -])[0-9]{6}\\2[0-9]{4,5})(?![0-9A-Za-z])");

  record Result(long scanned, List<String> findings) {}

  private PiiScan() {}

  /** {@code catalog}: the prefix of the namespaces, e.g. {@code ""} or {@code "run."}. */
  static Result silverAndGold(SparkSession spark, String catalog) {
    List<String> findings = new ArrayList<>();
    long scanned = 0;
    for (String ns : List.of("silver", "gold")) {
      for (Row t : spark.sql("SHOW TABLES IN " + catalog + ns).collectAsList()) {
        String table = catalog + ns + "." + t.getString(1);
        List<String> columns = java.util.Arrays.stream(spark.table(table).schema().fields())
            .filter(f -> f.dataType().equals(DataTypes.StringType)).map(StructField::name).toList();
        if (columns.isEmpty()) {
          continue;
        }
        // one read of the table: its string columns together
        for (Row r : spark.table(table).selectExpr(columns.stream().map(c -> "`" + c + "`").toArray(String[]::new)).collectAsList()) {
          for (int i = 0; i < columns.size(); i++) {
            if (r.isNullAt(i)) {
              continue;
            }
            String column = columns.get(i);
            String v = r.getString(i);
            scanned++;
            if (column.endsWith("_hash")) {
              if (!v.matches("[0-9a-f]{64}")) {
                findings.add(table + "." + column + ": not a hash: '" + v + "'");
              }
              continue;
            }
            if (EMAIL.matcher(v).find()) {
              findings.add(table + "." + column + ": email in '" + v + "'");
            }
            if (!cardNumbersIn(v).isEmpty()) {
              findings.add(table + "." + column + ": card number in '" + v + "'");
            }
          }
        }
      }
    }
    return new Result(scanned, findings);
  }

  /** The card-shaped, Luhn-valid numbers written in {@code text}. */
  static List<String> cardNumbersIn(String text) {
    List<String> cards = new ArrayList<>();
    Matcher m = CARD.matcher(text);
    while (m.find()) {
      if (luhn(m.group().replaceAll("[^0-9]", ""))) {
        cards.add(m.group());
      }
    }
    return cards;
  }

  static boolean luhn(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      sum += i % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
    }
    return sum % 10 == 0;
  }
}
