package dev.lakehouse.datagen;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * Summary of one generated drop, written to {@code manifest.json} next to the data. Downstream
 * tests reconcile against it (e.g. rejected rows == corrupt + null_required + ...).
 *
 * @param seed seed the drop was generated from
 * @param scale volume multiplier used
 * @param baseDate first day of the drop, ISO {@code yyyy-MM-dd}
 * @param days number of days sessions and orders start in
 */
@JsonPropertyOrder({
  "seed", "scale", "base_date", "days", "clickstream", "orders", "transactions", "users"
})
public record DropManifest(
    long seed,
    double scale,
    @JsonProperty("base_date") String baseDate,
    int days,
    SourceCounts clickstream,
    SourceCounts orders,
    SourceCounts transactions,
    SourceCounts users) {

  /** Source names, as used for directory names and in {@link #source(String)}. */
  public static final List<String> SOURCES =
      List.of("clickstream", "orders", "transactions", "users");

  public DropManifest {
    Objects.requireNonNull(baseDate, "baseDate");
    Objects.requireNonNull(clickstream, "clickstream");
    Objects.requireNonNull(orders, "orders");
    Objects.requireNonNull(transactions, "transactions");
    Objects.requireNonNull(users, "users");
  }

  /** Counts for a source by name: clickstream, orders, transactions or users. */
  public SourceCounts source(String name) {
    return switch (name) {
      case "clickstream" -> clickstream;
      case "orders" -> orders;
      case "transactions" -> transactions;
      case "users" -> users;
      default -> throw new IllegalArgumentException(
          "unknown source '" + name + "', expected one of " + SOURCES);
    };
  }
}
