package dev.lakehouse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import scala.Option;

/**
 * A real Kafka broker in this JVM, in KRaft mode (broker and controller in one process, no
 * ZooKeeper), keeping its log under a directory: a second run on the same directory sees the
 * same topics and offsets, so the orders job's checkpoint stays valid across local runs. Built on
 * the kafka-clients the Spark connector uses.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaRaftServer server;
  private final String bootstrap;
  private final Path tempDir;

  /** A throw-away broker (tests): its log is deleted on close. */
  public EmbeddedKafka() {
    this(tempDir(), 0, true);
  }

  /** A broker whose log lives in {@code dir}; {@code port} 0 picks a free one. */
  public EmbeddedKafka(Path dir, int port) {
    this(dir, port, false);
  }

  private EmbeddedKafka(Path dir, int port, boolean temporary) {
    this(dir, port, temporary, EmbeddedKafka::freePort);
  }

  /**
   * {@code freePorts} gives the ports to try when {@code port} is 0. A free port can be taken by
   * another process (the stand-ins start alongside) between finding it and the broker binding it:
   * a broker that cannot bind then tries new ports, up to {@value #BIND_ATTEMPTS} times.
   */
  EmbeddedKafka(Path dir, int port, boolean temporary, java.util.function.IntSupplier freePorts) {
    this.tempDir = temporary ? dir : null;
    Path logs = dir.resolve("log");
    try {
      Files.createDirectories(logs);
      Path meta = logs.resolve("meta.properties");
      if (!Files.exists(meta)) {
        // what `kafka-storage.sh format` writes; the bootstrap metadata then comes from the config
        Files.writeString(meta, "version=1\ncluster.id=" + Uuid.randomUuid() + "\nnode.id=1\n", StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Kafka failed to start in " + dir, e);
    }
    KafkaRaftServer started;
    int boundPort;
    for (int attempt = 1; ; attempt++) {
      int brokerPort = port == 0 ? freePorts.getAsInt() : requireFree(port);
      int controllerPort = freePorts.getAsInt();
      KafkaRaftServer starting = new KafkaRaftServer(KafkaConfig.fromProps(config(logs, brokerPort, controllerPort)), Time.SYSTEM, Option.empty());
      try {
        starting.startup();
        started = starting;
        boundPort = brokerPort;
        break;
      } catch (RuntimeException e) {
        stopQuietly(starting);
        if (port != 0 || attempt >= BIND_ATTEMPTS || !portTaken(e)) {
          throw e;
        }
      }
    }
    server = started;
    bootstrap = "127.0.0.1:" + boundPort;
    awaitReady();
  }

  static final int BIND_ATTEMPTS = 5;

  private static Properties config(Path logs, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logs.toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("log.retention.hours", "-1"); // local history is kept; the workdir is the retention
    return p;
  }

  /** Whether the broker failed because one of its ports was taken. */
  private static boolean portTaken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  private static void stopQuietly(KafkaRaftServer s) {
    try {
      s.shutdown();
      s.awaitShutdown();
    } catch (RuntimeException ignored) {
      // a broker that failed to start may already have stopped itself
    }
  }

  public String bootstrapServers() {
    return bootstrap;
  }

  /** Creates the topic unless it exists (a later run on the same directory keeps it). */
  public void createTopic(String topic, int partitions) {
    try (Admin admin = admin()) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      if (!existing.contains(topic)) {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + topic + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the topic and creates it again, empty (what a cluster migration or topic reset does). */
  public void recreateTopic(String topic, int partitions) {
    try (Admin admin = admin()) {
      admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        try {
          admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException e) {
          // the deletion completes asynchronously: "marked for deletion" / "already exists" until it has
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(200);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot re-create topic " + topic + ": " + e.getMessage(), e);
    }
  }

  /**
   * Publishes every value (null key) with one batching idempotent producer and waits until all
   * are acknowledged (one round trip per message made landing a million orders take minutes).
   */
  public void send(String topic, String... values) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
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

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }

  private void awaitReady() {
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("Kafka did not become ready: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    if (tempDir != null) {
      deleteRecursively(tempDir);
    }
  }

  private static int requireFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return port;
    } catch (IOException e) {
      throw new PortInUseException("Kafka port " + port + " is already in use; free it or pick another with --kafka-port");
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("kafka");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a temp directory
    }
  }

  /** A port the local platform needs is taken by another process. */
  public static final class PortInUseException extends IllegalStateException {
    public PortInUseException(String message) {
      super(message);
    }
  }
}
