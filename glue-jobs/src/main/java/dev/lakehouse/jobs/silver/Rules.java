package dev.lakehouse.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.lakehouse.contract.quality.RejectReason;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Builds the reasons column: every blocking rule a row fails, in declaration order (empty means
 * the row is valid). Rules are plain Spark SQL predicates.
 */
public final class Rules {
  public static final String REASONS = "reason_text";

  private final List<Column> checks = new ArrayList<>();

  /** Adds a rule: when {@code failsWhen} is true the row gets {@code reason}. */
  public Rules reject(RejectReason reason, Column failsWhen) {
    checks.add(when(failsWhen, lit(reason.code())));
    return this;
  }

  /** Blank or null. */
  public static Column missing(String column) {
    return col(column).isNull().or(trim(col(column)).equalTo(""));
  }

  /** A value was given but the typed conversion produced null. */
  public static Column unconvertible(String raw, Column typed) {
    return col(raw).isNotNull().and(trim(col(raw)).notEqual("")).and(typed.isNull());
  }

  /**
   * Comma-separated codes of the failed rules ({@code ""} when valid). Plain {@code concat_ws}
   * skips nulls and runs in generated code, several times cheaper per row than building an array
   * and filtering it with a lambda.
   */
  public Column reasons() {
    return concat_ws(",", checks.toArray(Column[]::new));
  }

  /** A record bronze could not parse is only {@code corrupt_record}; field rules would be noise. */
  public Column reasonsUnlessCorrupt() {
    return when(col("parse_error").isNotNull(), lit(RejectReason.CORRUPT_RECORD.code())).otherwise(reasons());
  }

  public static Column isRejected() {
    return col(REASONS).notEqual("");
  }

  public static Column isValid() {
    return col(REASONS).equalTo("");
  }
}
