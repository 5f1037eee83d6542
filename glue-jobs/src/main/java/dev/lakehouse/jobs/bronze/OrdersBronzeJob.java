package dev.lakehouse.jobs.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.JobMetrics;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.jobs.LakehouseJob;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.lineage.TableActivity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Kafka topic {@code ecommerce-sales} → {@code bronze.orders_raw}. Structured Streaming with
 * {@code Trigger.AvailableNow} and a checkpoint: each run takes exactly the offsets that arrived
 * since the last one, keeping topic/partition/offset on every row.
 */
public final class OrdersBronzeJob implements LakehouseJob {
  private final SparkSession spark;
  private final JobConfig config;

  public OrdersBronzeJob(SparkSession spark, JobConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Runs until every offset available at start is in bronze. */
  @Override
  public BronzeAppend run() throws TimeoutException, StreamingQueryException {
    String topic = config.get(JobArgs.KAFKA_TOPIC, LakeLayout.ORDERS_TOPIC);
    TopicIncarnation incarnation = TopicIncarnation.resolve(spark, config, config.require(JobArgs.KAFKA_BOOTSTRAP), topic);
    TableActivity.readFrom("kafka://" + config.require(JobArgs.KAFKA_BOOTSTRAP).split(",")[0].strip() + "/" + topic);
    var reader =
        spark.readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", config.require(JobArgs.KAFKA_BOOTSTRAP))
            .option("subscribe", topic)
            .option("startingOffsets", "earliest")
            // Offsets expired before we read them are lost data: fail loudly rather than skip.
            .option("failOnDataLoss", "true");
    kafkaSecurity(config).forEach(reader::option);
    // Spark reads one task per topic partition unless told to split: 3 partitions on 2 cores run
    // in two waves, the second on one core. Splitting offset ranges evens the work out.
    config.get(JobArgs.KAFKA_MIN_PARTITIONS).ifPresent(n -> reader.option("minPartitions", n));
    Dataset<Row> stream = reader.load();

    BronzeAppender appender = new BronzeAppender(spark, Tables.BRONZE_ORDERS);
    AtomicLong appended = new AtomicLong();
    StreamingQuery query =
        stream.writeStream()
            .queryName(PipelineJob.BRONZE_ORDERS.id())
            .trigger(Trigger.AvailableNow())
            .option("checkpointLocation", incarnation.checkpoint())
            .foreachBatch(
                (VoidFunction2<Dataset<Row>, Long>)
                    (batch, batchId) -> appended.addAndGet(appender.appendKafka(toBronze(batch, incarnation.recordIdSuffix()))))
            .start();
    query.awaitTermination();
    return new BronzeAppend(Tables.BRONZE_ORDERS, appended.get(),
        java.util.Map.of(JobMetrics.KAFKA_OFFSET_LAG, (double) offsetLagAtStart(query.recentProgress(), appended.get())));
  }

  /**
   * The consumer's lag when the run started: per partition, the topic's end offset then minus the
   * checkpoint's offset, summed (Trigger.AvailableNow reads exactly that much). A first run, with no
   * checkpoint yet, lagged by everything it read and appended (a new checkpoint is a new topic
   * incarnation, so none of it was in bronze; Spark's input row counts include the batch's
   * emptiness probe).
   */
  static long offsetLagAtStart(StreamingQueryProgress[] progress, long appendedWithoutCheckpoint) {
    if (progress.length == 0) {
      return 0;
    }
    SourceProgress first = progress[0].sources()[0];
    if (first.startOffset() == null || first.latestOffset() == null) {
      return appendedWithoutCheckpoint;
    }
    java.util.Map<String, Long> start = offsets(first.startOffset());
    return offsets(first.latestOffset()).entrySet().stream().mapToLong(e -> e.getValue() - start.getOrDefault(e.getKey(), 0L)).sum();
  }

  /** Spark's Kafka offsets JSON ({@code {"topic":{"0":12,"1":7}}}) → offset per topic/partition. */
  private static java.util.Map<String, Long> offsets(String json) {
    java.util.Map<String, Long> offsets = new java.util.HashMap<>();
    try {
      new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).fields().forEachRemaining(topic ->
          topic.getValue().fields().forEachRemaining(p -> offsets.put(topic.getKey() + "/" + p.getKey(), p.getValue().asLong())));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Spark reported Kafka offsets that are not JSON: " + json, e);
    }
    return offsets;
  }

  /** MSK with IAM auth on AWS; plaintext locally. */
  static Map<String, String> kafkaSecurity(JobConfig config) {
    if (!JobArgs.KAFKA_AUTH_IAM.equals(config.get(JobArgs.KAFKA_AUTH, JobArgs.KAFKA_AUTH_NONE))) {
      return Map.of();
    }
    return Map.of(
        "kafka.security.protocol", "SASL_SSL",
        "kafka.sasl.mechanism", "AWS_MSK_IAM",
        "kafka.sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
        "kafka.sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
  }

  /**
   * Kafka rows (key, value, topic, partition, offset, timestamp) → bronze rows. Pure; the streaming
   * job and tests use the same transformation.
   */
  public static Dataset<Row> toBronze(Dataset<Row> kafkaRows) {
    return toBronze(kafkaRows, "");
  }

  /** As above; {@code recordIdSuffix} names a re-created topic's incarnation ({@link TopicIncarnation}). */
  static Dataset<Row> toBronze(Dataset<Row> kafkaRows, String recordIdSuffix) {
    Column raw = col("value").cast("string");
    Column parsed =
        from_json(
            raw,
            BronzeSchemas.parseSchema(Source.ORDERS),
            Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", BronzeSchemas.CORRUPT));
    Dataset<Row> withParsed =
        kafkaRows.select(
            concat(concat_ws("/", col("topic"), col("partition"), col("offset")), lit(recordIdSuffix)).as("record_id"),
            col("topic").as("kafka_topic"),
            col("partition").as("kafka_partition"),
            col("offset").as("kafka_offset"),
            col("timestamp").as("kafka_timestamp"),
            col("key").cast("string").as("kafka_key"),
            raw.as("raw_value"),
            parsed.as("p"));
    List<Column> out = new ArrayList<>();
    for (String c : List.of("record_id", "kafka_topic", "kafka_partition", "kafka_offset", "kafka_timestamp", "kafka_key", "raw_value")) {
      out.add(col(c));
    }
    for (String f : BronzeSchemas.fields(Source.ORDERS)) {
      out.add(col("p." + f).as(f));
    }
    out.add(parseError(col("p"), col("raw_value")).as("parse_error"));
    out.add(current_timestamp().as("ingestion_timestamp"));
    out.add(to_date(current_timestamp()).as("ingestion_date"));
    return withParsed.select(out.toArray(Column[]::new));
  }

  /** Null when the text parsed as a JSON object; otherwise why not. */
  static Column parseError(Column parsed, Column raw) {
    return when(raw.isNull(), lit("empty_record"))
        .when(parsed.isNull().or(parsed.getField(BronzeSchemas.CORRUPT).isNotNull()), lit("malformed_json"));
  }
}
