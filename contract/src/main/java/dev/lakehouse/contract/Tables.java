package dev.lakehouse.contract;

/** Every table identifier the jobs, Lambdas and infra agree on. */
public final class Tables {
  // Bronze: as received plus ingestion metadata and source coordinates; append only.
  public static final TableId BRONZE_CLICKSTREAM = new TableId(Namespaces.BRONZE, "clickstream_raw");
  public static final TableId BRONZE_ORDERS = new TableId(Namespaces.BRONZE, "orders_raw");
  public static final TableId BRONZE_TRANSACTIONS = new TableId(Namespaces.BRONZE, "transactions_raw");
  public static final TableId BRONZE_USERS = new TableId(Namespaces.BRONZE, "users_raw");

  // Silver: typed, validated, deduplicated, PII-masked.
  public static final TableId SILVER_CLICKSTREAM = new TableId(Namespaces.SILVER, "clickstream_events");
  public static final TableId SILVER_ORDERS = new TableId(Namespaces.SILVER, "orders");
  public static final TableId SILVER_TRANSACTIONS = new TableId(Namespaces.SILVER, "transactions");
  public static final TableId SILVER_USERS = new TableId(Namespaces.SILVER, "users");

  // Silver quarantine: the record (PII-masked), a machine-readable reason, the run id and time.
  public static final TableId REJECTED_CLICKSTREAM = new TableId(Namespaces.SILVER, "clickstream_events_rejected");
  public static final TableId REJECTED_ORDERS = new TableId(Namespaces.SILVER, "orders_rejected");
  public static final TableId REJECTED_TRANSACTIONS = new TableId(Namespaces.SILVER, "transactions_rejected");
  public static final TableId REJECTED_USERS = new TableId(Namespaces.SILVER, "users_rejected");

  // Gold: what analysts query. MERGE-maintained over a look-back window; published by WAP.
  public static final TableId GOLD_USER_SESSION_ANALYSIS = new TableId(Namespaces.GOLD, "user_session_analysis");
  /** One row per order (the SPEC §8 order facts); the input of every sales and customer table. */
  public static final TableId GOLD_ORDER_FACTS = new TableId(Namespaces.GOLD, "order_facts");
  public static final TableId GOLD_DAILY_PRODUCT_REVENUE = new TableId(Namespaces.GOLD, "daily_product_revenue");
  public static final TableId GOLD_HOURLY_ORDER_TRENDS = new TableId(Namespaces.GOLD, "hourly_order_trends");
  public static final TableId GOLD_ORDER_STATUS_DISTRIBUTION = new TableId(Namespaces.GOLD, "order_status_distribution");
  public static final TableId GOLD_DAILY_CONVERSION_METRICS = new TableId(Namespaces.GOLD, "daily_conversion_metrics");
  public static final TableId GOLD_PAYMENT_METHOD_REVENUE = new TableId(Namespaces.GOLD, "payment_method_revenue");
  public static final TableId GOLD_TOP_PRODUCTS = new TableId(Namespaces.GOLD, "top_products");
  public static final TableId GOLD_TOP_CUSTOMERS = new TableId(Namespaces.GOLD, "top_customers");
  public static final TableId GOLD_CUSTOMER_SEGMENTS = new TableId(Namespaces.GOLD, "customer_segments");
  public static final TableId GOLD_PAYMENT_METHOD_PREFERENCES = new TableId(Namespaces.GOLD, "payment_method_preferences");
  public static final TableId GOLD_GEOGRAPHIC_ANALYSIS = new TableId(Namespaces.GOLD, "geographic_analysis");
  public static final TableId GOLD_CUSTOMER_RETENTION = new TableId(Namespaces.GOLD, "customer_retention");
  public static final TableId GOLD_PROCESSING_TIME_BY_SEGMENT = new TableId(Namespaces.GOLD, "processing_time_by_segment");

  // Operations.
  public static final TableId OPS_GOLD_RUNS = new TableId(Namespaces.OPS, "gold_runs");
  public static final TableId OPS_DQ_RESULTS = new TableId(Namespaces.OPS, "dq_results");
  public static final TableId OPS_RECONCILIATION = new TableId(Namespaces.OPS, "reconciliation");
  public static final TableId OPS_JOB_STATE = new TableId(Namespaces.OPS, "job_state");
  /** What each retention run deleted, per table. */
  public static final TableId OPS_RETENTION_RUNS = new TableId(Namespaces.OPS, "retention_runs");
  /** The audit of every erasure request (the subject only as keyed hashes). */
  public static final TableId OPS_ERASURE_LOG = new TableId(Namespaces.OPS, "erasure_log");
  /** Who was erased, as keyed hashes: silver suppresses their rows when a source sends them again. */
  public static final TableId OPS_ERASED_SUBJECTS = new TableId(Namespaces.OPS, "erased_subjects");

  private Tables() {}
}
