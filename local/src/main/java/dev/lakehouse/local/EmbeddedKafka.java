package dev.lakehouse.local;

import org.apache.spark.sql.kafka010.KafkaTestUtils;

/**
 * A real Kafka broker (with ZooKeeper) in this JVM: Spark's own Kafka test harness, built on the
 * same kafka-clients as the Spark connector, so the two share one classpath without conflict.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaTestUtils utils;

  public EmbeddedKafka() {
    utils = new KafkaTestUtils(KafkaTestUtils.$lessinit$greater$default$1(), false);
    utils.setup();
  }

  public String bootstrapServers() {
    return utils.brokerAddress();
  }

  public void createTopic(String topic, int partitions) {
    utils.createTopic(topic, partitions, true);
  }

  public void send(String topic, String... values) {
    utils.sendMessages(topic, values);
  }

  @Override
  public void close() {
    utils.teardown();
  }
}
