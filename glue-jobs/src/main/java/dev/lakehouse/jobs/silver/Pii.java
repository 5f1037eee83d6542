package dev.lakehouse.jobs.silver;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.instr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * PII masking and pseudonymisation as Spark SQL expressions (built-ins, run inside the JVM's
 * codegen), except the keyed hash: a UDF, so the key is never part of a plan. Emails and card
 * numbers never reach silver in clear.
 */
public final class Pii {
  /**
   * Email addresses inside free text (used to scrub raw rejected records). A match can only start
   * where a run of local-part characters starts, and the run is taken whole (possessive): without
   * that, every position inside every word of a long record was tried and backtracked, which made
   * scrubbing the costliest step of writing rejected rows.
   */
  public static final String EMAIL_IN_TEXT = "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@([A-Za-z0-9-]+\\.)+[A-Za-z]{2,}";
  /** 13–19 digit runs, optionally split by spaces or dashes: card-number shaped. */
  public static final String CARD_IN_TEXT = "(?<![0-9])(?:[0-9][ -]?){9,15}([0-9]{4})(?![0-9])";

  /** Columns that hold a person's user (= customer) id, in any layer. */
  public static final java.util.Set<String> ID_COLUMNS = java.util.Set.of("user_id", "customer_id");
  /** Columns that hold a person's email in clear (bronze). */
  public static final java.util.Set<String> EMAIL_COLUMNS = java.util.Set.of("email", "customer_email");

  /** Table property: how many keys of the chain the table's PII hashes carry (absent: 1). */
  public static final String KEY_COUNT_PROPERTY = "lakehouse.pii-key-count";

  private final List<String> keys;
  private final KeyedHash key;
  private final UserDefinedFunction hmac;

  /**
   * {@code hashKeys}: one key, or after rotations a JSON array of keys, oldest first
   * ({@code ["old...", "new..."]}); each at least 16 characters.
   */
  public Pii(String hashKeys) {
    this.keys = parseKeys(hashKeys);
    this.key = new KeyedHash(keys);
    this.hmac = functions.udf(key, DataTypes.StringType).withName("pii_hmac");
  }

  static List<String> parseKeys(String spec) {
    if (spec == null) {
      throw new IllegalArgumentException("PII hash key must be at least 16 characters");
    }
    List<String> keys;
    if (spec.strip().startsWith("[")) {
      try {
        keys = List.of(new com.fasterxml.jackson.databind.ObjectMapper().readValue(spec, String[].class));
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("PII hash keys: a JSON array of strings, oldest first (the message names no key)");
      }
    } else {
      keys = List.of(spec);
    }
    if (keys.isEmpty() || keys.stream().anyMatch(k -> k == null || k.length() < 16)) {
      throw new IllegalArgumentException("PII hash key must be at least 16 characters");
    }
    return keys;
  }

  /** How many keys the chain has: what a table's hashes must carry before this job may write it. */
  public int keyCount() {
    return keys.size();
  }

  /** Moves hashes made with the first {@code from} keys to all of them: the rest of the chain over the stored hex. */
  UserDefinedFunction rehashFunction(int from) {
    return functions.udf(new KeyedHash(keys.subList(from, keys.size())), DataTypes.StringType);
  }

  /** The keyed hash of one already-normalised value, in the driver (what {@link #keyedHash} gives a row). */
  public String hash(String normalisedValue) {
    return key.call(normalisedValue);
  }

  /** {@code jane.doe@example.com} → {@code j***@example.com}; anything not email-shaped is fully masked. */
  public static Column maskEmail(Column email) {
    return maskEmail(email, emailShaped(trim(email)));
  }

  /** As {@link #maskEmail(Column)}, given {@code shaped = emailShaped(trim(email))} already computed for the row. */
  public static Column maskEmail(Column email, Column shaped) {
    Column e = trim(email);
    return when(email.isNull(), lit(null).cast("string"))
        .when(shaped, concat(substring(e, 1, 1), lit("***@"), substring_index(e, "@", -1)))
        .otherwise(regexp_replace(email, ".", "*"));
  }

  /**
   * One '@' with text on both sides and no spaces. Plain string searches, no regex (LIKE patterns
   * such as {@code _%@_%} compile to a regex matched on every row) and no substr or length (each
   * counts the string's characters): they profiled as the costliest part of the orders projection.
   */
  public static Column emailShaped(Column e) {
    Column at = instr(e, "@");
    return at.gt(1)
        .and(e.endsWith("@").unary_$bang())
        .and(call_function("locate", lit("@"), e, at.plus(1)).equalTo(0))
        .and(instr(e, " ").equalTo(0));
  }

  /** {@code 4111111111111111} → {@code ************1111} (separators dropped). */
  public static Column maskCard(Column card) {
    Column digits = regexp_replace(card, "[^0-9]", "");
    return when(card.isNull(), lit(null).cast("string"))
        .otherwise(regexp_replace(digits, "[0-9](?=[0-9]{4})", "*"));
  }

  /**
   * HMAC-SHA256 (hex) of the normalised value: a stable join key that cannot be reversed or
   * recomputed without the key (Secrets Manager on AWS). Emails are trimmed and lower-cased
   * ({@code normaliseCase}), card numbers keep only their letters and digits.
   */
  public Column keyedHash(Column value, boolean normaliseCase) {
    return hmac.apply(normalised(value, normaliseCase));
  }

  /** HMAC-SHA256 (hex) of the value exactly as given (an id as the erasure request names it). */
  public Column keyedHashAsIs(Column value) {
    return hmac.apply(value);
  }

  /** The text the hash is taken of: what the erasure job hashes to find a subject's rows, too. */
  public static Column normalised(Column value, boolean normaliseCase) {
    return normaliseCase ? lower(trim(value)) : regexp_replace(value, "[^0-9A-Za-z]", "");
  }

  /**
   * SQL predicate for a data-quality rule: the column holds no clear email, i.e. every value with
   * an '@' has the masked shape {@code x***@domain} (LIKE, not regex: it runs on every row).
   */
  public static String maskedEmailPredicate(String column) {
    return column + " IS NULL OR " + column + " NOT LIKE '%@%' OR " + column + " LIKE '_***@%'";
  }

  /** International phone numbers (a leading +): timestamps and amounts never start with one. */
  public static final String PHONE_IN_TEXT = "\\+[0-9][0-9 ().-]{6,}[0-9]";
  /** The street of an address as the orders source sends it: a JSON field's value. */
  public static final String STREET_IN_JSON = "(\"street\"\\s*:\\s*\")[^\"]*(\")";

  /**
   * Scrubs every kind of personal data the sources carry in free text (emails, card numbers, phone
   * numbers, streets) out of it: raw records kept in rejected tables, clickstream event details.
   */
  public static Column scrub(Column text) {
    Column noEmail = regexp_replace(text, EMAIL_IN_TEXT, "***@***");
    Column noCard = regexp_replace(noEmail, CARD_IN_TEXT, "************$1");
    return regexp_replace(regexp_replace(noCard, PHONE_IN_TEXT, "+***"), STREET_IN_JSON, "$1***$2");
  }
}
