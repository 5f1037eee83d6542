package dev.lakehouse.jobs.bronze;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.schema.TableRegistry;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The shapes bronze parses received records into: every leaf is a STRING, so bronze holds values
 * exactly as received (numbers as their text, nested objects as JSON text) and never fails a cast.
 */
public final class BronzeSchemas {
  public static final String CORRUPT = "_corrupt_record";

  private BronzeSchemas() {}

  /** The received record's fields, as bronze declares them. */
  public static List<String> fields(Source source) {
    return TableRegistry.spec(source.bronze()).sourceFields();
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
