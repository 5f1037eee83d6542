package dev.lakehouse.contract.schema;

import java.util.Objects;

/**
 * One column of a table: name, Spark/Iceberg SQL type (e.g. {@code DECIMAL(10,2)}), nullability and
 * a short description that ends up in the catalog.
 */
public record Column(String name, String type, boolean nullable, String comment) {
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    comment = comment == null ? "" : comment;
  }

  /** The column as it appears in a {@code CREATE TABLE} column list. */
  public String ddl() {
    StringBuilder sb = new StringBuilder("`").append(name).append("` ").append(type);
    if (!nullable) {
      sb.append(" NOT NULL");
    }
    if (!comment.isEmpty()) {
      sb.append(" COMMENT '").append(comment.replace("'", "\\'")).append('\'');
    }
    return sb.toString();
  }
}
