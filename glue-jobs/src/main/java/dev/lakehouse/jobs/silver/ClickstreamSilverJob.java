package dev.lakehouse.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.transform_values;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.quality.Domains;
import dev.lakehouse.contract.quality.RejectReason;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.quality.QualityRule;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/** {@code bronze.clickstream_raw} → {@code silver.clickstream_events}: one row per event_id (kashio seed). */
public class ClickstreamSilverJob extends SilverJob {
  public ClickstreamSilverJob(SparkSession spark, JobConfig config) {
    super(spark, config);
  }

  @Override
  public Source source() {
    return Source.CLICKSTREAM;
  }

  @Override
  protected Dataset<Row> classify(Dataset<Row> bronze, Timestamp runTime) {
    Dataset<Row> typed = bronze.withColumn("event_ts", Timestamps.parse(col("event_timestamp")));
    Column ts = col("event_ts");
    Column type = lower(trim(col("event_type")));
    Rules rules =
        new Rules()
            .reject(RejectReason.MISSING_EVENT_ID, Rules.missing("event_id"))
            .reject(RejectReason.MISSING_SESSION_ID, Rules.missing("session_id"))
            .reject(RejectReason.MISSING_USER_ID, Rules.missing("user_id"))
            .reject(RejectReason.MISSING_EVENT_TYPE, Rules.missing("event_type"))
            .reject(RejectReason.MISSING_TIMESTAMP, Rules.missing("event_timestamp"))
            .reject(RejectReason.INVALID_TIMESTAMP, Rules.unconvertible("event_timestamp", ts))
            .reject(RejectReason.FUTURE_TIMESTAMP, ts.gt(Timestamps.futureLimit(runTime, config)))
            .reject(
                RejectReason.UNKNOWN_EVENT_TYPE,
                col("event_type").isNotNull().and(type.isin(Domains.EVENT_TYPES.toArray()).unary_$bang()));
    return typed.withColumn(Rules.REASONS, rules.reasonsUnlessCorrupt());
  }

  @Override
  protected List<Column> silverColumns(Timestamp runTime) {
    Column type = lower(trim(col("event_type")));
    return List.of(
        trim(col("event_id")).as("event_id"),
        trim(col("session_id")).as("session_id"),
        trim(col("user_id")).as("user_id"),
        type.as("event_type"),
        col("event_ts").as("event_timestamp"),
        // free text (search terms, URLs) may carry an email, a card or a phone number: scrubbed like a rejected record
        transform_values(from_json(col("event_details"), DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType)),
            (k, v) -> Pii.scrub(v)).as("event_details"),
        col("ingestion_timestamp"),
        lit(runTime).as("silver_ingestion_timestamp"),
        xxhash64(trim(col("event_id")), trim(col("session_id")), trim(col("user_id")), type, col("event_ts"), col("event_details"))
            .as("record_hash"),
        col("record_id").as("bronze_record_id"));
  }

  @Override
  protected List<String> latestFirst() {
    // kashio seed: keep the most recent event; ties broken by the latest arrival.
    return List.of("event_timestamp", "ingestion_timestamp", "bronze_record_id");
  }

  @Override
  protected List<QualityRule> qualityRules() {
    return List.of(
        QualityRule.complete(QualityRule.Level.ERROR, "event_id"),
        QualityRule.unique(QualityRule.Level.ERROR, "event_id"),
        QualityRule.complete(QualityRule.Level.ERROR, "user_id"),
        QualityRule.complete(QualityRule.Level.ERROR, "session_id"),
        QualityRule.complete(QualityRule.Level.ERROR, "event_timestamp"),
        QualityRule.containedIn(QualityRule.Level.ERROR, "event_type", Domains.EVENT_TYPES),
        QualityRule.satisfies(QualityRule.Level.WARNING, "event_details_present", "event_details IS NOT NULL", 0.95));
  }
}
