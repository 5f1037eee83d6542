package dev.lakehouse.jobs.silver;

import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.jobs.support.LakeFixture;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every FastCart silver rule, on hand-made order events; expected rows worked out from the seed. */
class OrdersSilverJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LakeFixture lake = LakeFixture.get();

  @BeforeEach
  void reset() {
    lake.reset();
  }

  private static Map<String, Object> order(String id, String ts, String status, int qty, String price, String total) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("order_id", id);
    m.put("timestamp", ts);
    m.put("product_id", "PROD-004");
    m.put("product_name", "USB-C Cable");
    m.put("quantity", qty);
    m.put("price", price == null ? null : new BigDecimal(price));
    m.put("total", total == null ? null : new BigDecimal(total));
    m.put("customer_id", "CUST-1");
    m.put("customer_email", "jane.doe@example.com");
    m.put("payment_method", "Credit_Card");
    Map<String, Object> address = new LinkedHashMap<>();
    address.put("street", "123 Main St");
    address.put("city", "Springfield");
    address.put("state", "IL");
    address.put("zip_code", "62701");
    address.put("country", "USA");
    m.put("shipping_address", address);
    m.put("status", status);
    m.put("cancellation_reason", null);
    return m;
  }

  private static String json(Map<String, Object> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(m);
    copy.put(key, value);
    return copy;
  }

  @Test
  void appliesEveryFastCartRule() throws Exception {
    Map<String, Object> ord1Pending = order("ORD-1", "2026-11-01T10:00:00Z", "pending", 2, "10.00", "20.00");
    Map<String, Object> ord2 = order("ORD-2", "2026-11-01T11:00:00Z", "pending", 3, "11.16", "33.49"); // 33.48 + 0.01: within tolerance
    @SuppressWarnings("unchecked")
    Map<String, Object> noZip = new LinkedHashMap<>((Map<String, Object>) ord1Pending.get("shipping_address"));
    noZip.remove("zip_code");
    List<String> first =
        List.of(
            json(ord1Pending), // o0: superseded by o15 (same order_id + timestamp, later ingestion)
            json(order("ORD-1", "2026-11-01T12:00:00Z", "shipped", 2, "10.00", "20.00")), // o1
            json(ord2), // o2
            json(order("ORD-3", "2026-11-01T11:00:00Z", "pending", 3, "11.16", "33.50")), // o3: |33.50-33.48| = 0.02 > 0.01
            json(with(ord2, "order_id", null)), // o4
            json(with(ord2, "customer_id", null)), // o5
            json(order("ORD-7", "2026-11-01T11:00:00Z", "pending", 1, "10.00", "0")), // o6: zero total, and 0 != 10*1
            json(order("ORD-8", "2026-11-01T11:00:00Z", "pending", 1, "10.00", null)), // o7: null total
            json(order("ORD-9", "2026-11-01T11:00:00Z", "refunded", 1, "10.00", "10.00")), // o8
            json(order("ORD-10", "2100-01-01T00:00:00Z", "pending", 1, "10.00", "10.00")), // o9
            "not json at all", // o10
            json(order("ORD-4", "2026-11-01T13:00:00Z", "cancelled", 1, "10.00", "10.00")), // o11: no reason -> score false
            json(with(order("ORD-5", "2026-11-01T13:00:00Z", "cancelled", 1, "10.00", "10.00"), "cancellation_reason", "out_of_stock")), // o12
            json(with(order("ORD-11", "2026-11-01T11:00:00Z", "pending", 1, "10.00", "10.00"), "quantity", "two")), // o13
            json(with(order("ORD-12", "2026-11-01T11:00:00Z", "pending", 1, "10.00", "10.00"), "price", "abc")), // o14
            json(with(order("ORD-6", "2026-11-01T14:00:00Z", "pending", 1, "10.00", "10.00"), "shipping_address", noZip))); // o15
    assertThat(lake.appendOrders(0, 0, first)).isEqualTo(16);
    List<String> later =
        List.of(
            json(with(ord1Pending, "payment_method", "paypal")), // o16: same key as o0, later ingestion: wins
            json(ord2)); // o17: exact duplicate of o2
    assertThat(lake.appendOrders(0, 16, later)).isEqualTo(2);

    java.time.LocalDate dayBefore = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    SilverJob.Result result = new OrdersSilverJob(lake.spark(), lake.config()).run();
    java.time.LocalDate dayAfter = java.time.LocalDate.now(java.time.ZoneOffset.UTC);

    List<Row> silver =
        lake.rows(
            "SELECT order_id, status, CAST(`timestamp` AS STRING), CAST(total AS STRING), payment_method, data_quality_score, cancellation_reason"
                + " FROM silver.orders ORDER BY order_id, `timestamp`");
    assertThat(silver)
        .extracting(r -> tuple(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6)))
        .containsExactly(
            tuple("ORD-1", "pending", "2026-11-01 10:00:00", "20.00", "paypal", true, null),
            tuple("ORD-1", "shipped", "2026-11-01 12:00:00", "20.00", "credit_card", true, null),
            tuple("ORD-2", "pending", "2026-11-01 11:00:00", "33.49", "credit_card", true, null),
            tuple("ORD-4", "cancelled", "2026-11-01 13:00:00", "10.00", "credit_card", false, null),
            tuple("ORD-5", "cancelled", "2026-11-01 13:00:00", "10.00", "credit_card", true, "out_of_stock"),
            tuple("ORD-6", "pending", "2026-11-01 14:00:00", "10.00", "credit_card", false, null));

    Row flat = lake.rows("SELECT shipping_street, shipping_city, shipping_state, shipping_zip_code, shipping_country,"
        + " customer_email, customer_email_hash, quantity, CAST(price AS STRING), CAST(silver_ingestion_date AS STRING)"
        + " FROM silver.orders WHERE order_id = 'ORD-2'").get(0);
    assertThat(flat.getString(0)).isEqualTo("123 Main St");
    assertThat(flat.getString(1)).isEqualTo("Springfield");
    assertThat(flat.getString(2)).isEqualTo("IL");
    assertThat(flat.getString(3)).isEqualTo("62701");
    assertThat(flat.getString(4)).isEqualTo("USA");
    assertThat(flat.getString(5)).isEqualTo("j***@example.com");
    assertThat(flat.getString(6)).isEqualTo(hmacSha256("jane.doe@example.com"));
    assertThat(flat.getInt(7)).isEqualTo(3);
    assertThat(flat.getString(8)).isEqualTo("11.16");
    // the run's own UTC date (either side of midnight, should the run straddle it)
    assertThat(flat.getString(9)).isIn(dayBefore.toString(), dayAfter.toString());

    List<Row> rejected = lake.rows("SELECT source_ref, reason_code, array_join(reason_codes, ',') FROM silver.orders_rejected ORDER BY source_ref");
    assertThat(rejected)
        .extracting(r -> tuple(r.getString(0), r.getString(1), r.getString(2)))
        .containsExactlyInAnyOrder(
            tuple("ecommerce-sales/0/3", "total_mismatch", "total_mismatch"),
            tuple("ecommerce-sales/0/4", "missing_order_id", "missing_order_id"),
            tuple("ecommerce-sales/0/5", "missing_customer_id", "missing_customer_id"),
            tuple("ecommerce-sales/0/6", "null_or_zero_total", "null_or_zero_total,total_mismatch"),
            tuple("ecommerce-sales/0/7", "null_or_zero_total", "null_or_zero_total"),
            tuple("ecommerce-sales/0/8", "unknown_status", "unknown_status"),
            tuple("ecommerce-sales/0/9", "future_timestamp", "future_timestamp"),
            tuple("ecommerce-sales/0/10", "corrupt_record", "corrupt_record"),
            tuple("ecommerce-sales/0/13", "invalid_quantity", "invalid_quantity"),
            tuple("ecommerce-sales/0/14", "invalid_number", "invalid_number"));
    // The raw record is kept, with the email and the street scrubbed.
    assertThat(lake.rows("SELECT raw_record FROM silver.orders_rejected WHERE source_ref = 'ecommerce-sales/0/3'").get(0).getString(0))
        .contains("\"order_id\":\"ORD-3\"")
        .contains("***@***")
        .contains("\"street\":\"***\"")
        .doesNotContain("jane.doe")
        .doesNotContain("123 Main St");

    // 18 bronze = 6 silver + 10 rejected + 2 duplicates (o0 superseded, o17 copy)
    assertThat(result.counts().bronzeRows()).isEqualTo(18);
    assertThat(result.counts().silverRows()).isEqualTo(6);
    assertThat(result.counts().rejectedRows()).isEqualTo(10);
    assertThat(result.counts().duplicatesRemoved()).isEqualTo(2);

    // Partitioned by silver_ingestion_date and status, as the seed asks.
    assertThat(lake.rows("SELECT DISTINCT partition.status FROM silver.orders.partitions ORDER BY 1"))
        .extracting(r -> r.getString(0)).containsExactly("cancelled", "pending", "shipped");
  }

  @Test
  void aLaterArrivalOfAKnownEventReplacesItOnlyWhenItDiffers() {
    Map<String, Object> pending = order("ORD-1", "2026-11-01T10:00:00Z", "pending", 2, "10.00", "20.00");
    lake.appendOrders(0, 0, List.of(json(pending)));
    new OrdersSilverJob(lake.spark(), lake.config()).run();
    long snapshotsBefore = lake.count("silver.orders.snapshots");

    lake.appendOrders(0, 1, List.of(json(pending))); // identical re-send
    SilverJob.Result same = new OrdersSilverJob(lake.spark(), lake.config()).run();
    assertThat(same.counts().duplicatesRemoved()).isEqualTo(1);
    assertThat(lake.rows("SELECT bronze_record_id FROM silver.orders")).extracting(r -> r.getString(0)).containsExactly("ecommerce-sales/0/0");

    lake.appendOrders(0, 2, List.of(json(with(pending, "payment_method", "paypal")))); // corrected re-send
    new OrdersSilverJob(lake.spark(), lake.config()).run();
    assertThat(lake.rows("SELECT payment_method, bronze_record_id FROM silver.orders"))
        .extracting(r -> tuple(r.getString(0), r.getString(1)))
        .containsExactly(tuple("paypal", "ecommerce-sales/0/2"));
    assertThat(lake.count("silver.orders.snapshots")).isGreaterThan(snapshotsBefore);
  }

  /** HMAC-SHA256 with the fixture's key, computed by Commons Codec (not by the code under test). */
  static String hmacSha256(String normalisedValue) {
    return new HmacUtils(HmacAlgorithms.HMAC_SHA_256, LakeFixture.PII_HASH_KEY).hmacHex(normalisedValue);
  }
}
