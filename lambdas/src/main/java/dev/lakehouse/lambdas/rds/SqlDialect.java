package dev.lakehouse.lambdas.rds;

import java.util.List;
import java.util.Properties;

/**
 * What differs between databases for the incremental extract. One implementation per engine;
 * {@link #forJdbcUrl} picks it. The statements take bound parameters only.
 */
public interface SqlDialect {
  /** Quotes a validated identifier. */
  String quote(String identifier);

  /** Connection properties on top of user and password. */
  Properties connectionProperties();

  /** Statements run once per connection (session time zone UTC, read-only). */
  List<String> sessionSetup();

  /** One parameter, the lag in seconds; returns the upper bound as text in the column's terms. */
  String upperBoundQuery();

  /** One parameter, the watermark's updatedAt as text; returns whole seconds from it to now. */
  String lagSecondsQuery();

  /**
   * A page of rows ordered by {@code (updatedAt, key)}. Columns of the result: 1 = the row as one
   * JSON object (text), 2 = updatedAt as text, 3 = key as text. Parameters: with a watermark
   * {@code (wmTs, wmKey, upper, limit)}, without {@code (upper, limit)}.
   */
  String pageQuery(List<String> table, List<String> columns, String updatedAt, String key, boolean fromWatermark);

  static SqlDialect forJdbcUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return new PostgresDialect();
    }
    throw new IllegalArgumentException(
        "no SQL dialect for " + jdbcUrl.replaceAll("//[^/@]*@", "//") + "; supported: jdbc:postgresql");
  }
}
