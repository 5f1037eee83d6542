package dev.lakehouse.jobs.silver;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.api.java.UDF1;

/**
 * HMAC-SHA256 of a string, hex-encoded, as a Spark UDF. The key travels inside this object to the
 * tasks, never in SQL text: plans, EXPLAIN output and logs show only {@code pii_hmac(...)}.
 */
final class KeyedHash implements UDF1<String, String> {
  static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;
  /** One Mac per task thread, made on first use (a Mac is neither serializable nor thread-safe). */
  private transient ThreadLocal<Mac> mac;

  KeyedHash(String key) {
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String call(String value) {
    if (value == null) {
      return null;
    }
    return HexFormat.of().formatHex(mac().doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  private Mac mac() {
    if (mac == null) {
      mac = ThreadLocal.withInitial(() -> {
        try {
          Mac m = Mac.getInstance(ALGORITHM);
          m.init(new SecretKeySpec(key, ALGORITHM));
          return m;
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
      });
    }
    return mac.get();
  }

  @Override
  public String toString() {
    return "KeyedHash(" + ALGORITHM + ")"; // never the key
  }
}
