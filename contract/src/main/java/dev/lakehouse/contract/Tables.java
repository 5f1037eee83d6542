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

  // Operations.
  public static final TableId OPS_DQ_RESULTS = new TableId(Namespaces.OPS, "dq_results");
  public static final TableId OPS_RECONCILIATION = new TableId(Namespaces.OPS, "reconciliation");
  public static final TableId OPS_JOB_STATE = new TableId(Namespaces.OPS, "job_state");

  private Tables() {}
}
