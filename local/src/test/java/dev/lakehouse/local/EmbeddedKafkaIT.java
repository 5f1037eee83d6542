package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local broker keeps topics and offsets across restarts on one directory, and names a taken port. */
class EmbeddedKafkaIT {
  @Test
  void aRestartedBrokerContinuesTheSameOffsets(@TempDir Path dir) {
    try (EmbeddedKafka kafka = new EmbeddedKafka(dir, 0)) {
      kafka.createTopic("t", 1);
      kafka.send("t", "a", "b", "c");
      assertThat(endOffset(kafka)).isEqualTo(3);
    }
    try (EmbeddedKafka kafka = new EmbeddedKafka(dir, 0)) {
      kafka.createTopic("t", 1); // exists: kept
      assertThat(endOffset(kafka)).isEqualTo(3);
      kafka.send("t", "d");
      assertThat(endOffset(kafka)).isEqualTo(4);
    }
  }

  @Test
  void aTakenPortIsRefusedByName(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> new EmbeddedKafka(dir, taken.getLocalPort()))
          .isInstanceOf(EmbeddedKafka.PortInUseException.class)
          .hasMessageContaining("Kafka port " + taken.getLocalPort() + " is already in use");
    }
  }

  private static long endOffset(EmbeddedKafka kafka) {
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition("t", 0);
      return c.endOffsets(List.of(tp)).get(tp);
    }
  }
}
