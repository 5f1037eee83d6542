package dev.lakehouse.contract.ingest;

/**
 * The environment-variable names the extractor Lambdas read. Infra sets them on the functions,
 * local mode and tests set them for the same handlers, and the handlers read them: all through
 * these constants.
 */
public final class ExtractorSettings {
  // Both extractors
  public static final String LAKE_BUCKET = "LAKE_BUCKET";
  public static final String LAKE_KMS_KEY_ID = "LAKE_KMS_KEY_ID";
  public static final String LEDGER_TABLE = "LEDGER_TABLE";
  public static final String AWS_REGION = "AWS_REGION";
  public static final String POWERTOOLS_SERVICE_NAME = "POWERTOOLS_SERVICE_NAME";
  public static final String POWERTOOLS_METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";

  // SFTP extractor
  public static final String SFTP_SECRET = "SFTP_SECRET";
  public static final String SFTP_HOST_KEY_FINGERPRINT = "SFTP_HOST_KEY_FINGERPRINT";
  public static final String SFTP_REMOTE_DIR = "SFTP_REMOTE_DIR";
  public static final String SFTP_PROCESSED_DIR = "SFTP_PROCESSED_DIR";
  public static final String SFTP_FILE_GLOB = "SFTP_FILE_GLOB";
  public static final String SFTP_AFTER_INGEST = "SFTP_AFTER_INGEST";
  public static final String SFTP_LEASE_SECONDS = "SFTP_LEASE_SECONDS";
  public static final String SFTP_MIN_FILE_AGE_SECONDS = "SFTP_MIN_FILE_AGE_SECONDS";
  public static final String SFTP_MAX_FILES_PER_RUN = "SFTP_MAX_FILES_PER_RUN";
  public static final String SFTP_PART_SIZE_BYTES = "SFTP_PART_SIZE_BYTES";
  public static final String SFTP_MAX_INVALID_ROW_RATIO = "SFTP_MAX_INVALID_ROW_RATIO";
  /** Landing attempts per file before it is quarantined as {@code LANDING_FAILED} (default 3). */
  public static final String SFTP_MAX_ATTEMPTS = "SFTP_MAX_ATTEMPTS";

  // RDS extractor
  public static final String RDS_SECRET = "RDS_SECRET";
  public static final String RDS_SOURCE_TABLE = "RDS_SOURCE_TABLE";
  public static final String RDS_SOURCE_NAME = "RDS_SOURCE_NAME";
  public static final String RDS_KEY_COLUMN = "RDS_KEY_COLUMN";
  public static final String RDS_UPDATED_AT_COLUMN = "RDS_UPDATED_AT_COLUMN";
  public static final String RDS_COLUMNS = "RDS_COLUMNS";
  public static final String RDS_SAFETY_LAG_SECONDS = "RDS_SAFETY_LAG_SECONDS";
  public static final String RDS_PAGE_ROWS = "RDS_PAGE_ROWS";
  public static final String RDS_FETCH_SIZE = "RDS_FETCH_SIZE";
  public static final String RDS_PART_SIZE_BYTES = "RDS_PART_SIZE_BYTES";

  // Local stand-ins instead of AWS (local mode and tests only; never set on AWS)
  public static final String LOCAL_ENDPOINT_S3 = "LAKEHOUSE_ENDPOINT_S3";
  public static final String LOCAL_ENDPOINT_DYNAMODB = "LAKEHOUSE_ENDPOINT_DYNAMODB";
  public static final String LOCAL_ACCESS_KEY = "LAKEHOUSE_LOCAL_ACCESS_KEY";
  public static final String LOCAL_SECRET_KEY = "LAKEHOUSE_LOCAL_SECRET_KEY";

  private ExtractorSettings() {}
}
