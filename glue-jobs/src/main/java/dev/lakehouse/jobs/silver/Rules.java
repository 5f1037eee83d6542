package dev.lakehouse.jobs.silver;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.lakehouse.contract.quality.RejectReason;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Builds the {@code reason_codes} column: every blocking rule a row fails, in declaration order
 * (an empty array means the row is valid). Rules are plain Spark SQL predicates.
 */
public final class Rules {
  public static final String REASONS = "reason_codes";

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

  public Column reasons() {
    return filter(array(checks.toArray(Column[]::new)), c -> c.isNotNull());
  }
}
