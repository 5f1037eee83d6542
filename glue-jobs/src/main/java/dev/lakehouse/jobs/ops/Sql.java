package dev.lakehouse.jobs.ops;

/** Tiny helpers for the few SQL statements built from our own values. */
public final class Sql {
  private Sql() {}

  /** A single-quoted SQL string literal. */
  public static String literal(String value) {
    if (value == null) {
      return "CAST(NULL AS STRING)";
    }
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** A TIMESTAMP literal for an instant, zone-explicit so it does not depend on the JVM time zone. */
  public static String timestamp(java.sql.Timestamp ts) {
    return "TIMESTAMP '" + ts.toInstant() + "'";
  }

  /** A BIGINT literal, or a typed NULL. */
  public static String bigint(Long value) {
    return value == null ? "CAST(NULL AS BIGINT)" : value + "L";
  }
}
