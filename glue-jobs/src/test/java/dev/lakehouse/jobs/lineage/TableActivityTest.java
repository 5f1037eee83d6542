package dev.lakehouse.jobs.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableActivityTest {
  @Test
  void onlyTheLakehouseCatalogsDataTablesCount() {
    assertThat(TableActivity.table("lakehouse.silver.orders")).contains("silver.orders");
    assertThat(TableActivity.table("lakehouse.gold.order_facts.snapshots")).as("a metadata table").isEmpty();
    assertThat(TableActivity.table("whole.silver.orders")).as("another catalog's table").isEmpty();
    assertThat(TableActivity.table(null)).isEqualTo(Optional.empty());
  }

  @Test
  void lineageNamesFollowOpenLineagesNaming() {
    assertThat(JobRunEvents.namespace("s3://lake-bucket/warehouse/silver/orders")).isEqualTo("s3://lake-bucket");
    assertThat(JobRunEvents.name("s3://lake-bucket/warehouse/silver/orders")).isEqualTo("warehouse/silver/orders");
    assertThat(JobRunEvents.namespace("file:/tmp/w/lake/landing/users/")).isEqualTo("file");
    assertThat(JobRunEvents.name("file:/tmp/w/lake/landing/users/")).isEqualTo("/tmp/w/lake/landing/users");
    assertThat(JobRunEvents.namespace("kafka://10.0.0.1:9098/ecommerce-sales")).isEqualTo("kafka://10.0.0.1:9098");
    assertThat(JobRunEvents.name("kafka://10.0.0.1:9098/ecommerce-sales")).isEqualTo("ecommerce-sales");
  }
}
