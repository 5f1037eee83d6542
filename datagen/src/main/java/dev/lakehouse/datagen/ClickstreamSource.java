package dev.lakehouse.datagen;

import static dev.lakehouse.datagen.ReferenceData.pick;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.datagen.ReferenceData.Product;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates sessions and their events, and writes clickstream/clickstream-YYYYMMDD-HH.jsonl.
 * Returns the sessions that ended in a purchase: each one gets a transaction.
 */
final class ClickstreamSource {

  static final double PURCHASE_SESSION_SHARE = 0.30;

  /** Gap between consecutive events of a session; 7 gaps at most keep a session under ~1 h. */
  private static final long MIN_GAP_MS = 2 * Timestamps.SECOND;

  private static final long MAX_GAP_MS = 8 * Timestamps.MINUTE;

  /** A session that ended in a purchase (its purchase event is never made unusable). */
  record PurchaseSession(String sessionId, User user, long purchaseMillis) {}

  record Result(List<PurchaseSession> purchases, SourceCounts counts) {}

  private record Session(int index, String sessionId, User user, Product product) {}

  private record Event(
      long millis, Session session, int seq, String type, String pageUrl, String productId,
      String searchQuery) {}

  private ClickstreamSource() {}

  static Result write(
      GeneratorConfig cfg, int sessionCount, SplittableRandom rng, Path dir, List<User> users)
      throws IOException {
    SplittableRandom data = rng.split();
    SplittableRandom noise = rng.split();

    long dropStart = Timestamps.startOfDay(cfg.windowStart());
    long window = cfg.days() * Timestamps.DAY;
    long[] starts = new long[sessionCount];
    for (int i = 0; i < sessionCount; i++) {
      starts[i] = dropStart + data.nextLong(window);
    }
    // Session ids follow start time, which is how a sessionizer would number them.
    Arrays.sort(starts);

    Session[] sessions = new Session[sessionCount];
    boolean[] purchased = new boolean[sessionCount];
    boolean anyPurchase = false;
    for (int i = 0; i < sessionCount; i++) {
      sessions[i] =
          new Session(
              i, Ids.of("SES-", cfg.idOffset() + i + 1, 7), pick(data, users), pick(data, ReferenceData.PRODUCTS));
      purchased[i] = data.nextDouble() < PURCHASE_SESSION_SHARE;
      anyPurchase |= purchased[i];
    }
    if (!anyPurchase) {
      // Even a tiny drop gets one purchase, hence at least one transaction.
      purchased[0] = true;
    }

    List<Event> events = new ArrayList<>(sessionCount * 6);
    List<PurchaseSession> purchases = new ArrayList<>();
    for (int i = 0; i < sessionCount; i++) {
      Session s = sessions[i];
      boolean purchase = purchased[i];
      List<String> types = eventTypes(purchase, data);
      long t = starts[i];
      for (int k = 0; k < types.size(); k++) {
        if (k > 0) {
          t += MIN_GAP_MS + data.nextLong(MAX_GAP_MS - MIN_GAP_MS + 1);
        }
        events.add(newEvent(t, s, k, types.get(k), data));
      }
      if (purchase) {
        purchases.add(new PurchaseSession(s.sessionId(), s.user(), t));
      }
    }
    // Event ids in time order, as an ingesting collector would assign them.
    events.sort(
        Comparator.comparingLong(Event::millis)
            .thenComparingInt(e -> e.session().index())
            .thenComparingInt(Event::seq));

    AnomalyPicker picker = AnomalyPicker.clickstream(cfg);
    AnomalyTally tally = new AnomalyTally(picker.kinds());
    int corruptSeen = 0;
    HourlyFileSink sink =
        new HourlyFileSink(
            dir, h -> "clickstream-" + tag(cfg, "-") + Timestamps.fileHourDash(h) + ".jsonl", null);
    try (sink) {
      for (int i = 0; i < events.size(); i++) {
        Event e = events.get(i);
        String eventId = Ids.of("EVT-", cfg.idOffset() + i + 1, 8);
        Anomaly a = picker.pick(noise);
        if (e.type().equals("purchase") && makesUnusable(a)) {
          // Every transaction must point at a session with a usable purchase event.
          a = null;
        }
        ObjectNode json = toJson(eventId, e);
        long hour = Timestamps.epochHour(e.millis());
        if (a == null) {
          sink.write(hour, JsonLines.line(json));
          continue;
        }
        tally.add(a);
        switch (a) {
          case CORRUPT -> sink.write(
              hour, JsonLines.corrupt(JsonLines.line(json), corruptSeen++ % 2 == 0));
          case NULL_REQUIRED -> {
            String field = switch (noise.nextInt(3)) {
              case 0 -> "event_id";
              case 1 -> "session_id";
              default -> "user_id";
            };
            json.putNull(field);
            sink.write(hour, JsonLines.line(json));
          }
          case FUTURE_TIMESTAMP -> {
            json.put(
                "event_timestamp",
                Timestamps.isoMillis(Timestamps.movedToYear2100(e.millis())));
            sink.write(hour, JsonLines.line(json));
          }
          case UNKNOWN_EVENT_TYPE -> {
            json.put("event_type", pick(noise, ReferenceData.UNKNOWN_EVENT_TYPES));
            sink.write(hour, JsonLines.line(json));
          }
          case LATE -> sink.defer(
              LateArrivals.arrivalHour(e.millis(), noise), JsonLines.line(json));
          case DUPLICATE -> {
            String line = JsonLines.line(json);
            sink.write(hour, line);
            sink.defer(LateArrivals.duplicateHour(hour, noise), line);
          }
          default -> throw new IllegalStateException("not a clickstream anomaly: " + a);
        }
      }
    }
    return new Result(
        List.copyOf(purchases),
        new SourceCounts(sink.files(), sink.lines(), tally.toSortedMap()));
  }

