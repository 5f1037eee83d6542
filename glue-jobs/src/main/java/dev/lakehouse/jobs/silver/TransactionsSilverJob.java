package dev.lakehouse.jobs.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.quality.RejectReason;
import dev.lakehouse.jobs.bronze.BronzeSchemas;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.quality.QualityRule;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@code bronze.transactions_raw} → {@code silver.transactions}: one row per transaction_id, card masked. */
public final class TransactionsSilverJob extends SilverJob {
  public TransactionsSilverJob(SparkSession spark, JobConfig config) {
    super(spark, config);
  }

  @Override
  public Source source() {
    return Source.TRANSACTIONS;
  }

  @Override
  protected Dataset<Row> classify(Dataset<Row> bronze, Timestamp runTime) {
    Dataset<Row> typed =
        bronze
            .withColumn("amount_dec", trim(col("amount")).cast("decimal(10,2)"))
            .withColumn("txn_ts", Timestamps.parse(trim(col("transaction_timestamp"))));
    Column amount = col("amount_dec");
    Column ts = col("txn_ts");
    Rules rules =
        new Rules()
            .reject(RejectReason.MISSING_TRANSACTION_ID, Rules.missing("transaction_id"))
            .reject(RejectReason.MISSING_SESSION_ID, Rules.missing("session_id"))
            .reject(RejectReason.MISSING_USER_ID, Rules.missing("user_id"))
            .reject(RejectReason.INVALID_NUMBER, Rules.missing("amount").or(amount.isNull()))
            .reject(RejectReason.NEGATIVE_AMOUNT, amount.lt(0))
            .reject(RejectReason.INVALID_CURRENCY, coalesce(upper(trim(col("currency"))).rlike("^[A-Z]{3}$"), lit(false)).unary_$bang())
            .reject(RejectReason.MISSING_TIMESTAMP, Rules.missing("transaction_timestamp"))
            .reject(RejectReason.INVALID_TIMESTAMP, Rules.unconvertible("transaction_timestamp", ts))
            .reject(RejectReason.FUTURE_TIMESTAMP, ts.gt(Timestamps.futureLimit(runTime, config)));
    return typed.withColumn(Rules.REASONS, rules.reasonsUnlessCorrupt());
  }

  @Override
  protected Column rawRecord() {
    // CSV rows that parsed keep their fields, not the raw line: rebuild the row for the reviewer.
    return coalesce(col("raw_value"), concat_ws(",", BronzeSchemas.fields(Source.TRANSACTIONS).stream().map(c -> coalesce(col(c), lit(""))).toArray(Column[]::new)));
  }

  @Override
  protected List<Column> silverColumns(Timestamp runTime) {
    Column currency = upper(trim(col("currency")));
    Column cardHash = pii.keyedHash(col("card_number"), false);
    return List.of(
        trim(col("transaction_id")).as("transaction_id"),
        trim(col("session_id")).as("session_id"),
        trim(col("user_id")).as("user_id"),
        col("amount_dec").as("amount"),
        currency.as("currency"),
        col("txn_ts").as("transaction_timestamp"),
        Pii.maskCard(col("card_number")).as("card_number_masked"),
        cardHash.as("card_number_hash"),
        col("ingestion_timestamp"),
        lit(runTime).as("silver_ingestion_timestamp"),
        xxhash64(trim(col("transaction_id")), trim(col("session_id")), trim(col("user_id")),
                col("amount_dec"), currency, col("txn_ts"), cardHash)
            .as("record_hash"),
        col("record_id").as("bronze_record_id"));
  }

  @Override
  protected List<String> latestFirst() {
    // as clickstream: a re-sent transaction keeps its latest time; ties broken by the latest arrival
    return List.of("transaction_timestamp", "ingestion_timestamp", "bronze_record_id");
  }

  @Override
  protected List<QualityRule> qualityRules() {
    return List.of(
        QualityRule.complete(QualityRule.Level.ERROR, "transaction_id"),
        QualityRule.unique(QualityRule.Level.ERROR, "transaction_id"),
        QualityRule.complete(QualityRule.Level.ERROR, "amount"),
        QualityRule.nonNegative(QualityRule.Level.ERROR, "amount"),
        QualityRule.satisfies(
            QualityRule.Level.ERROR,
            "card_number_masked",
            "card_number_masked IS NULL OR card_number_masked RLIKE '^[*]*[0-9]{0,4}$'",
            1.0),
        QualityRule.satisfies(QualityRule.Level.WARNING, "card_present", "card_number_hash IS NOT NULL", 0.95));
  }
}
