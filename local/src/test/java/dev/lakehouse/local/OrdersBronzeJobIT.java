package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.jobs.bronze.OrdersBronzeJob;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.silver.OrdersSilverJob;
import dev.lakehouse.jobs.support.LakeFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kafka → bronze through a real broker: incremental, checkpointed, and replay-safe. */
class OrdersBronzeJobIT {
  private static final String TOPIC = LakeLayout.ORDERS_TOPIC;
  private static EmbeddedKafka kafka;
  private final LakeFixture lake = LakeFixture.get();

  @BeforeAll
  static void startBroker() {
    kafka = new EmbeddedKafka();
    kafka.createTopic(TOPIC, 2);
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  private static String order(int i) {
    return "{\"order_id\":\"ORD-" + i + "\",\"timestamp\":\"2026-11-01T10:00:0" + (i % 10) + "Z\",\"product_id\":\"PROD-001\","
        + "\"product_name\":\"Mouse\",\"quantity\":1,\"price\":10.5,\"total\":10.5,\"customer_id\":\"CUST-" + i + "\","
        + "\"customer_email\":\"c" + i + "@example.com\",\"payment_method\":\"paypal\",\"shipping_address\":{\"street\":\"1 A St\","
        + "\"city\":\"Austin\",\"state\":\"TX\",\"zip_code\":\"73301\",\"country\":\"USA\"},\"status\":\"pending\",\"cancellation_reason\":null}";
  }

  @Test
  void readsNewOffsetsOnceAndReplaysAddNothing() throws Exception {
    lake.reset();
    JobConfig config = lake.config().with(JobArgs.KAFKA_BOOTSTRAP, kafka.bootstrapServers());
    kafka.send(TOPIC, order(1), order(2), order(3), "{broken json", order(5));

    assertThat(new OrdersBronzeJob(lake.spark(), config).run().rows()).isEqualTo(5);
    assertThat(lake.rows("SELECT count(DISTINCT kafka_partition, kafka_offset), count(*), count(parse_error) FROM bronze.orders_raw").get(0))
        .satisfies(r -> {
          assertThat(r.getLong(0)).isEqualTo(5);
          assertThat(r.getLong(1)).isEqualTo(5);
          assertThat(r.getLong(2)).isEqualTo(1);
        });
    assertThat(lake.rows("SELECT raw_value FROM bronze.orders_raw WHERE parse_error IS NOT NULL").get(0).getString(0)).isEqualTo("{broken json");
    assertThat(lake.rows("SELECT quantity, price, shipping_address.city FROM bronze.orders_raw WHERE order_id = 'ORD-2'").get(0))
        .satisfies(r -> {
          assertThat(r.getString(0)).isEqualTo("1"); // kept as received text
          assertThat(r.getString(1)).isEqualTo("10.5");
          assertThat(r.getString(2)).isEqualTo("Austin");
        });

    // Same checkpoint: nothing new.
    assertThat(new OrdersBronzeJob(lake.spark(), config).run().rows()).isZero();
    // Checkpoint lost: the topic is replayed from the earliest offset, and bronze still adds nothing.
    LakeFixture.deleteTree(Path.of(java.net.URI.create(config.lakeRoot() + "/" + LakeLayout.checkpointPrefix(Source.ORDERS))));
    assertThat(new OrdersBronzeJob(lake.spark(), config).run().rows()).isZero();
    assertThat(lake.count("bronze.orders_raw")).isEqualTo(5);

    // New messages: only they are read.
    kafka.send(TOPIC, order(6), order(7));
    assertThat(new OrdersBronzeJob(lake.spark(), config).run().rows()).isEqualTo(2);
    assertThat(lake.count("bronze.orders_raw")).isEqualTo(7);

    // And they flow on to silver: 6 valid orders, 1 corrupt record rejected.
    var result = new OrdersSilverJob(lake.spark(), config).run();
    assertThat(result.counts().silverRows()).isEqualTo(6);
    assertThat(result.counts().rejectedRows()).isEqualTo(1);

    // The topic is deleted and created again (a cluster migration): its new orders reuse offsets
    // 0..n, and bronze keeps them, named by the new topic's id; a replay of them adds nothing.
    kafka.recreateTopic(TOPIC, 2);
    kafka.send(TOPIC, order(8), order(9));
    assertThat(new OrdersBronzeJob(lake.spark(), config).run().rows()).isEqualTo(2);
    assertThat(lake.rows("SELECT order_id, record_id FROM bronze.orders_raw WHERE order_id IN ('ORD-8', 'ORD-9') ORDER BY order_id"))
        .extracting(r -> r.getString(0) + " " + r.getString(1).replaceAll("/\\d+/\\d+@.{22}$", "/p/o@<topic id>"))
        .containsExactly("ORD-8 " + TOPIC + "/p/o@<topic id>", "ORD-9 " + TOPIC + "/p/o@<topic id>");
    assertThat(new OrdersBronzeJob(lake.spark(), config).run().rows()).isZero();
    assertThat(lake.count("bronze.orders_raw")).isEqualTo(9);
    assertThat(new OrdersSilverJob(lake.spark(), config).run().counts().silverRows()).isEqualTo(2);
  }
}
