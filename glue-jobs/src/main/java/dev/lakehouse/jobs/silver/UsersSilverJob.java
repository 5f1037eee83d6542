package dev.lakehouse.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.quality.RejectReason;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.quality.QualityRule;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * {@code bronze.users_raw} → {@code silver.users} as an SCD Type 2 dimension maintained by MERGE.
 * Every new {@code updated_at} of a user is a version; versions arriving out of order are slotted
 * into the history (the affected users' chains are recomputed, then merged).
 */
public final class UsersSilverJob extends SilverJob {
  public UsersSilverJob(SparkSession spark, JobConfig config) {
    super(spark, config);
  }

  @Override
  public Source source() {
    return Source.USERS;
  }

  @Override
  protected Dataset<Row> classify(Dataset<Row> bronze, Timestamp runTime) {
    Dataset<Row> typed =
        bronze
            .withColumn("updated_typed", Timestamps.parse(trim(col("updated_at"))))
            .withColumn("signup_typed", trim(col("signup_date")).cast("date"));
    Column updated = col("updated_typed");
    Column signup = col("signup_typed");
    Rules rules =
        new Rules()
            .reject(RejectReason.MISSING_USER_ID, Rules.missing("user_id"))
            .reject(RejectReason.MISSING_TIMESTAMP, Rules.missing("updated_at"))
            .reject(RejectReason.INVALID_TIMESTAMP, Rules.unconvertible("updated_at", updated).or(Rules.unconvertible("signup_date", signup)))
            .reject(RejectReason.FUTURE_TIMESTAMP, updated.gt(Timestamps.futureLimit(runTime, config)));
    return typed.withColumn(Rules.REASONS, rules.reasonsUnlessCorrupt());
  }

  @Override
  protected List<Column> silverColumns(Timestamp runTime) {
    Column emailHash = pii.keyedHash(col("email"), true);
    Column device = trim(col("device_type"));
    Column country = upper(trim(col("country")));
    return List.of(
        trim(col("user_id")).as("user_id"),
        Pii.maskEmail(col("email")).as("email"),
        emailHash.as("email_hash"),
        col("signup_typed").as("signup_date"),
        device.as("device_type"),
        country.as("country"),
        col("updated_typed").as("updated_at"),
        col("updated_typed").as("valid_from"),
        lit(null).cast("timestamp").as("valid_to"),
        lit(true).as("is_current"),
        xxhash64(emailHash, col("signup_typed"), device, country).as("record_hash"),
        col("record_id").as("bronze_record_id"),
        lit(runTime).as("silver_ingestion_timestamp"),
        col("ingestion_timestamp"));
  }

  @Override
  protected List<String> latestFirst() {
    return List.of("ingestion_timestamp", "bronze_record_id");
  }

  /**
   * SCD2: new versions are inserted, and a version silver already holds (same user and
   * {@code updated_at}) is replaced when a later delivery carries different content; for every
   * affected user the chain (valid_to = next version's valid_from, is_current on the last) is
   * recomputed over old and new versions and merged.
   */
  @Override
  protected long write(Dataset<Row> batch, String runId, TargetRange range) {
    String target = Tables.SILVER_USERS.toString();
    long already = countExisting(batch, range);
    Dataset<Row> existing = spark.table(target);
    String[] silverColumns = existing.columns();
    Dataset<Row> affected = existing.join(batch.select("user_id").distinct(), "user_id"); // left semi on users in batch
    Dataset<Row> arriving = batch.select(cols(silverColumns));
    // a held version survives unless this batch brings the same version with other content
    Dataset<Row> kept = affected.select(cols(silverColumns))
        .join(arriving.select("user_id", "updated_at", "record_hash").withColumnRenamed("record_hash", "_new_hash"),
            scala.collection.JavaConverters.asScalaBuffer(List.of("user_id", "updated_at")).toSeq(), "left")
        .where(col("_new_hash").isNull().or(col("_new_hash").equalTo(col("record_hash"))))
        .drop("_new_hash");
    Dataset<Row> replacing = arriving.join(kept.select("user_id", "updated_at"),
        scala.collection.JavaConverters.asScalaBuffer(List.of("user_id", "updated_at")).toSeq(), "left_anti");
    Dataset<Row> chain =
        kept.unionByName(replacing)
            .withColumn("valid_to", lead(col("valid_from"), 1).over(Window.partitionBy("user_id").orderBy("valid_from")))
            .withColumn("is_current", col("valid_to").isNull());
    chain.createOrReplaceTempView("silver_users_chain");
    spark.sql(
        "MERGE INTO " + target + " t USING silver_users_chain s"
            + " ON t.user_id = s.user_id AND t.valid_from = s.valid_from"
            + " WHEN MATCHED AND s.record_hash <> t.record_hash THEN UPDATE SET *"
            + " WHEN MATCHED AND (NOT (t.valid_to <=> s.valid_to) OR t.is_current <> s.is_current)"
            + "   THEN UPDATE SET t.valid_to = s.valid_to, t.is_current = s.is_current"
            + " WHEN NOT MATCHED THEN INSERT *");
    return already;
  }

  @Override
  protected List<QualityRule> qualityRules() {
    return List.of(
        QualityRule.complete(QualityRule.Level.ERROR, "user_id"),
        QualityRule.unique(QualityRule.Level.ERROR, "user_id", "updated_at"),
        QualityRule.complete(QualityRule.Level.ERROR, "updated_at"),
        QualityRule.satisfies(
            QualityRule.Level.ERROR,
            "email_masked",
            Pii.maskedEmailPredicate("email"),
            1.0),
        QualityRule.satisfies(QualityRule.Level.WARNING, "email_present", "email_hash IS NOT NULL", 0.95));
  }
}
