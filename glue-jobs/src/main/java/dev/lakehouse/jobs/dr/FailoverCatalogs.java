package dev.lakehouse.jobs.dr;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Iceberg catalog properties of both sides of a failover (pure; unit-tested without Spark or
 * AWS), and the Spark settings that name them. Locally the source is the run's Hadoop catalog and
 * the DR catalog a JdbcCatalog whose tables live in a bucket of the S3 stand-in; on AWS both are
 * Glue Data Catalogs (the primary region's and the DR region's) with S3FileIO.
 */
public final class FailoverCatalogs {
  static final String JDBC_CATALOG = "org.apache.iceberg.jdbc.JdbcCatalog";
  static final String GLUE_CATALOG = "org.apache.iceberg.aws.glue.GlueCatalog";
  static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";
  static final String RESOLVING_FILE_IO = "org.apache.iceberg.io.ResolvingFileIO";

  private FailoverCatalogs() {}

  /**
   * A JdbcCatalog on {@code jdbcUrl} (user and password in the URL) whose warehouse is
   * {@code s3://bucket/} of an S3-compatible endpoint, read and written with S3FileIO, path-style.
   */
  public static Map<String, String> jdbcOnS3Endpoint(String jdbcUrl, String s3Endpoint, String bucket, String accessKey, String secretKey) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("catalog-impl", JDBC_CATALOG);
    p.put("uri", jdbcUrl);
    // V1 adds the record type column (tables and views); new catalogs should start on it
    p.put("jdbc.schema-version", "V1");
    p.put("warehouse", "s3://" + bucket + "/");
    p.put("io-impl", S3_FILE_IO);
    p.put("s3.endpoint", s3Endpoint);
    // the stand-in serves buckets as paths, not as host names
    p.put("s3.path-style-access", "true");
    p.put("s3.access-key-id", accessKey);
    p.put("s3.secret-access-key", secretKey);
    p.put("client.region", "us-east-1");
    // the SDK's URL-connection client is the one on the local classpath (no Apache client)
    p.put("http-client.type", "urlconnection");
    return p;
  }

  /**
   * The primary region's Glue Data Catalog, the failover's source: its tables' metadata holds
   * {@code s3://<lake bucket>/} paths. With {@code replicaAccessPoint} (the ARN of an S3 access
   * point on the replica bucket), S3FileIO sends every request for the lake bucket to that access
   * point instead, so the replicated bytes are read while the lake bucket is unreachable (Iceberg
   * AWS docs, "S3 Access Points": {@code s3.access-points.<bucket>}; the access point is in the DR
   * region, hence {@code s3.use-arn-region-enabled}). The catalog itself must still answer.
   */
  public static Map<String, String> primaryGlue(String region, String account, String lakeBucket, Optional<String> replicaAccessPoint) {
    Map<String, String> p = glue(region, account, "s3://" + lakeBucket + "/");
    // s3:// to S3FileIO, file:/ to Hadoop: the rewritten metadata is staged on the operator's disk,
    // where Spark (which has no s3:// file system there) also writes rewrite_table_path's file list
    p.put("io-impl", RESOLVING_FILE_IO);
    replicaAccessPoint.ifPresent(arn -> {
      p.put("s3.access-points." + lakeBucket, arn);
      p.put("s3.use-arn-region-enabled", "true");
    });
    return p;
  }

  /**
   * The DR region's Glue Data Catalog, where the tables are registered: its warehouse is the
   * replica bucket, and what it writes is encrypted with the replica's KMS key (the bucket's own).
   */
  public static Map<String, String> drGlue(String drRegion, String account, String replicaBucket, String replicaKmsKey) {
    Map<String, String> p = glue(drRegion, account, "s3://" + replicaBucket + "/");
    p.put("s3.sse.type", "kms");
    p.put("s3.sse.key", replicaKmsKey);
    return p;
  }

  private static Map<String, String> glue(String region, String account, String warehouse) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("catalog-impl", GLUE_CATALOG);
    p.put("glue.id", account);
    p.put("client.region", region);
    p.put("warehouse", warehouse);
    p.put("io-impl", S3_FILE_IO);
    // as the jobs' catalog: Glue's version check is the commit lock, no archived table versions
    p.put("glue.skip-archive", "true");
    // the CLI runs the failover from an operator's machine: the SDK HTTP client it has
    p.put("http-client.type", "urlconnection");
    return p;
  }

  /** The Spark settings that make {@code properties} the Iceberg catalog {@code name} of a session. */
  public static Map<String, String> sparkConf(String name, Map<String, String> properties) {
    Map<String, String> conf = new LinkedHashMap<>();
    String prefix = "spark.sql.catalog." + name;
    conf.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
    // a failover registers and reads back at once: never a cached table
    conf.put(prefix + ".cache-enabled", "false");
    properties.forEach((k, v) -> conf.put(prefix + "." + k, v));
    return conf;
  }
}
