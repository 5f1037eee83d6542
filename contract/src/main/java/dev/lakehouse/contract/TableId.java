package dev.lakehouse.contract;

import java.util.Objects;
import java.util.regex.Pattern;

/** A table identifier {@code namespace.name}, identical in the local catalog and in the Glue catalog. */
public record TableId(String namespace, String name) {
  private static final Pattern IDENT = Pattern.compile("[a-z][a-z0-9_]*");

  public TableId {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (!IDENT.matcher(namespace).matches() || !IDENT.matcher(name).matches()) {
      throw new IllegalArgumentException("Invalid table identifier: " + namespace + "." + name);
    }
  }

  public static TableId of(String qualified) {
    int dot = qualified.indexOf('.');
    if (dot < 0) {
      throw new IllegalArgumentException("Table identifier must be namespace.name: " + qualified);
    }
    return new TableId(qualified.substring(0, dot), qualified.substring(dot + 1));
  }

  @Override
  public String toString() {
    return namespace + "." + name;
  }
}
