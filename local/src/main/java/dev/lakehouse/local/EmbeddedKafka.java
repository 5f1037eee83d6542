package dev.lakehouse.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
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

  /**
   * Publishes every value (null key) with one batching producer and waits until all are
   * acknowledged. The test harness's own send waits for each record in turn, one round trip per
   * message, which made landing a million orders take many minutes.
   */
  public void send(String topic, String... values) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>(values.length);
      for (String v : values) {
        sent.add(producer.send(new ProducerRecord<>(topic, v)));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing to " + topic, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("publishing to " + topic + " failed: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    utils.teardown();
  }
}
