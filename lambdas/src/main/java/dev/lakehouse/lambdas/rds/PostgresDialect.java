package dev.lakehouse.lambdas.rds;

import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * PostgreSQL (RDS / Aurora PostgreSQL). The server renders each row as JSON ({@code
 * row_to_json}), so the driver hands over one text value per row instead of decoding every
 * column: the cheapest path from rows to NDJSON. Watermark values travel as text and are bound
 * untyped ({@code stringtype=unspecified}), so the server reads them in the column's own type
 * with no precision lost.
 */
final class PostgresDialect implements SqlDialect {
  @Override
  public String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public Properties connectionProperties() {
    Properties p = new Properties();
    p.setProperty("stringtype", "unspecified");
    p.setProperty("ApplicationName", "lakehouse-rds-extractor");
    p.setProperty("readOnly", "true");
    return p;
  }

  @Override
  public List<String> sessionSetup() {
    return List.of("SET TIME ZONE 'UTC'");
  }

  @Override
  public String upperBoundQuery() {
    return "SELECT (LOCALTIMESTAMP - make_interval(secs => ?))::text";
  }

  @Override
  public String lagSecondsQuery() {
    return "SELECT EXTRACT(EPOCH FROM (LOCALTIMESTAMP - ?::timestamp))::bigint";
  }

  @Override
  public String pageQuery(List<String> table, List<String> columns, String updatedAt, String key, boolean fromWatermark) {
    String from = table.stream().map(this::quote).collect(Collectors.joining("."));
    String cols = columns.stream().map(this::quote).collect(Collectors.joining(", "));
    String ts = quote(updatedAt);
    String k = quote(key);
    String where = fromWatermark ? "(" + ts + ", " + k + ") > (?, ?) AND " + ts + " <= ?" : ts + " <= ?";
    return "SELECT row_to_json(t)::text, t." + ts + "::text, t." + k + "::text FROM (SELECT " + cols
        + " FROM " + from + " WHERE " + where + " ORDER BY " + ts + ", " + k + " LIMIT ?) t ORDER BY t." + ts + ", t." + k;
  }
}
