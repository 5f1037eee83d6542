package dev.lakehouse.jobs.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.schema.TableRegistry;
import dev.lakehouse.contract.schema.TableSpec;
import dev.lakehouse.jobs.support.LakeFixture;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TableMigratorTest {
  private final LakeFixture lake = LakeFixture.get();

  @BeforeEach
  void reset() {
    lake.reset();
  }

  @Test
  void createsEveryDeclaredTableAsDeclaredAndASecondRunDoesNothing() {
    for (TableSpec spec : TableRegistry.all()) {
      assertThat(lake.spark().catalog().tableExists(spec.id().toString())).as(spec.id().toString()).isTrue();
      assertThat(List.of(lake.spark().table(spec.id().toString()).columns())).as(spec.id().toString()).containsExactlyElementsOf(spec.columnNames());
      assertThat(lake.rows("SHOW TBLPROPERTIES " + spec.id() + " ('format-version')").get(0).getString(1)).isEqualTo("2");
    }
    assertThat(lake.rows("SELECT DISTINCT spec_id FROM silver.clickstream_events.partitions")).isEmpty(); // empty, but declared:
    assertThat(lake.rows("DESCRIBE TABLE EXTENDED silver.clickstream_events").stream().map(r -> r.getString(0) + " " + r.getString(1)).toList())
        .anyMatch(s -> s.contains("days(event_timestamp)"));
    assertThat(new TableMigrator(lake.spark(), lake.config()).migrateAll()).isEmpty();
  }

  @Test
  void aJobMigratesOnlyTheTablesOfTheNamespacesItWrites() {
    assertThat(TableMigrator.writtenBy(dev.lakehouse.contract.pipeline.JobAccess.GOLD)).extracting(s -> s.id().namespace())
        .containsOnly("gold", "ops").contains("gold", "ops");
    assertThat(TableMigrator.writtenBy(dev.lakehouse.contract.pipeline.JobAccess.BRONZE)).extracting(s -> s.id().toString())
        .contains(Tables.BRONZE_ORDERS.toString()).doesNotContain(Tables.SILVER_ORDERS.toString(), Tables.GOLD_ORDER_FACTS.toString());
    assertThat(TableMigrator.writtenBy(dev.lakehouse.contract.pipeline.JobAccess.MAINTENANCE)).hasSameSizeAs(TableRegistry.all());
  }

  @Test
  void addsDeclaredColumnsATableLacksAndKeepsItsData() {
    lake.spark().sql("DROP TABLE ops.job_state PURGE");
    lake.spark().sql("CREATE TABLE ops.job_state (job STRING, source_table STRING) USING iceberg");
    lake.spark().sql("INSERT INTO ops.job_state VALUES ('silver-orders', 'bronze.orders_raw')");

    List<String> ddl = new TableMigrator(lake.spark(), lake.config()).migrate(List.of(TableRegistry.spec(Tables.OPS_JOB_STATE)));

    assertThat(ddl).filteredOn(s -> s.startsWith("ALTER TABLE ops.job_state ADD COLUMN")).hasSize(3);
    // the hand-made table also lacks the declared write properties: the one other statement
    assertThat(ddl).filteredOn(s -> !s.startsWith("ALTER TABLE ops.job_state ADD COLUMN"))
        .singleElement()
        .satisfies(s -> assertThat(s).startsWith("ALTER TABLE ops.job_state SET TBLPROPERTIES"));
    assertThat(List.of(lake.spark().table("ops.job_state").columns())).containsExactly("job", "source_table", "last_snapshot_id", "run_id", "updated_at");
    assertThat(lake.rows("SELECT job, last_snapshot_id FROM ops.job_state").get(0).getString(0)).isEqualTo("silver-orders");
  }

  @Test
  void bringsAnExistingTablesWritePropertiesInLineWithItsDeclarationAndKeepsItsData() {
    TableSpec spec = TableRegistry.spec(Tables.OPS_JOB_STATE);
    lake.spark().sql("INSERT INTO ops.job_state VALUES ('silver-orders', 'bronze.orders_raw', 7, 'r1', current_timestamp())");
    // as a table created by an older declaration would be: another value, and one property missing
    lake.spark().sql("ALTER TABLE ops.job_state SET TBLPROPERTIES ('write.parquet.compression-codec' = 'snappy')");
    lake.spark().sql("ALTER TABLE ops.job_state UNSET TBLPROPERTIES ('write.parquet.dict-size-bytes')");

    List<String> ddl = new TableMigrator(lake.spark(), lake.config()).migrate(List.of(spec));

    assertThat(ddl).hasSize(1).allMatch(s -> s.startsWith("ALTER TABLE ops.job_state SET TBLPROPERTIES"));
    for (String property : List.of("write.parquet.compression-codec", "write.parquet.dict-size-bytes")) {
      assertThat(lake.rows("SHOW TBLPROPERTIES ops.job_state ('" + property + "')").get(0).getString(1))
          .as(property)
          .isEqualTo(spec.properties().get(property))
          .isNotNull();
    }
    assertThat(lake.rows("SELECT last_snapshot_id FROM ops.job_state WHERE job = 'silver-orders'").get(0).getLong(0)).isEqualTo(7);
    assertThat(new TableMigrator(lake.spark(), lake.config()).migrate(List.of(spec))).isEmpty();
  }

  @Test
  void refusesToMigrateAColumnWhoseTypeChanged() {
    lake.spark().sql("DROP TABLE ops.job_state PURGE");
    lake.spark().sql("CREATE TABLE ops.job_state (job STRING, source_table STRING, last_snapshot_id STRING) USING iceberg");
    assertThatThrownBy(() -> new TableMigrator(lake.spark(), lake.config()).migrate(List.of(TableRegistry.spec(Tables.OPS_JOB_STATE))))
        .hasMessageContaining("ops.job_state")
        .hasMessageContaining("last_snapshot_id is string in the catalog but declared bigint");
  }
}
