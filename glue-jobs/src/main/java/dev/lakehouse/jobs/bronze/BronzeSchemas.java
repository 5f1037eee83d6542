package dev.lakehouse.jobs.bronze;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.schema.TableRegistry;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The shapes bronze parses received records into: every leaf is a STRING, so bronze holds values
 * exactly as received (numbers as their text, nested objects as JSON text) and never fails a cast.
 */
public final class BronzeSchemas {
  public static final String CORRUPT = "_corrupt_record";

  /** Parsed-field names per source, in declaration order (the bronze columns between raw_value and parse_error). */
  private static final Map<Source, List<String>> FIELDS =
      Map.of(
          Source.CLICKSTREAM, List.of("event_id", "session_id", "user_id", "event_type", "event_timestamp", "event_details"),
          Source.ORDERS,
              List.of(
                  "order_id", "timestamp", "product_id", "product_name", "quantity", "price", "total",
                  "customer_id", "customer_email", "payment_method", "shipping_address", "status", "cancellation_reason"),
          Source.TRANSACTIONS,
              List.of("transaction_id", "session_id", "user_id", "amount", "currency", "transaction_timestamp", "card_number"),
          Source.USERS, List.of("user_id", "email", "signup_date", "device_type", "country", "updated_at"));

  private BronzeSchemas() {}

  public static List<String> fields(Source source) {
    return FIELDS.get(source);
  }

  /** Parse schema: the declared bronze types of the parsed fields, plus the corrupt-record column. */
  public static StructType parseSchema(Source source) {
    TableId bronze = source.bronze();
    var spec = TableRegistry.spec(bronze);
    StructType schema = new StructType();
    for (String f : fields(source)) {
      String type = spec.column(f).orElseThrow().type();
      schema = schema.add(new StructField(f, StructType.fromDDL("x " + type).fields()[0].dataType(), true, org.apache.spark.sql.types.Metadata.empty()));
    }
    return schema.add(CORRUPT, DataTypes.StringType, true);
  }
}
