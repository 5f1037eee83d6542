package dev.lakehouse.jobs.config;

import dev.lakehouse.contract.pipeline.JobArgs;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Job configuration. On Glue it arrives as job arguments ({@code --key value}); locally as the same
 * arguments or {@code lakehouse.*} system properties. Read through small typed getters with defaults,
 * failing with a message that names the key.
 */
public final class JobConfig {
  public enum CatalogType {
    /** Iceberg Hadoop catalog on a directory (local mode and tests). */
    LOCAL,
    /** Iceberg GlueCatalog + S3FileIO with SSE-KMS (AWS). */
    GLUE
  }

  private final Map<String, String> values;

  private JobConfig(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new HashMap<>(values));
  }

  public static JobConfig of(Map<String, String> values) {
    return new JobConfig(values);
  }

  /** Parses {@code --key value} and {@code --key=value} pairs; system properties {@code lakehouse.key} fill gaps. */
  public static JobConfig fromArgs(String[] args) {
    Map<String, String> map = new HashMap<>();
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("lakehouse."))
        .forEach(k -> map.put(k.substring("lakehouse.".length()), System.getProperty(k)));
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument '" + a + "': expected --key value");
      }
      String key = a.substring(2);
      int eq = key.indexOf('=');
      if (eq >= 0) {
        map.put(key.substring(0, eq), key.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        map.put(key, args[++i]);
      } else {
        map.put(key, "true");
      }
    }
    return new JobConfig(map);
  }

  /** This configuration with {@code defaults} filling the keys it does not set. */
  public JobConfig withDefaults(Map<String, String> defaults) {
    Map<String, String> merged = new HashMap<>(defaults);
    merged.putAll(values);
    return new JobConfig(merged);
  }

  public JobConfig with(String key, String value) {
    Map<String, String> copy = new HashMap<>(values);
    copy.put(key, value);
    return new JobConfig(copy);
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
  }

  public String require(String key) {
    return get(key).orElseThrow(() -> new IllegalArgumentException("Missing required job argument --" + key));
  }

  public String get(String key, String defaultValue) {
    return get(key).orElse(defaultValue);
  }

  public int getInt(String key, int defaultValue) {
    String v = get(key).orElse(null);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Job argument --" + key + " must be an integer, got '" + v + "'");
    }
  }

  /** A share between 0 and 1 ({@code 0.5}); anything else is refused. */
  public double getShare(String key, double defaultValue) {
    String v = get(key).orElse(null);
    if (v == null) {
      return defaultValue;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (d >= 0 && d <= 1) {
        return d;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException("Job argument --" + key + " must be a share between 0 and 1, got '" + v + "'");
  }

  public CatalogType catalogType() {
    String v = get(JobArgs.CATALOG, JobArgs.CATALOG_LOCAL);
    try {
      return CatalogType.valueOf(v.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Job argument --" + JobArgs.CATALOG + " must be 'local' or 'glue', got '" + v + "'");
    }
  }

  /** Iceberg warehouse root: a directory locally, {@code s3://bucket/} on AWS. Tables live at warehouse/namespace/table. */
  public String warehouse() {
    return stripSlash(require(JobArgs.WAREHOUSE));
  }

  /** Root of the lake bucket (landing/, quarantine/, _checkpoints/); defaults to the warehouse. */
  public String lakeRoot() {
    return stripSlash(get(JobArgs.LAKE_ROOT).orElseGet(this::warehouse));
  }

  public String runId() {
    return get(JobArgs.RUN_ID)
        .orElseGet(
            () ->
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now())
                    + "-"
                    + UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * Key of the keyed hash that pseudonymises PII join keys. On AWS the job is given the secret's
   * ARN ({@code --pii-hash-key-secret}) and reads the value itself, so the key never appears in a
   * job definition or run arguments; locally a fixed development key is allowed.
   */
  public String piiHashKey() {
    Optional<String> direct = get(JobArgs.PII_HASH_KEY);
    if (direct.isPresent()) {
      return direct.get();
    }
    Optional<String> secret = get(JobArgs.PII_HASH_KEY_SECRET);
    if (secret.isPresent()) {
      return SecretValues.read(secret.get());
    }
    if (catalogType() == CatalogType.GLUE) {
      throw new IllegalArgumentException("Missing required job argument --" + JobArgs.PII_HASH_KEY_SECRET + " (the Secrets Manager secret of the PII hash key)");
    }
    return "local-development-pii-key";
  }

  /** Clock skew tolerated before a timestamp counts as "in the future". */
  public int futureSkewMinutes() {
    return getInt(JobArgs.FUTURE_SKEW_MINUTES, 5);
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
