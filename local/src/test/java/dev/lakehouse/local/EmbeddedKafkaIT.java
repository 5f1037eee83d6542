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
  void aFreePortTakenBeforeTheBrokerBindsItIsReplacedByAnother(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      // the first "free" port is the one another process took meanwhile; then really free ones
      java.util.Iterator<Integer> ports = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(taken.getLocalPort()),
          java.util.stream.IntStream.generate(EmbeddedKafkaIT::free)).iterator();
      java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
      try (EmbeddedKafka kafka = new EmbeddedKafka(dir, 0, false, () -> {
        asked.incrementAndGet();
        return ports.next();
      })) {
        assertThat(kafka.bootstrapServers()).isNotEqualTo("127.0.0.1:" + taken.getLocalPort());
        assertThat(asked.get()).as("a broker and a controller port per attempt: the first attempt failed").isEqualTo(4);
        kafka.createTopic("t", 1);
        kafka.send("t", "a");
        assertThat(endOffset(kafka)).isEqualTo(1);
      }
    }
  }

  private static int free() {
    try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
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
