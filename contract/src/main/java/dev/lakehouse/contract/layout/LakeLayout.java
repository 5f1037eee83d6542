package dev.lakehouse.contract.layout;

import dev.lakehouse.contract.Source;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * Object-key layout of the lake bucket, shared by the Firehose delivery (infra), the extractor
 * Lambdas (writers) and the bronze jobs (readers). Lifecycle rules are keyed on these prefixes.
 */
public final class LakeLayout {
  /** Where sources land before bronze picks them up (Firehose, SFTP and RDS extractors). */
  public static final String LANDING = "landing/";

  public static final String BRONZE = "bronze/";
  public static final String SILVER = "silver/";
  public static final String GOLD = "gold/";
  public static final String OPS = "ops/";
  /** Whole files refused before bronze (e.g. a CSV with a wrong header), plus Firehose errors. */
  public static final String QUARANTINE = "quarantine/";
  /**
   * Erasure requests waiting to be carried out: the identifiers of the person, under the raw key,
   * read by the erasure job alone and deleted when the request is finished. Everything else that
   * carries a request (job arguments, a state machine's input, logs) names only its id.
   */
  public static final String ERASURE_REQUESTS = "erasure-requests/";

  /** The object of one pending erasure request. */
  public static String erasureRequestKey(String requestId) {
    return ERASURE_REQUESTS + requestId + ".json";
  }

  /** Structured Streaming checkpoints of the bronze jobs. */
  public static final String CHECKPOINTS = "_checkpoints/";

  /** Kafka topic carrying order lifecycle events (FastCart seed: {@code ecommerce-sales}). */
  public static final String ORDERS_TOPIC = "ecommerce-sales";

  private LakeLayout() {}

  /** Landing prefix of a file-based source, e.g. {@code landing/clickstream/}. */
  public static String landingPrefix(Source source) {
    if (source == Source.ORDERS) {
      throw new IllegalArgumentException("orders arrive through Kafka topic " + ORDERS_TOPIC + ", not files");
    }
    return LANDING + source.id() + "/";
  }

  /**
   * Firehose custom prefix (its {@code !{timestamp:...}} namespace is the arrival time), so landed
   * clickstream objects are partitioned by arrival date and hour.
   */
  public static String firehoseClickstreamPrefix() {
    return landingPrefix(Source.CLICKSTREAM)
        + "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";
  }

  public static String firehoseErrorPrefix() {
    return QUARANTINE + "firehose/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/";
  }

  /** The key prefix Firehose produces for one arrival hour (used by local mode and tests). */
  public static String clickstreamArrivalPrefix(ZonedDateTime arrival) {
    return landingPrefix(Source.CLICKSTREAM)
        + String.format(
            Locale.ROOT,
            "year=%04d/month=%02d/day=%02d/hour=%02d/",
            arrival.getYear(),
            arrival.getMonthValue(),
            arrival.getDayOfMonth(),
            arrival.getHour());
  }

  /** Key of a payment CSV pulled from SFTP: original file name under its ingestion date. */
  public static String transactionsFileKey(LocalDate ingestDate, String remoteFileName) {
    return landingPrefix(Source.TRANSACTIONS) + "ingest_date=" + ingestDate + "/" + remoteFileName;
  }

  /**
   * Landing key of a later version of an SFTP file (re-delivered under the same name with other
   * content): its own object, named by the version's mtime, so bronze reads it as a new file.
   */
  public static String transactionsFileKey(LocalDate ingestDate, String remoteFileName, long versionMtimeEpochSecond) {
    return transactionsFileKey(ingestDate, remoteFileName, Long.toString(versionMtimeEpochSecond, 36));
  }

  /** As above, the version named by a key-safe token (a version with the same mtime but other content adds its hash). */
  public static String transactionsFileKey(LocalDate ingestDate, String remoteFileName, String version) {
    int dot = remoteFileName.lastIndexOf('.');
    String stem = dot > 0 ? remoteFileName.substring(0, dot) : remoteFileName;
    String ext = dot > 0 ? remoteFileName.substring(dot) : "";
    return transactionsFileKey(ingestDate, stem + ".v" + version + ext);
  }

  /** Whole-file quarantine key for a refused SFTP file. */
  public static String transactionsQuarantineKey(LocalDate ingestDate, String remoteFileName) {
    return QUARANTINE + Source.TRANSACTIONS.id() + "/ingest_date=" + ingestDate + "/" + remoteFileName;
  }

  /**
   * Key of a page written again by a retried extract ({@code rewrite}: a key-safe token of the
   * retry). Never the first write's key: the table may have changed in between, and an
   * overwritten object is never read again by bronze; silver's dedup makes a repeated row harmless.
   */
  public static String usersExtractKey(String table, String fromToken, String toToken, int part, String rewrite) {
    return usersExtractKey(table, fromToken, toToken, part).replace(".ndjson.gz", "-r" + rewrite + ".ndjson.gz");
  }

  /**
   * Key of one RDS extract page for a watermark range, the same for every extract of that page.
   * {@code fromToken}/{@code toToken} are filesystem-safe watermark tokens.
   */
  public static String usersExtractKey(String table, String fromToken, String toToken, int part) {
    return landingPrefix(Source.USERS)
        + "table="
        + table
        + "/"
        + fromToken
        + "__"
        + toToken
        + String.format(Locale.ROOT, "-part%05d.ndjson.gz", part);
  }

  public static String checkpointPrefix(Source source) {
    return CHECKPOINTS + "bronze/" + source.id() + "/";
  }
}
