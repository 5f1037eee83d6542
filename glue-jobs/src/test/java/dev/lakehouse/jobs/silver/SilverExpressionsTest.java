package dev.lakehouse.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.jobs.support.LakeFixture;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** The hand-tuned row expressions (no regex, no substr, cents arithmetic) against hand-worked cases. */
class SilverExpressionsTest {
  private final SparkSession spark = LakeFixture.get().spark();

  private List<Row> eval(Column expr, String sqlColumns, String... rows) {
    Dataset<Row> input = spark.sql("SELECT * FROM VALUES " + String.join(", ", rows) + " AS t(" + sqlColumns + ")");
    return input.select(col("id"), expr.as("out")).orderBy("id").collectAsList();
  }

  @Test
  void aTrailingZIsTheSameInstantAndAnythingElseAroundItFailsToParse() {
    List<Row> out =
        eval(Timestamps.parse(col("v")).cast(DataTypes.StringType), "id, v",
            "(1, '2026-11-01T10:15:30Z')", "(2, ' 2026-11-01T10:15:30 ')", "(3, '2026-11-01T10:15:30ZZ')",
            "(4, 'Z')", "(5, '2026-11-01 10:15:30.5Z')", "(6, 'not a time')");
    assertThat(out).extracting(r -> r.get(1))
        .containsExactly("2026-11-01 10:15:30", "2026-11-01 10:15:30", null, null, "2026-11-01 10:15:30.5", null);
  }

  @Test
  void isoAndPostgresTextFormsWithOffsetsAndFractionsAreTheSameInstantInUtc() {
    List<Row> out =
        eval(Timestamps.parse(col("v")).cast(DataTypes.StringType), "id, v",
            "(1, '2023-03-12T08:02:28Z')", "(2, '2023-03-12T08:02:28.125Z')", "(3, '2023-03-12T10:02:28+02:00')",
            "(4, '2023-03-12T03:02:28-0500')", "(5, '2023-03-12 08:02:28+00')", "(6, '2023-03-12 09:02:28.5+01')",
            "(7, '2023-03-12 08:02:28')", "(8, '2023-03-12T08:02:28')", "(9, '2023-03-12 08:02:28.123456+00:00')",
            "(10, '2023-03-12 08:02:28 +00')", "(11, '12/03/2023 08:02')");
    assertThat(out).extracting(r -> r.get(1))
        .containsExactly("2023-03-12 08:02:28", "2023-03-12 08:02:28.125", "2023-03-12 08:02:28", "2023-03-12 08:02:28",
            "2023-03-12 08:02:28", "2023-03-12 08:02:28.5", "2023-03-12 08:02:28", "2023-03-12 08:02:28",
            "2023-03-12 08:02:28.123456", "2023-03-12 08:02:28", null);
  }

  @Test
  void anEmailHasOneAtWithTextOnBothSidesAndNoSpace() {
    List<Row> out =
        eval(Pii.emailShaped(col("v")), "id, v",
            "(1, 'jane@example.com')", "(2, '@example.com')", "(3, 'jane@')", "(4, 'ja@ne@example.com')",
            "(5, 'jane doe@example.com')", "(6, 'jane.example.com')", "(7, 'j@x')", "(8, 'ñandú@correo.es')");
    assertThat(out).extracting(r -> r.get(1)).containsExactly(true, false, false, false, false, false, true, true);
  }

  @Test
  void theTotalMayDifferFromPriceTimesQuantityByOneCentAtMost() {
    Column mismatch =
        OrdersSilverJob.totalMismatch(col("price").cast("decimal(10,2)"), col("qty"), col("total").cast("decimal(12,2)"));
    List<Row> out =
        eval(mismatch, "id, price, qty, total",
            // 19.99 × 3 = 59.97: exact, one cent off either way, two cents off
            "(1, '19.99', 3, '59.97')", "(2, '19.99', 3, '59.98')", "(3, '19.99', 3, '59.96')", "(4, '19.99', 3, '59.99')",
            // 0.01 × 2,000,000 = 20,000.00 (quantity above the cents path: decimal arithmetic)
            "(5, '0.01', 2000000, '20000.00')", "(6, '0.01', 2000000, '20000.02')",
            // 9,999.99 × 1,000,000 = 9,999,990,000.00: the largest quantity on the cents path
            "(7, '9999.99', 1000000, '9999990000.00')",
            "(8, '5.00', -2, '-10.00')", "(9, '5.00', null, '10.00')");
    assertThat(out).extracting(r -> r.get(1)).containsExactly(false, false, false, true, false, true, false, false, null);
  }
}
