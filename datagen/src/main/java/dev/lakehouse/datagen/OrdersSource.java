package dev.lakehouse.datagen;

import static dev.lakehouse.datagen.ReferenceData.pick;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.datagen.ReferenceData.Product;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates FastCart orders and writes each status change as one line of
 * orders/orders-YYYYMMDD-HH.jsonl. Every event of an order repeats the whole order.
 */
final class OrdersSource {

  static final List<String> FULL_LIFECYCLE =
      List.of("pending", "confirmed", "processing", "shipped");

  static final double SHIPPED_SHARE = 0.75;
  static final double CANCELLED_SHARE = 0.12;

  private static final long MIN_GAP_MS = 5 * Timestamps.MINUTE;
  private static final long MAX_GAP_MS = 12 * Timestamps.HOUR;

  private record Order(
      int index,
      String orderId,
      Product product,
      int quantity,
      BigDecimal total,
      User customer,
      String paymentMethod,
      String cancellationReason) {}

  private record Event(long millis, Order order, int seq, String status) {}

  private OrdersSource() {}

  static SourceCounts write(
      GeneratorConfig cfg, int orderCount, SplittableRandom rng, Path dir, List<User> users)
      throws IOException {
    SplittableRandom data = rng.split();
    SplittableRandom noise = rng.split();

    long dropStart = Timestamps.startOfDay(cfg.windowStart());
    long window = cfg.days() * Timestamps.DAY;
    long[] starts = new long[orderCount];
    for (int i = 0; i < orderCount; i++) {
      starts[i] = dropStart + data.nextLong(window);
    }
    Arrays.sort(starts); // order ids follow placement time

    List<Event> events = new ArrayList<>(orderCount * 4);
    for (int i = 0; i < orderCount; i++) {
      Product product = pick(data, ReferenceData.PRODUCTS);
      int quantity = 1 + data.nextInt(5);
      List<String> statuses = lifecycle(data);
      boolean cancelled = statuses.get(statuses.size() - 1).equals("cancelled");
      Order order =
          new Order(
              i,
              Ids.of("ORD-", cfg.idOffset() + i + 1, 8),
              product,
              quantity,
              total(product.price(), quantity),
              pick(data, users),
              pick(data, ReferenceData.PAYMENT_METHODS),
              cancelled ? pick(data, ReferenceData.CANCELLATION_REASONS) : null);
      long t = starts[i];
      for (int k = 0; k < statuses.size(); k++) {
        if (k > 0) {
          t += MIN_GAP_MS + data.nextLong(MAX_GAP_MS - MIN_GAP_MS + 1);
        }
        events.add(new Event(t, order, k, statuses.get(k)));
      }
    }
    // An order-events feed is emitted in time order, so orders interleave.
    events.sort(
        Comparator.comparingLong(Event::millis)
            .thenComparingInt(e -> e.order().index())
            .thenComparingInt(Event::seq));

    AnomalyPicker picker = AnomalyPicker.orders(cfg);
    AnomalyTally tally = new AnomalyTally(picker.kinds());
    int corruptSeen = 0;
    HourlyFileSink sink =
        new HourlyFileSink(dir, h -> "orders-" + tag(cfg, "-") + Timestamps.fileHourDash(h) + ".jsonl", null);
    try (sink) {
      for (Event e : events) {
        ObjectNode json = toJson(e);
        long hour = Timestamps.epochHour(e.millis());
        Anomaly a = picker.pick(noise);
        if (a == null) {
          sink.write(hour, JsonLines.line(json));
          continue;
        }
        tally.add(a);
        switch (a) {
          case CORRUPT -> sink.write(
              hour, JsonLines.corrupt(JsonLines.line(json), corruptSeen++ % 2 == 0));
          case NULL_REQUIRED -> {
            switch (noise.nextInt(4)) {
              case 0 -> json.putNull("order_id");
              case 1 -> json.putNull("customer_id");
              case 2 -> json.putNull("total");
              default -> json.set("total", JsonLines.money(BigDecimal.ZERO.setScale(2)));
            }
            sink.write(hour, JsonLines.line(json));
          }
          case FUTURE_TIMESTAMP -> {
            json.put("timestamp", Timestamps.isoMillis(Timestamps.movedToYear2100(e.millis())));
            sink.write(hour, JsonLines.line(json));
          }
          case BAD_TOTAL -> {
            json.set("total", JsonLines.money(badTotal(e.order().total(), noise)));
            sink.write(hour, JsonLines.line(json));
          }
          case UNKNOWN_STATUS -> {
            json.put("status", pick(noise, ReferenceData.UNKNOWN_ORDER_STATUSES));
            json.putNull("cancellation_reason");
            sink.write(hour, JsonLines.line(json));
          }
          case LATE -> sink.defer(
              LateArrivals.arrivalHour(e.millis(), noise), JsonLines.line(json));
          case DUPLICATE -> {
            String line = JsonLines.line(json);
            sink.write(hour, line);
            sink.defer(LateArrivals.duplicateHour(hour, noise), line);
          }
          default -> throw new IllegalStateException("not an orders anomaly: " + a);
        }
      }
    }
    return new SourceCounts(sink.files(), sink.lines(), tally.toSortedMap());
  }

