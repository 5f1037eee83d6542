package dev.lakehouse.jobs.bronze;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.jobs.config.JobConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which incarnation of the orders topic bronze is reading. A topic deleted and created again
 * (cluster migration, topic reset) has a new topic id and starts its offsets at 0 again, so
 * topic/partition/offset alone would name its new records like old ones and bronze would skip
 * them. The topic id the existing checkpoint belongs to is kept next to it; a topic with another
 * id is read from its start with a checkpoint of its own, and its record ids carry the id.
 */
record TopicIncarnation(String topicId, String checkpoint, String recordIdSuffix, boolean recreated) {
  private static final Logger LOG = LoggerFactory.getLogger(TopicIncarnation.class);

  static TopicIncarnation resolve(SparkSession spark, JobConfig config, String bootstrap, String topic) {
    String base = config.lakeRoot() + "/" + LakeLayout.checkpointPrefix(Source.ORDERS);
    Optional<String> id = topicId(config, bootstrap, topic);
    if (id.isEmpty()) {
      return new TopicIncarnation("", base, "", false); // no topic yet: nothing to read, nothing to remember
    }
    Path marker = new Path(base.substring(0, base.length() - 1) + ".topic-id");
    try {
      FileSystem fs = marker.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(marker)) {
        try (FSDataOutputStream out = fs.create(marker, false)) {
          out.write(id.get().getBytes(StandardCharsets.UTF_8));
        }
        return new TopicIncarnation(id.get(), base, "", false);
      }
      String first;
      try (var in = fs.open(marker)) {
        first = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      if (first.equals(id.get())) {
        return new TopicIncarnation(id.get(), base, "", false);
      }
      LOG.warn("Kafka topic {} was re-created: topic id {} (bronze first read {}); reading it from its start, with its own"
          + " checkpoint and record ids ending in @{}", topic, id.get(), first, id.get());
      return new TopicIncarnation(id.get(), base.substring(0, base.length() - 1) + "@" + id.get() + "/", "@" + id.get(), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the topic marker " + marker, e);
    }
  }

  private static Optional<String> topicId(JobConfig config, String bootstrap, String topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
    OrdersBronzeJob.kafkaSecurity(config).forEach((k, v) -> props.put(k.substring("kafka.".length()), v));
    try (Admin admin = Admin.create(props)) {
      return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get(2, TimeUnit.MINUTES).get(topic).topicId().toString());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      throw new IllegalStateException("cannot describe Kafka topic " + topic + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not describe topic " + topic + " within 2 minutes at " + bootstrap, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted describing Kafka topic " + topic, e);
    }
  }
}
