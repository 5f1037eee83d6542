package dev.lakehouse.contract.schema;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versioned declaration of every bronze, silver and ops table. Jobs run a migrate step from it
 * at start (create if absent, add missing columns), so local and Glue tables are identical.
 * Columns are only ever added here, never renamed or dropped (Iceberg schema evolution by name).
 */
public final class TableRegistry {
  /** Bumped whenever a declaration below changes; recorded in each table's properties. */
  public static final int SCHEMA_VERSION = 1;

  private static final Map<TableId, TableSpec> SPECS = new LinkedHashMap<>();

  /**
   * Bronze appends are written by every task in parallel (no shuffle before the write): a batch
   * lands as one file per input split, so the silver read that follows is parallel too.
   */
  private static final java.util.Map<String, String> BRONZE_WRITE =
      java.util.Map.of("write.distribution-mode", "none", "write.spark.fanout.enabled", "true");

  /**
   * Large silver tables are written straight from the job's deduplicated partitions (no shuffle
   * by table partition first): a few more files per run, compacted later by rewrite_data_files.
   * A re-send replaces its row by a position delete plus the new row (merge-on-read), not by
   * rewriting every file that holds one: re-sends spread over all of silver's days.
   */
  private static final java.util.Map<String, String> SILVER_WRITE = java.util.Map.of("write.distribution-mode", "none",
      "write.spark.fanout.enabled", "true", "write.merge.mode", "merge-on-read", "write.update.mode", "merge-on-read");

  /** Gold writes go to an audit branch first and are published only after their checks pass. */
  private static final java.util.Map<String, String> GOLD_WRITE = java.util.Map.of("write.wap.enabled", "true");