  /** price * quantity, rounded HALF_UP to cents. */
  static BigDecimal total(BigDecimal price, int quantity) {
    return price.multiply(BigDecimal.valueOf(quantity)).setScale(2, RoundingMode.HALF_UP);
  }

  /**
   * ~75% pending→confirmed→processing→shipped; ~12% cancelled after pending, confirmed or
   * processing; the rest are still open at confirmed or processing.
   */
  private static List<String> lifecycle(SplittableRandom rng) {
    double r = rng.nextDouble();
    if (r < SHIPPED_SHARE) {
      return FULL_LIFECYCLE;
    }
    if (r < SHIPPED_SHARE + CANCELLED_SHARE) {
      List<String> statuses = new ArrayList<>(FULL_LIFECYCLE.subList(0, 1 + rng.nextInt(3)));
      statuses.add("cancelled");
      return statuses;
    }
    return FULL_LIFECYCLE.subList(0, 2 + rng.nextInt(2));
  }

  /** Off by 1.00–50.00 either way, but never zero or negative (that would read as missing). */
  private static BigDecimal badTotal(BigDecimal total, SplittableRandom rng) {
    BigDecimal delta = BigDecimal.valueOf(100 + rng.nextInt(4901), 2);
    BigDecimal lower = total.subtract(delta);
    return rng.nextBoolean() && lower.signum() > 0 ? lower : total.add(delta);
  }

  private static ObjectNode toJson(Event e) {
    Order o = e.order();
    ObjectNode n = JsonLines.object();
    n.put("order_id", o.orderId());
    n.put("timestamp", Timestamps.isoMillis(e.millis()));
    n.put("product_id", o.product().id());
    n.put("product_name", o.product().name());
    n.put("quantity", o.quantity());
    n.set("price", JsonLines.money(o.product().price()));
    n.set("total", JsonLines.money(o.total()));
    n.put("customer_id", o.customer().userId());
    n.put("customer_email", o.customer().email());
    n.put("payment_method", o.paymentMethod());
    ObjectNode address = n.putObject("shipping_address");
    address.put("street", o.customer().street());
    address.put("city", o.customer().place().city());
    address.put("state", o.customer().place().state());
    address.put("zip_code", o.customer().place().zipCode());
    address.put("country", "USA");
    n.put("status", e.status());
    if (e.status().equals("cancelled")) {
      n.put("cancellation_reason", o.cancellationReason());
    } else {
      n.putNull("cancellation_reason");
    }
    return n;
  }

  private static String tag(GeneratorConfig cfg, String separator) {
    return cfg.fileTag().isEmpty() ? "" : cfg.fileTag() + separator;
  }
}
