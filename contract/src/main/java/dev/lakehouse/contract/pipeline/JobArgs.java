package dev.lakehouse.contract.pipeline;

/**
 * The job-argument keys of the Spark jobs, without the leading {@code --}. Infra writes them as Glue
 * default arguments ({@link #flag}), local mode passes them in a map, and the jobs read them through
 * {@code JobConfig}: every side uses these constants, so a renamed key fails to compile everywhere.
 */
public final class JobArgs {
  /** Which catalog job to run ({@link PipelineJob#id()}); the one job entry point dispatches on it. */
  public static final String JOB = "lakehouse-job";

  // Catalog and session
  public static final String CATALOG = "catalog";
  public static final String WAREHOUSE = "warehouse";
  public static final String LAKE_ROOT = "lake-root";
  public static final String KMS_KEY_ARN = "kms-key-arn";
  /** The landed raw files' key: objects the erasure rewrites keep it. */
  public static final String RAW_KMS_KEY_ARN = "raw-kms-key-arn";
  public static final String GLUE_CATALOG_ID = "glue-catalog-id";
  public static final String APP_NAME = "app-name";
  public static final String SPARK_MASTER = "spark-master";
  public static final String SPARK_LOCAL_DIR = "spark-local-dir";
  public static final String SHUFFLE_PARTITIONS = "shuffle-partitions";
  public static final String RUN_ID = "run-id";

  // PII
  public static final String PII_HASH_KEY = "pii-hash-key";
  public static final String PII_HASH_KEY_SECRET = "pii-hash-key-secret";

  // Bronze
  public static final String KAFKA_BOOTSTRAP = "kafka-bootstrap";
  public static final String KAFKA_AUTH = "kafka-auth";
  public static final String KAFKA_TOPIC = "kafka-topic";
  public static final String KAFKA_MIN_PARTITIONS = "kafka-min-partitions";
  public static final String MAX_FILES_PER_TRIGGER = "max-files-per-trigger";

  // Silver
  public static final String FUTURE_SKEW_MINUTES = "future-skew-minutes";

  // Gold
  public static final String AS_OF_DATE = "as-of-date";
  public static final String LOOKBACK_DAYS = "lookback-days";
  public static final String BACKFILL = "backfill";
  /** The largest share (0–1) of a gold table's rows in a run's window that the run may delete; more stops the publish. */
  public static final String MAX_DELETE_SHARE = "max-delete-share";
  /** Silver: read the whole of bronze again, not only what is new since the last run (MERGE keeps it idempotent). */
  public static final String REPROCESS = "reprocess";
  /** Test hook: the gold table named here fails its audit. */
  public static final String FAIL_AT = "fail-at";

  // Maintenance and snapshot operations
  public static final String NAMESPACES = "namespaces";
  public static final String SNAPSHOT_RETENTION_DAYS = "snapshot-retention-days";
  public static final String RETAIN_LAST = "retain-last";
  public static final String ORPHAN_AGE_HOURS = "orphan-age-hours";
  /** A table ("gold.x"), several ("gold.a,gold.b"), or every table of a namespace ("gold.*"). */
  public static final String TABLE = "table";
  public static final String TO_SNAPSHOT = "to-snapshot";
  public static final String TO_TIMESTAMP = "to-timestamp";

  // Retention (days of data kept per layer, counted back from --as-of-date, default today UTC)
  public static final String RETENTION_BRONZE_DAYS = "retention-bronze-days";
  public static final String RETENTION_SILVER_DAYS = "retention-silver-days";
  public static final String RETENTION_REJECTED_DAYS = "retention-rejected-days";

  // Erasure (right to be forgotten); values are comma-separated lists
  public static final String ERASE_EMAILS = "erase-emails";
  public static final String ERASE_IDS = "erase-ids";
  public static final String REQUEST_ID = "request-id";
  public static final String REQUESTED_BY = "requested-by";
  /** The DR replica bucket, whose object versions an erasure deletes too (replication does not). */
  public static final String REPLICA_BUCKET = "replica-bucket";
  /** Where a job's run metrics go: {@code stdout} (EMF lines CloudWatch Logs extracts) or {@code file:<path>}. */
  public static final String METRICS = "metrics";
  /** Where the OpenLineage events go: file:&lt;path&gt; (local) or an https:// URL of a lineage service; none when absent. */
  public static final String LINEAGE = "lineage";

  // The writer lease ({@link LakeLease})
  /** The DynamoDB table of the lease; no lease is taken without it (tests of one job). */
  public static final String LEASE_TABLE = "lease-table";
  /** Who the job writes for: a state machine's execution, whose jobs share its lease; else the job run itself. */
  public static final String LEASE_OWNER = "lease-owner";
  /** How long a job waits for another writer's lease before it fails naming the holder. */
  public static final String LEASE_WAIT_MINUTES = "lease-wait-minutes";
  /** A DynamoDB endpoint other than AWS's (local mode's DynamoDB Local). */
  public static final String DYNAMODB_ENDPOINT = "dynamodb-endpoint";

  /** Values of {@link #CATALOG}. */
  public static final String CATALOG_LOCAL = "local";
  public static final String CATALOG_GLUE = "glue";

  /** Values of {@link #KAFKA_AUTH}. */
  public static final String KAFKA_AUTH_IAM = "iam";
  public static final String KAFKA_AUTH_NONE = "none";

  private JobArgs() {}

  /** The key as a Glue job argument: {@code --key}. */
  public static String flag(String key) {
    return "--" + key;
  }
}