  static {
    // ---------------------------------------------------------------- bronze
    register(
        TableSpec.builder(Tables.BRONZE_ORDERS)
            .comment("Order lifecycle events exactly as read from Kafka; JSON fields kept as received text")
            .column("record_id", "STRING", "topic/partition/offset of the Kafka record")
            .column("kafka_topic", "STRING", "")
            .column("kafka_partition", "INT", "")
            .column("kafka_offset", "BIGINT", "")
            .column("kafka_timestamp", "TIMESTAMP", "broker append time")
            .column("kafka_key", "STRING", "")
            .column("raw_value", "STRING", "message value exactly as received")
            .sourceField("order_id", "STRING", "")
            .sourceField("timestamp", "STRING", "")
            .sourceField("product_id", "STRING", "")
            .sourceField("product_name", "STRING", "")
            .sourceField("quantity", "STRING", "")
            .sourceField("price", "STRING", "")
            .sourceField("total", "STRING", "")
            .sourceField("customer_id", "STRING", "")
            .sourceField("customer_email", "STRING", "clear PII: bronze access is restricted")
            .sourceField("payment_method", "STRING", "")
            .sourceField(
                "shipping_address",
                "STRUCT<street: STRING, city: STRING, state: STRING, zip_code: STRING, country: STRING>",
                "")
            .sourceField("status", "STRING", "")
            .sourceField("cancellation_reason", "STRING", "")
            .column("parse_error", "STRING", "null when the value parsed as a JSON object")
            .columns(ingestionColumns())
            .partitionedBy("ingestion_date")
            .properties(BRONZE_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.BRONZE_CLICKSTREAM)
            .comment("Clickstream events exactly as Firehose landed them; JSON fields kept as received text")
            .column("record_id", "STRING", "object key + line position")
            .column("source_file", "STRING", "landed object key")
            .column("raw_value", "STRING", "the line exactly as received")
            .sourceField("event_id", "STRING", "")
            .sourceField("session_id", "STRING", "")
            .sourceField("user_id", "STRING", "")
            .sourceField("event_type", "STRING", "")
            .sourceField("event_timestamp", "STRING", "")
            .sourceField("event_details", "STRING", "JSON object text")
            .column("parse_error", "STRING", "null when the line parsed as a JSON object")
            .columns(ingestionColumns())
            .partitionedBy("ingestion_date")
            .properties(BRONZE_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.BRONZE_TRANSACTIONS)
            .comment("Payment CSV rows exactly as the SFTP extractor landed them (all fields as text)")
            .column("record_id", "STRING", "object key + row position")
            .column("source_file", "STRING", "landed object key")
            .column("raw_value", "STRING", "the raw row, kept when it could not be parsed")
            .sourceField("transaction_id", "STRING", "")
            .sourceField("session_id", "STRING", "")
            .sourceField("user_id", "STRING", "")
            .sourceField("amount", "STRING", "")
            .sourceField("currency", "STRING", "")
            .sourceField("transaction_timestamp", "STRING", "")
            .sourceField("card_number", "STRING", "clear PII: bronze access is restricted")
            .column("parse_error", "STRING", "null when the row had the declared column count")
            .columns(ingestionColumns())
            .partitionedBy("ingestion_date")
            .properties(BRONZE_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.BRONZE_USERS)
            .comment("Rows of the source users table as the RDS extractor landed them (NDJSON)")
            .column("record_id", "STRING", "object key + line position")
            .column("source_file", "STRING", "landed object key")
            .column("raw_value", "STRING", "the line exactly as received")
            .sourceField("user_id", "STRING", "")
            .sourceField("email", "STRING", "clear PII: bronze access is restricted")
            .sourceField("signup_date", "STRING", "")
            .sourceField("device_type", "STRING", "")
            .sourceField("country", "STRING", "")
            .sourceField("updated_at", "STRING", "")
            .column("parse_error", "STRING", "null when the line parsed as a JSON object")
            .columns(ingestionColumns())
            .partitionedBy("ingestion_date")
            .properties(BRONZE_WRITE)
            .build());

    // ---------------------------------------------------------------- silver
    register(
        TableSpec.builder(Tables.SILVER_CLICKSTREAM)
            .comment("Validated clickstream events, one row per event_id")
            .mergeKeys("event_id")
            .timeColumn("event_timestamp")
            .column("event_id", "STRING", "dedup key")
            .column("session_id", "STRING", "")
            .column("user_id", "STRING", "")
            .column("event_type", "STRING", "one of the allowed event types")
            .column("event_timestamp", "TIMESTAMP", "event time (UTC)")
            .column("event_details", "MAP<STRING, STRING>", "")
            .columns(silverLineageColumns())
            .partitionedBy("days(event_timestamp)")
            .properties(SILVER_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.SILVER_TRANSACTIONS)
            .comment("Validated payment transactions, one row per transaction_id; card numbers masked")
            .mergeKeys("transaction_id")
            .timeColumn("transaction_timestamp")
            .column("transaction_id", "STRING", "dedup key")
            .column("session_id", "STRING", "")
            .column("user_id", "STRING", "")
            .column("amount", "DECIMAL(10,2)", ">= 0")
            .column("currency", "STRING", "ISO-4217 code")
            .column("transaction_timestamp", "TIMESTAMP", "UTC")
            .column("card_number_masked", "STRING", "all but the last 4 digits masked")
            .column("card_number_hash", "STRING", "HMAC-SHA256 of the card number's digits (join key)")
            .columns(silverLineageColumns())
            .partitionedBy("days(transaction_timestamp)")
            .properties(SILVER_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.SILVER_ORDERS)
            .comment("Validated order lifecycle events (FastCart rules), one row per (order_id, timestamp)")
            .mergeKeys("order_id", "timestamp")
            .timeColumn("timestamp")
            .column("order_id", "STRING", "")
            .column("timestamp", "TIMESTAMP", "event time (UTC); with order_id the dedup key")
            .column("product_id", "STRING", "")
            .column("product_name", "STRING", "")
            .column("quantity", "INT", "")
            .column("price", "DECIMAL(10,2)", "")
            .column("total", "DECIMAL(12,2)", "= price * quantity within 0.01")
            .column("customer_id", "STRING", "")
            .column("customer_email", "STRING", "masked")
            .column("customer_email_hash", "STRING", "HMAC-SHA256 of the trimmed, lower-cased email")
            .column("payment_method", "STRING", "")
            .column("shipping_street", "STRING", "")
            .column("shipping_city", "STRING", "")
            .column("shipping_state", "STRING", "")
            .column("shipping_zip_code", "STRING", "")
            .column("shipping_country", "STRING", "")
            .column("status", "STRING", "pending, confirmed, processing, shipped or cancelled")
            .column("cancellation_reason", "STRING", "only for cancelled orders")
            .column("ingestion_timestamp", "TIMESTAMP", "bronze ingestion time")
            .column("ingestion_date", "DATE", "bronze ingestion date")
            .column("silver_ingestion_timestamp", "TIMESTAMP", "")
            .column("silver_ingestion_date", "DATE", "")
            .column(
                "data_quality_score",
                "BOOLEAN",
                "true when every non-blocking rule passes (email, full address, cancellation reason)")
            .column("record_hash", "BIGINT", "xxhash64 of the business columns, to skip no-op updates")
            .column("bronze_record_id", "STRING", "")
            .partitionedBy("silver_ingestion_date", "status")
            .properties(SILVER_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.SILVER_USERS)
            .comment("Users dimension, SCD Type 2 (one row per user version)")
            .mergeKeys("user_id", "updated_at")
            .column("user_id", "STRING", "")
            .column("email", "STRING", "masked")
            .column("email_hash", "STRING", "HMAC-SHA256 of the trimmed, lower-cased email")
            .column("signup_date", "DATE", "")
            .column("device_type", "STRING", "")
            .column("country", "STRING", "")
            .column("updated_at", "TIMESTAMP", "source row version")
            .column("valid_from", "TIMESTAMP", "= updated_at of this version")
            .column("valid_to", "TIMESTAMP", "updated_at of the next version; null when current")
            .column("is_current", "BOOLEAN", "")
            .column("record_hash", "BIGINT", "xxhash64 of the tracked columns")
            .column("bronze_record_id", "STRING", "")
            .column("silver_ingestion_timestamp", "TIMESTAMP", "")
            .build());

    for (TableId rejected :
        List.of(
            Tables.REJECTED_CLICKSTREAM,
            Tables.REJECTED_ORDERS,
            Tables.REJECTED_TRANSACTIONS,
            Tables.REJECTED_USERS)) {
      register(
          TableSpec.builder(rejected)
              .comment("Records that failed validation, with machine-readable reasons (PII masked)")
              .column("bronze_record_id", "STRING", "the bronze row (bronze keeps the clear original)")
              .column("source_ref", "STRING", "landed object key or Kafka topic/partition/offset")
              .column("raw_record", "STRING", "the record as received, emails and card numbers masked")
              .column("reason_code", "STRING", "first failed rule")
              .column("reason_codes", "ARRAY<STRING>", "every failed rule")
              .column("run_id", "STRING", "")
              .column("rejected_at", "TIMESTAMP", "")
              .column("ingestion_timestamp", "TIMESTAMP", "bronze ingestion time")
              .partitionedBy("days(rejected_at)")
              .build());
    }

        // ---------------------------------------------------------------- gold
    // Every gold table takes writes on an audit branch first (write-audit-publish).
    register(
        TableSpec.builder(Tables.GOLD_USER_SESSION_ANALYSIS)
            .comment("One row per (session_id, user_id): the session, its user's attributes at session start and its first transaction (kashio §2)")
            .mergeKeys("session_id", "user_id")
            .timeColumn("session_date")
            .notCompared("processing_timestamp")
            .column("user_id", "STRING", "")
            .column("session_id", "STRING", "")
            .column("signup_date", "DATE", "users SCD2 version valid at session start")
            .column("device_type", "STRING", "")
            .column("country", "STRING", "")
            .column("session_start_time", "TIMESTAMP", "first event")
            .column("session_end_time", "TIMESTAMP", "last event")
            .column("session_duration_seconds", "INT", "end - start")
            .column("session_date", "DATE", "UTC date of session_start_time; partition")
            .column("total_events", "INT", "")
            .column("event_types", "ARRAY<STRING>", "event types in time order, repeats kept")
            .column("first_event_type", "STRING", "")
            .column("last_event_type", "STRING", "")
            .column("transaction_id", "STRING", "the session's earliest valid transaction")
            .column("transaction_amount", "DECIMAL(10,2)", "")
            .column("transaction_currency", "STRING", "")
            .column("transaction_timestamp", "TIMESTAMP", "")
            .column("has_transaction", "BOOLEAN", "")
            .column("time_to_purchase_seconds", "INT", "transaction_timestamp - session_start_time")
            .column("processing_timestamp", "TIMESTAMP", "when this row was last written")
            .column("data_version", "INT", "version of the aggregation logic")
            .column("source_system", "STRING", "")
            .partitionedBy("days(session_date)")
            .property("write.parquet.compression-codec", "snappy")
            .property("write.merge.mode", "merge-on-read")
            .properties(GOLD_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.GOLD_ORDER_FACTS)
            .comment("One row per order (SPEC §8): created at its earliest event, attributes from its latest valid event")
            .mergeKeys("order_id")
            .timeColumn("order_date")
            .notCompared("processing_timestamp")
            .column("order_id", "STRING", "")
            .column("order_date", "DATE", "UTC date of created_at; partition")
            .column("created_at", "TIMESTAMP", "earliest event")
            .column("status", "STRING", "status of the latest event")
            .column("is_shipped", "BOOLEAN", "has a shipped event")
            .column("is_cancelled", "BOOLEAN", "has a cancelled event")
            .column("shipped_at", "TIMESTAMP", "earliest shipped event")
            .column("processing_time_minutes", "DOUBLE", "shipped_at - created_at")
            .column("customer_id", "STRING", "")
            .column("customer_email", "STRING", "masked")
            .column("product_id", "STRING", "")
            .column("product_name", "STRING", "")
            .column("quantity", "INT", "")
            .column("price", "DECIMAL(10,2)", "")
            .column("total", "DECIMAL(12,2)", "")
            .column("payment_method", "STRING", "")
            .column("shipping_state", "STRING", "")
            .column("processing_timestamp", "TIMESTAMP", "")
            .partitionedBy("order_date")
            .properties(GOLD_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.GOLD_DAILY_PRODUCT_REVENUE)
            .comment("Sales 1: revenue per product and order date, shipped orders only")
            .mergeKeys("date", "product_id", "product_name")
            .timeColumn("date")
            .column("date", "DATE", "order date")
            .column("product_id", "STRING", "")
            .column("product_name", "STRING", "")
            .column("total_revenue", "DECIMAL(18,2)", "sum(total)")
            .column("total_orders", "BIGINT", "count(distinct order_id)")
            .column("total_quantity_sold", "BIGINT", "sum(quantity)")
            .column("avg_order_value", "DECIMAL(18,2)", "total_revenue / total_orders")
            .column("min_price", "DECIMAL(10,2)", "")
            .column("max_price", "DECIMAL(10,2)", "")
            .partitionedBy("date")
            .properties(GOLD_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.GOLD_HOURLY_ORDER_TRENDS)
            .comment("Sales 2: per event hour, pending events as created, shipped events as completed")
            .mergeKeys("date", "hour")
            .timeColumn("date")
            .column("date", "DATE", "")
            .column("hour", "INT", "0-23 UTC")
            .column("orders_created_count", "BIGINT", "orders whose first pending event is in the hour")
            .column("orders_completed_count", "BIGINT", "")
            .column("revenue_per_hour", "DECIMAL(18,2)", "sum(total) of orders shipped in the hour")
            .column("avg_processing_time_minutes", "DOUBLE", "of orders shipped in the hour")
            .partitionedBy("date")
            .properties(GOLD_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.GOLD_ORDER_STATUS_DISTRIBUTION)
            .comment("Sales 3: orders per order date in their current status, all five statuses")
            .mergeKeys("date", "status")
            .timeColumn("date")
            .column("date", "DATE", "")
            .column("status", "STRING", "")
            .column("status_count", "BIGINT", "")
            .column("status_percentage", "DECIMAL(5,2)", "of the date's orders, 0-100")
            .column("total_revenue_by_status", "DECIMAL(18,2)", "sum(total) of the orders counted")
            .partitionedBy("date")
            .properties(GOLD_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.GOLD_DAILY_CONVERSION_METRICS)
            .comment("Sales 4: conversion and cancellation per order date")
            .mergeKeys("date")
            .timeColumn("date")
            .column("date", "DATE", "")
            .column("total_orders_created", "BIGINT", "")
            .column("total_orders_shipped", "BIGINT", "")
            .column("total_orders_cancelled", "BIGINT", "")
            .column("conversion_rate", "DECIMAL(5,2)", "shipped / created * 100")
            .column("cancellation_rate", "DECIMAL(5,2)", "cancelled / created * 100")
            .partitionedBy("date")
            .properties(GOLD_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.GOLD_PAYMENT_METHOD_REVENUE)
            .comment("Sales 5: shipped orders per order date and payment method")
            .mergeKeys("date", "payment_method")
            .timeColumn("date")
            .column("date", "DATE", "")
            .column("payment_method", "STRING", "")
            .column("total_revenue", "DECIMAL(18,2)", "")
            .column("order_count", "BIGINT", "")
            .column("avg_order_value", "DECIMAL(18,2)", "")
            .column("payment_method_percentage", "DECIMAL(5,2)", "of the date's shipped orders")
            .partitionedBy("date")
            .properties(GOLD_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.GOLD_TOP_PRODUCTS)
            .comment("Sales 6: all-time top 10 products by revenue and by quantity, shipped orders")
            .mergeKeys("ranking", "rank")
            .column("ranking", "STRING", "top_10_by_revenue or top_10_by_quantity")
            .column("rank", "INT", "1-10")
            .column("product_id", "STRING", "")
            .column("product_name", "STRING", "")
            .column("total_revenue", "DECIMAL(18,2)", "")
            .column("quantity_sold", "BIGINT", "")
            .properties(GOLD_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.GOLD_TOP_CUSTOMERS)
            .comment("Customers 1: all-time top 20 customers by shipped spend")
            .mergeKeys("rank")
            .column("rank", "INT", "1-20")
            .column("customer_id", "STRING", "")
            .column("customer_email", "STRING", "masked")
            .column("total_spent", "DECIMAL(18,2)", "")
            .column("order_count", "BIGINT", "shipped orders")
            .column("avg_order_value", "DECIMAL(18,2)", "")
            .column("first_order_date", "DATE", "")
            .column("last_order_date", "DATE", "")
            .column("customer_tenure_days", "INT", "as-of date - first_order_date")
            .properties(GOLD_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.GOLD_CUSTOMER_SEGMENTS)
            .comment("Customers 2: value segments by all-time shipped spend, one snapshot per as-of date")
            .mergeKeys("snapshot_date", "segment")
            .column("snapshot_date", "DATE", "")
            .column("segment", "STRING", "high_value, medium_value or low_value")
            .column("customer_count", "BIGINT", "")
            .column("total_revenue", "DECIMAL(18,2)", "")
            .column("avg_customer_value", "DECIMAL(18,2)", "")
            .column("segment_percentage", "DECIMAL(5,2)", "of all customers")
            .partitionedBy("snapshot_date")
            .properties(GOLD_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.GOLD_PAYMENT_METHOD_PREFERENCES)
            .comment("Customers 3: all-time use of each payment method, shipped orders")
            .mergeKeys("payment_method")
            .column("payment_method", "STRING", "")
            .column("payment_method_usage_count", "BIGINT", "")
            .column("payment_method_percentage", "DECIMAL(5,2)", "")
            .column("avg_order_value_by_method", "DECIMAL(18,2)", "")
            .column("total_revenue_by_method", "DECIMAL(18,2)", "")
            .properties(GOLD_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.GOLD_GEOGRAPHIC_ANALYSIS)
            .comment("Customers 4: all-time top 10 shipping states by order count, shipped orders")
            .mergeKeys("rank")
            .column("rank", "INT", "1-10")
            .column("shipping_state", "STRING", "")
            .column("order_count_by_state", "BIGINT", "")
            .column("revenue_by_state", "DECIMAL(18,2)", "")
            .column("avg_order_value_by_state", "DECIMAL(18,2)", "")
            .column("unique_customers_by_state", "BIGINT", "")
            .properties(GOLD_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.GOLD_CUSTOMER_RETENTION)
            .comment("Customers 5: repeat vs one-time customers by all-time shipped orders, one snapshot per as-of date")
            .mergeKeys("snapshot_date")
            .column("snapshot_date", "DATE", "")
            .column("repeat_customer_count", "BIGINT", "")
            .column("one_time_customer_count", "BIGINT", "")
            .column("repeat_customer_percentage", "DECIMAL(5,2)", "")
            .column("repeat_customer_revenue", "DECIMAL(18,2)", "")
            .column("repeat_customer_revenue_percentage", "DECIMAL(5,2)", "")
            .properties(GOLD_WRITE)
            .build());
    register(
        TableSpec.builder(Tables.GOLD_PROCESSING_TIME_BY_SEGMENT)
            .comment("Customers 6: pending-to-shipped minutes of shipped orders by the customer's value segment")
            .mergeKeys("customer_segment")
            .column("customer_segment", "STRING", "")
            .column("avg_processing_time_minutes", "DOUBLE", "")
            .column("median_processing_time_minutes", "DOUBLE", "exact, interpolated for even counts")
            .column("min_processing_time_minutes", "DOUBLE", "")
            .column("max_processing_time_minutes", "DOUBLE", "")
            .properties(GOLD_WRITE)
            .build());

    // ---------------------------------------------------------------- ops
    register(
        TableSpec.builder(Tables.OPS_DQ_RESULTS)
            .comment("Result of every data-quality constraint evaluated by a job")
            .column("run_id", "STRING", "")
            .column("job", "STRING", "")
            .column("table_name", "STRING", "the table the checked data was bound for")
            .column("check_level", "STRING", "error or warning")
            .column("check_description", "STRING", "")
            .column("constraint_name", "STRING", "")
            .column("status", "STRING", "Success or Failure")
            .column("message", "STRING", "")
            .column("metric_value", "DOUBLE", "observed value (e.g. completeness ratio)")
            .column("evaluated_at", "TIMESTAMP", "")
            .build());
    register(
        TableSpec.builder(Tables.OPS_RECONCILIATION)
            .comment("Per run and source: bronze rows = silver rows + rejected + duplicates removed + suppressed")
            .column("run_id", "STRING", "")
            .column("job", "STRING", "")
            .column("source", "STRING", "")
            .column("bronze_from_snapshot", "BIGINT", "exclusive; null for the first run")
            .column("bronze_to_snapshot", "BIGINT", "inclusive")
            .column("bronze_rows", "BIGINT", "bronze rows read this run")
            .column("silver_rows", "BIGINT", "new silver rows (measured on the table)")
            .column("rejected_rows", "BIGINT", "rows present in the rejected table for this batch")
            .column("duplicates_removed", "BIGINT", "in-batch duplicates + keys already in silver")
            .column("balanced", "BOOLEAN", "")
            .column("recorded_at", "TIMESTAMP", "")
            .column("suppressed_rows", "BIGINT", "rows of erased people a source sent again: counted, nothing of them kept (ops.erased_subjects)")
            .build());
    register(
TableSpec.builder(Tables.OPS_JOB_STATE)
            .comment("Last bronze snapshot each incremental job has fully processed")
            .column("job", "STRING", "")
            .column("source_table", "STRING", "")
            .column("last_snapshot_id", "BIGINT", "")
            .column("run_id", "STRING", "")
            .column("updated_at", "TIMESTAMP", "")
            .build());
    register(
        TableSpec.builder(Tables.OPS_GOLD_RUNS)
            .comment("Every gold run: its window, the late rows it applied, what it published")
            .column("run_id", "STRING", "")
            .column("as_of_date", "DATE", "")
            .column("window_start", "DATE", "first order/session date recomputed")
            .column("started_at", "TIMESTAMP", "")
            .column("finished_at", "TIMESTAMP", "")
            .column("status", "STRING", "publishing (journal written before the first table moves), published or failed")
            .column("late_orders_rows", "BIGINT", "silver order events from before the look-back, new since the last run (applied)")
            .column("late_clickstream_rows", "BIGINT", "")
            .column("late_transactions_rows", "BIGINT", "")
            .column("tables_published", "INT", "")
            .column("message", "STRING", "")
            .column("beyond_horizon_rows", "BIGINT", "changed silver rows dated before silver's retention horizon: kept in silver,"
                + " not applied (gold keeps those days)")
            .build());
  }

