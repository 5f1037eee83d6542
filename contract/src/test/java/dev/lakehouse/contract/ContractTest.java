package dev.lakehouse.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.contract.layout.LandingFormats;
import dev.lakehouse.contract.schema.TableRegistry;
import dev.lakehouse.contract.schema.TableSpec;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContractTest {
  @Test
  void rendersCreateTableDdl() {
    TableSpec spec =
        TableSpec.builder(new TableId("silver", "demo"))
            .comment("it's a demo")
            .column("id", "STRING", "key")
            .column("ts", "TIMESTAMP", "")
            .partitionedBy("days(ts)")
            .property("write.merge.mode", "merge-on-read")
            .build();
    assertThat(spec.createTableSql(Optional.of("s3://lake/silver/demo")))
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS silver.demo (\n"
                + "  `id` STRING COMMENT 'key',\n"
                + "  `ts` TIMESTAMP\n"
                + ") USING iceberg\n"
                + "COMMENT 'it\\'s a demo'\n"
                + "PARTITIONED BY (days(ts))\n"
                + "LOCATION 's3://lake/silver/demo'\n"
                + "TBLPROPERTIES ('format-version' = '2', 'write.format.default' = 'parquet', "
                + "'write.parquet.compression-codec' = 'zstd', 'write.parquet.compression-level' = '1', "
                + "'write.parquet.dict-size-bytes' = '65536', 'write.merge.mode' = 'merge-on-read')");
  }

  @Test
  void everySourceHasItsBronzeSilverAndRejectedTablesDeclaredInVersionTwo() {
    for (Source s : Source.values()) {
      for (TableId id : new TableId[] {s.bronze(), s.silver(), s.rejected()}) {
        assertThat(TableRegistry.spec(id).properties()).containsEntry("format-version", "2");
      }
      assertThat(TableRegistry.spec(s.bronze()).columnNames()).contains("record_id", "raw_value", "parse_error", "ingestion_timestamp", "ingestion_date");
      assertThat(TableRegistry.spec(s.bronze()).partitionFields()).containsExactly("ingestion_date");
      assertThat(TableRegistry.spec(s.rejected()).columnNames()).contains("raw_record", "reason_code", "run_id", "rejected_at");
    }
    assertThat(TableRegistry.spec(Tables.SILVER_ORDERS).partitionFields()).containsExactly("silver_ingestion_date", "status");
    assertThat(TableRegistry.spec(Tables.SILVER_CLICKSTREAM).partitionFields()).containsExactly("days(event_timestamp)");
    assertThat(TableRegistry.spec(Tables.SILVER_TRANSACTIONS).column("amount").orElseThrow().type()).isEqualTo("DECIMAL(10,2)");
    assertThat(TableRegistry.spec(Tables.SILVER_USERS).columnNames()).contains("valid_from", "valid_to", "is_current");
    assertThatThrownBy(() -> TableRegistry.spec(new TableId("gold", "nope"))).hasMessageContaining("gold.nope");
  }

  @Test
  void silverTablesHoldNoClearPiiColumns() {
    for (Source s : Source.values()) {
      assertThat(TableRegistry.spec(s.silver()).columnNames()).doesNotContain("card_number");
    }
    assertThat(TableRegistry.spec(Tables.SILVER_ORDERS).column("customer_email").orElseThrow().comment()).isEqualTo("masked");
    assertThat(TableRegistry.spec(Tables.SILVER_USERS).column("email").orElseThrow().comment()).isEqualTo("masked");
  }

  @Test
  void layoutKeys() {
    assertThat(LakeLayout.clickstreamArrivalPrefix(ZonedDateTime.of(2026, 11, 1, 7, 0, 0, 0, ZoneOffset.UTC)))
        .isEqualTo("landing/clickstream/year=2026/month=11/day=01/hour=07/");
    assertThat(LakeLayout.transactionsFileKey(LocalDate.of(2026, 11, 1), "transactions_20261101_07.csv"))
        .isEqualTo("landing/transactions/ingest_date=2026-11-01/transactions_20261101_07.csv");
    assertThat(LakeLayout.usersExtractKey("users", "A", "B", 3)).isEqualTo("landing/users/table=users/A__B-part00003.ndjson.gz");
    assertThat(LakeLayout.usersExtractKey("users", "A", "B", 3, "xyz")).isEqualTo("landing/users/table=users/A__B-part00003-rxyz.ndjson.gz");
    assertThat(LakeLayout.transactionsFileKey(LocalDate.of(2026, 11, 1), "transactions_20261101_07.csv", 36))
        .isEqualTo("landing/transactions/ingest_date=2026-11-01/transactions_20261101_07.v10.csv");
    assertThat(LakeLayout.firehoseClickstreamPrefix()).startsWith("landing/clickstream/year=!{timestamp:yyyy}/");
    assertThatThrownBy(() -> LakeLayout.landingPrefix(Source.ORDERS)).hasMessageContaining("Kafka");
  }

  @Test
  void tableIdsAreValidated() {
    assertThat(TableId.of("silver.orders")).isEqualTo(Tables.SILVER_ORDERS);
    assertThatThrownBy(() -> TableId.of("silver.orders; DROP TABLE x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TableId.of("orders")).hasMessageContaining("namespace.name");
  }

  @Test
  void aTableSaysWhatItsColumnsMean() {
    TableSpec revenue = TableRegistry.spec(Tables.GOLD_DAILY_PRODUCT_REVENUE);
    assertThat(revenue.mergeKeys()).containsExactly("date", "product_id", "product_name");
    assertThat(revenue.timeColumn()).contains("date");
    assertThat(revenue.comparedColumns())
        .containsExactly("total_revenue", "total_orders", "total_quantity_sold", "avg_order_value", "min_price", "max_price");
    // processing_timestamp is write metadata: rewriting a row must not count as a change
    assertThat(TableRegistry.spec(Tables.GOLD_ORDER_FACTS).comparedColumns()).doesNotContain("processing_timestamp", "order_id")
        .contains("order_date", "shipping_state");
    assertThat(TableRegistry.spec(Tables.SILVER_ORDERS).mergeKeys()).containsExactly("order_id", "timestamp");
    assertThat(TableRegistry.spec(Tables.SILVER_USERS).timeColumn()).isEmpty();
    // the partner CSV header and the users extract are bronze's source fields (kashio seed order)
    assertThat(LandingFormats.TRANSACTIONS_CSV_HEADER)
        .containsExactly("transaction_id", "session_id", "user_id", "amount", "currency", "transaction_timestamp", "card_number");
    assertThat(LandingFormats.USERS_COLUMNS).containsExactly("user_id", "email", "signup_date", "device_type", "country", "updated_at");
    assertThat(TableRegistry.spec(Tables.BRONZE_ORDERS).sourceFields()).hasSize(13).startsWith("order_id", "timestamp")
        .endsWith("status", "cancellation_reason");
  }

  @Test
  void aKeyOrTimeColumnTheTableLacksIsRefused() {
    assertThatThrownBy(() -> TableSpec.builder(new TableId("gold", "demo")).column("date", "DATE", "").mergeKeys("day").build())
        .hasMessageContaining("gold.demo").hasMessageContaining("day");
    assertThatThrownBy(() -> TableSpec.builder(new TableId("gold", "demo")).column("date", "DATE", "").timeColumn("ts").build())
        .hasMessageContaining("ts");
    assertThatThrownBy(() -> TableSpec.builder(new TableId("gold", "demo")).column("date", "DATE", "").build().requireMergeKeys())
        .hasMessageContaining("declares no merge keys");
  }
}
