package dev.lakehouse.datagen;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;

/** Fixed lookup data: the FastCart catalog, names, places, valid and invalid category values. */
final class ReferenceData {

  private ReferenceData() {}

  record Product(String id, String name, BigDecimal price, String category) {}

  /** FastCart's 15-product catalog; prices are fixed so totals can be checked. */
  static final List<Product> PRODUCTS =
      List.of(
          product("PROD-001", "Wireless Mouse", "24.99", "accessories"),
          product("PROD-002", "Mechanical Keyboard", "89.99", "accessories"),
          product("PROD-003", "27-inch Monitor", "279.99", "electronics"),
          product("PROD-004", "USB-C Cable", "11.16", "accessories"),
          product("PROD-005", "Laptop Stand", "39.50", "office"),
          product("PROD-006", "Noise-Cancelling Headphones", "199.00", "audio"),
          product("PROD-007", "HD Webcam", "59.90", "electronics"),
          product("PROD-008", "External SSD 1TB", "109.99", "electronics"),
          product("PROD-009", "Bluetooth Speaker", "45.00", "audio"),
          product("PROD-010", "Smartwatch", "229.99", "electronics"),
          product("PROD-011", "Phone Case", "15.49", "accessories"),
          product("PROD-012", "Portable Charger", "32.75", "accessories"),
          product("PROD-013", "Desk Lamp", "27.30", "office"),
          product("PROD-014", "Ergonomic Chair", "349.00", "office"),
          product("PROD-015", "HDMI Adapter", "12.99", "accessories"));

  static final List<String> CATEGORIES = List.of("electronics", "accessories", "audio", "office");

  static final List<String> SEARCH_TERMS =
      List.of(
          "usb cable", "headphones", "monitor", "keyboard", "charger", "smartwatch", "desk lamp",
          "webcam", "ssd", "speaker");

  static final List<String> VALID_EVENT_TYPES =
      List.of(
          "page_view", "click", "search", "add_to_cart", "remove_from_cart", "checkout",
          "purchase");

  static final List<String> UNKNOWN_EVENT_TYPES = List.of("hover", "scroll", "video_play");

  static final List<String> ORDER_STATUSES =
      List.of("pending", "confirmed", "processing", "shipped", "cancelled");

  static final List<String> UNKNOWN_ORDER_STATUSES = List.of("refunded", "returned", "on_hold");

  static final List<String> CANCELLATION_REASONS =
      List.of("customer_request", "payment_failed", "out_of_stock");

  static final List<String> PAYMENT_METHODS =
      List.of("credit_card", "debit_card", "paypal", "bank_transfer", "apple_pay");

  static final List<String> DEVICE_TYPES = List.of("iOS", "Android", "Web");

  static final List<String> COUNTRIES = List.of("PE", "US", "MX", "CO", "CL", "ES", "BR");

  record Place(String city, String state, String zipCode) {}

  /** A spread of twelve US states for shipping addresses. */
  static final List<Place> PLACES =
      List.of(
          new Place("Springfield", "IL", "62701"),
          new Place("Austin", "TX", "73301"),
          new Place("Sacramento", "CA", "94203"),
          new Place("Miami", "FL", "33101"),
          new Place("Albany", "NY", "12207"),
          new Place("Seattle", "WA", "98101"),
          new Place("Denver", "CO", "80202"),
          new Place("Atlanta", "GA", "30303"),
          new Place("Columbus", "OH", "43215"),
          new Place("Phoenix", "AZ", "85001"),
          new Place("Boston", "MA", "02108"),
          new Place("Portland", "OR", "97201"));

  static final List<String> STREETS =
      List.of(
          "Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Pine St", "Elm St", "Washington Blvd",
          "Lake Rd", "Park Ave", "Sunset Blvd");

  static final List<String> FIRST_NAMES =
      List.of(
          "maria", "jose", "juan", "ana", "luis", "carlos", "sofia", "diego", "valentina", "camila",
          "mateo", "lucia", "james", "emma", "olivia", "liam", "noah", "ava", "pedro", "rosa",
          "miguel", "isabella", "daniel", "laura", "andres", "paula", "javier", "elena", "fernando",
          "gabriela");

  static final List<String> LAST_NAMES =
      List.of(
          "garcia", "rodriguez", "martinez", "lopez", "gonzalez", "perez", "sanchez", "ramirez",
          "torres", "flores", "rivera", "gomez", "diaz", "vargas", "castillo", "smith", "johnson",
          "brown", "williams", "jones", "silva", "santos", "rojas", "morales", "herrera", "mendoza",
          "quispe", "chavez", "ortiz", "ruiz");

  static <T> T pick(SplittableRandom rng, List<T> values) {
    return values.get(rng.nextInt(values.size()));
  }

  /** Picks a value other than {@code current} (for changes that must really change something). */
  static <T> T pickOther(SplittableRandom rng, List<T> values, T current) {
    T v;
    do {
      v = pick(rng, values);
    } while (v.equals(current));
    return v;
  }

  private static Product product(String id, String name, String price, String category) {
    return new Product(id, name, new BigDecimal(price), category);
  }
}