  static {
    register(
        TableSpec.builder(Tables.OPS_RETENTION_RUNS)
            .comment("Every retention run: per table, the cut-off, the rows and files it deleted, the snapshots around it")
            .column("run_id", "STRING", "")
            .column("table_name", "STRING", "")
            .column("retention_days", "INT", "")
            .column("cutoff", "DATE", "rows dated before this day were deleted")
            .column("predicate", "STRING", "the delete's condition")
            .column("rows_deleted", "BIGINT", "")
            .column("data_files_deleted", "BIGINT", "whole files dropped from the table's metadata")
            .column("data_files_rewritten", "BIGINT", "files rewritten without the deleted rows (0: a metadata-only delete)")
            .column("snapshot_before", "BIGINT", "")
            .column("snapshot_after", "BIGINT", "")
            .column("recorded_at", "TIMESTAMP", "")
            .column("deferred", "STRING", "why rows past retention were kept this time (their silver job has not read them yet); null when none")
            .build());
    register(
        TableSpec.builder(Tables.OPS_ERASURE_LOG)
            .comment("Erasure requests (right to be forgotten): one row when a request starts, one per place it removed rows from, one when it finished")
            .column("request_id", "STRING", "")
            .column("requested_at", "TIMESTAMP", "")
            .column("requested_by", "STRING", "who or what asked (ticket, person)")
            .column("subject_hashes", "ARRAY<STRING>", "HMAC-SHA256 of each identifier named in the request; never the identifier")
            .column("step", "STRING", "started, table, objects, finished")
            .column("target", "STRING", "the table or the object prefix acted on")
            .column("rows_removed", "BIGINT", "rows (or lines of landed objects) removed")
            .column("snapshot_before", "BIGINT", "the table's current snapshot before the delete")
            .column("snapshot_after", "BIGINT", "after it")
            .column("earliest_date", "DATE", "started: the oldest day of the subject's rows gold derives from (gold is recomputed from it)")
            .column("message", "STRING", "")
            .column("recorded_at", "TIMESTAMP", "")
            .build());
    register(
        TableSpec.builder(Tables.OPS_ERASED_SUBJECTS)
            .comment("Erased people, as keyed hashes of each of their ids and emails: a source that sends their rows again (a rebuilt"
                + " topic, a re-delivered file, a restored users table) has them suppressed in silver. A legal hold lifts a suppression"
                + " by deleting its rows (runbooks/gdpr-erasure.md)")
            .column("subject_hash", "STRING", "HMAC-SHA256 of an id, or of a trimmed, lower-cased email; never the identifier")
            .column("request_id", "STRING", "the erasure request that added it")
            .column("erased_at", "TIMESTAMP", "")
            .build());
  }

  private TableRegistry() {}

  private static void register(TableSpec spec) {
    if (SPECS.putIfAbsent(spec.id(), spec) != null) {
      throw new IllegalStateException("Table declared twice: " + spec.id());
    }
  }

  private static List<Column> ingestionColumns() {
    return List.of(
        new Column("ingestion_timestamp", "TIMESTAMP", true, "when the record was written to bronze"),
        new Column("ingestion_date", "DATE", true, "partition: UTC date of ingestion_timestamp"));
  }

  private static List<Column> silverLineageColumns() {
    return List.of(
        new Column("ingestion_timestamp", "TIMESTAMP", true, "bronze ingestion time"),
        new Column("silver_ingestion_timestamp", "TIMESTAMP", true, ""),
        new Column("record_hash", "BIGINT", true, "xxhash64 of the business columns"),
        new Column("bronze_record_id", "STRING", true, ""));
  }

  public static TableSpec spec(TableId id) {
    TableSpec spec = SPECS.get(id);
    if (spec == null) {
      throw new IllegalArgumentException("No table declared as " + id);
    }
    return spec;
  }

  public static List<TableSpec> all() {
    return List.copyOf(SPECS.values());
  }
}
