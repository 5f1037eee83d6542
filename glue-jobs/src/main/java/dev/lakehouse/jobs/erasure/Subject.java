package dev.lakehouse.jobs.erasure;

import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.schema.Column;
import dev.lakehouse.contract.schema.TableSpec;
import dev.lakehouse.jobs.ops.Sql;
import dev.lakehouse.jobs.silver.Pii;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A data subject as the lake knows them: every email and id that the request names or that the
 * lake ties to them (a users row or an order carries both), and what finds their rows in any table:
 * id columns, clear emails (bronze), keyed email hashes (silver) and raw text (bronze, rejected).
 */
public final class Subject {
  private static final Set<String> EMAIL_HASH_COLUMNS = Set.of("email_hash", "customer_email_hash");
  private static final Set<String> RAW_COLUMNS = Set.of("raw_value", "raw_record");

  private final Set<String> emails;
  private final Set<String> ids;
  private final Set<String> emailHashes;

  private Subject(Set<String> emails, Set<String> ids, Pii pii) {
    this.emails = emails;
    this.ids = ids;
    this.emailHashes = emails.stream().map(pii::hash).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * The request's identifiers plus those the lake links to them, until nothing new appears. The
   * tables read here are erased last, so a request stopped midway still resolves on a re-run.
   */
  static Subject resolve(SparkSession spark, ErasureRequest request, Pii pii) {
    Set<String> emails = new LinkedHashSet<>(request.emails());
    Set<String> ids = new LinkedHashSet<>(request.ids());
    // two steps only: the request's emails to their ids, those ids to their other emails (a shared
    // email in the data would otherwise pull in more and more people)
    for (int step = 0; step < 2; step++) {
      Subject s = new Subject(emails, ids, pii);
      ids.addAll(values(spark, "SELECT user_id FROM " + Tables.BRONZE_USERS + " WHERE " + s.emailIn("email")));
      ids.addAll(values(spark, "SELECT customer_id FROM " + Tables.BRONZE_ORDERS + " WHERE " + s.emailIn("customer_email")));
      ids.addAll(values(spark, "SELECT user_id FROM " + Tables.SILVER_USERS + " WHERE " + s.in("email_hash", s.emailHashes)));
      ids.addAll(values(spark, "SELECT customer_id FROM " + Tables.SILVER_ORDERS + " WHERE " + s.in("customer_email_hash", s.emailHashes)));
      emails.addAll(values(spark, "SELECT lower(trim(email)) FROM " + Tables.BRONZE_USERS + " WHERE " + s.in("user_id", ids)));
      emails.addAll(values(spark, "SELECT lower(trim(customer_email)) FROM " + Tables.BRONZE_ORDERS + " WHERE " + s.in("customer_id", ids)));
      emails.removeIf(e -> !ErasureRequest.isEmail(e));
      ids.removeIf(id -> !ErasureRequest.isId(id));
    }
    return new Subject(emails, ids, pii);
  }

  private static List<String> values(SparkSession spark, String sql) {
    return spark.sql(sql).collectAsList().stream().map(r -> r.isNullAt(0) ? "" : r.getString(0)).filter(v -> !v.isBlank())
        .map(String::trim).toList();
  }

  public Set<String> emails() {
    return emails;
  }

  public Set<String> ids() {
    return ids;
  }

  /**
   * The rows of {@code spec}'s table that belong to the subject, as a SQL predicate; empty when the
   * table has no column that can identify a person.
   */
  public Optional<String> predicate(TableSpec spec) {
    List<String> any = new ArrayList<>();
    boolean parsed = spec.columns().stream().anyMatch(c -> c.name().equals("parse_error"));
    for (Column c : spec.columns()) {
      String name = c.name();
      if (Pii.ID_COLUMNS.contains(name)) {
        any.add(in(name, ids));
      } else if (Pii.EMAIL_COLUMNS.contains(name)) {
        any.add(emailIn(name));
      } else if (EMAIL_HASH_COLUMNS.contains(name)) {
        any.add(in(name, emailHashes));
      } else if (RAW_COLUMNS.contains(name) && !(emails.isEmpty() && ids.isEmpty())) {
        // a parsed bronze row is found by its columns; its text is searched only when it did not parse
        any.add((parsed ? "(parse_error IS NOT NULL AND " : "(") + name + " RLIKE " + Sql.literal(textPattern().pattern()) + ")");
      }
    }
    any.removeIf(p -> p.equals("false"));
    return any.isEmpty() ? Optional.empty() : Optional.of("(" + String.join(" OR ", any) + ")");
  }

  /**
   * An email (any case) or an id (exact) standing alone in free text: a raw record, a landed line.
   * Not inside a longer id ({@code 1234} in {@code USR-1234} or {@code 1234.5}), nor an email that
   * continues ({@code a@b.co} in {@code a@b.co.uk}).
   */
  public Pattern textPattern() {
    List<String> alternatives = new ArrayList<>();
    emails.forEach(e -> alternatives.add("(?<![A-Za-z0-9._%+-])(?i:" + Pattern.quote(e) + ")(?![A-Za-z0-9-]|\\.[A-Za-z0-9])"));
    ids.forEach(id -> alternatives.add("(?<![A-Za-z0-9_.:-])" + Pattern.quote(id) + "(?![A-Za-z0-9_:-]|\\.[A-Za-z0-9])"));
    return Pattern.compile(alternatives.isEmpty() ? "(?!)" : String.join("|", alternatives));
  }

  private String emailIn(String column) {
    return emails.isEmpty() ? "false" : "lower(trim(" + column + ")) IN (" + literals(emails) + ")";
  }

  private String in(String column, Set<String> values) {
    return values.isEmpty() ? "false" : column + " IN (" + literals(values) + ")";
  }

  private static String literals(Set<String> values) {
    return values.stream().map(Sql::literal).collect(Collectors.joining(", "));
  }

  /** How many identifiers, for messages (never the identifiers themselves). */
  public String describe() {
    return String.format(Locale.ROOT, "%d email(s), %d id(s)", emails.size(), ids.size());
  }
}
