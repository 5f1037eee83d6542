package dev.lakehouse.lambdas.rds;

import dev.lakehouse.lambdas.common.Settings.ConfigurationException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Table and column names come from configuration, never from data, and still are checked: a
 * name must be a plain identifier ({@code [A-Za-z_][A-Za-z0-9_]*}, at most 63 characters, the
 * PostgreSQL limit), optionally schema-qualified. Anything else is refused, naming the setting.
 */
public final class SqlIdentifiers {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private SqlIdentifiers() {}

  /** {@code schema.table} or {@code table}, each part checked. */
  public static List<String> qualifiedName(String setting, String value) {
    List<String> parts = List.of(value.split("\\.", -1));
    if (parts.size() > 2) {
      throw refuse(setting, value);
    }
    for (String p : parts) {
      if (!PLAIN.matcher(p).matches()) {
        throw refuse(setting, value);
      }
    }
    return parts;
  }

  public static String column(String setting, String value) {
    if (!PLAIN.matcher(value).matches()) {
      throw refuse(setting, value);
    }
    return value;
  }

  private static ConfigurationException refuse(String setting, String value) {
    String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    return new ConfigurationException(
        setting + " must be a plain SQL identifier (letters, digits, underscore; optionally schema.table), got '" + shown + "'");
  }
}