  private static boolean makesUnusable(Anomaly a) {
    return a == Anomaly.CORRUPT || a == Anomaly.NULL_REQUIRED || a == Anomaly.UNKNOWN_EVENT_TYPE;
  }

  /**
   * A plausible funnel. Purchase sessions: page_view, 0–2 browsing events, add_to_cart, checkout,
   * purchase (4–6 events). Others: page_view then 1–7 browsing events (2–8). Both average 5.
   */
  private static List<String> eventTypes(boolean purchase, SplittableRandom rng) {
    List<String> types = new ArrayList<>(8);
    types.add("page_view");
    int browsing = purchase ? rng.nextInt(3) : 1 + rng.nextInt(7);
    boolean inCart = false;
    for (int i = 0; i < browsing; i++) {
      int r = rng.nextInt(100);
      String type;
      if (r < 35) {
        type = "page_view";
      } else if (r < 60) {
        type = "click";
      } else if (r < 75) {
        type = "search";
      } else if (r < 90 || !inCart) {
        // Only something already in the cart can be removed or checked out.
        type = "add_to_cart";
      } else if (r < 95) {
        type = "remove_from_cart";
      } else {
        type = purchase ? "click" : "checkout"; // an abandoned checkout
      }
      inCart = type.equals("add_to_cart") || (inCart && !type.equals("remove_from_cart"));
      types.add(type);
    }
    if (purchase) {
      types.add("add_to_cart");
      types.add("checkout");
      types.add("purchase");
    }
    return types;
  }

  private static Event newEvent(long t, Session s, int seq, String type, SplittableRandom rng) {
    String productId = s.product().id();
    return switch (type) {
      case "page_view" -> {
        int r = rng.nextInt(3);
        String url =
            r == 0 ? "/" : r == 1
                ? "/category/" + pick(rng, ReferenceData.CATEGORIES)
                : "/products/" + pick(rng, ReferenceData.PRODUCTS).id();
        yield new Event(t, s, seq, type, url, null, null);
      }
      case "click" -> new Event(
          t, s, seq, type, "/products/" + pick(rng, ReferenceData.PRODUCTS).id(), null, null);
      case "search" -> {
        String term = pick(rng, ReferenceData.SEARCH_TERMS);
        yield new Event(t, s, seq, type, "/search?q=" + term.replace(' ', '+'), null, term);
      }
      case "add_to_cart", "remove_from_cart" -> new Event(
          t, s, seq, type, "/products/" + productId, productId, null);
      case "checkout" -> new Event(t, s, seq, type, "/checkout", null, null);
      case "purchase" -> new Event(t, s, seq, type, "/checkout/confirmation", productId, null);
      default -> throw new IllegalArgumentException(type);
    };
  }

  private static ObjectNode toJson(String eventId, Event e) {
    ObjectNode n = JsonLines.object();
    n.put("event_id", eventId);
    n.put("session_id", e.session().sessionId());
    n.put("user_id", e.session().user().userId());
    n.put("event_type", e.type());
    n.put("event_timestamp", Timestamps.isoMillis(e.millis()));
    ObjectNode details = n.putObject("event_details");
    details.put("page_url", e.pageUrl());
    details.put("device", e.session().user().deviceType());
    if (e.productId() != null) {
      details.put("product_id", e.productId());
    }
    if (e.searchQuery() != null) {
      details.put("search_query", e.searchQuery());
    }
    return n;
  }

  private static String tag(GeneratorConfig cfg, String separator) {
    return cfg.fileTag().isEmpty() ? "" : cfg.fileTag() + separator;
  }
}
