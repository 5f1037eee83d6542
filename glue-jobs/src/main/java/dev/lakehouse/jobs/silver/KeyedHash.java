package dev.lakehouse.jobs.silver;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.api.java.UDF1;

/**
 * HMAC-SHA256 of a string, hex-encoded, as a Spark UDF. The key travels inside this object to the
 * tasks, never in SQL text: plans, EXPLAIN output and logs show only {@code pii_hmac(...)}. With
 * several keys (after rotations, oldest first) each HMAC is taken of the previous one's hex, so a
 * stored hash moves to a new key without the clear value: HMAC(new, stored).
 */
final class KeyedHash implements UDF1<String, String> {
  static final String ALGORITHM = "HmacSHA256";

  private final byte[][] keys;
  /** One Mac per key and task thread, made on first use (a Mac is neither serializable nor thread-safe). */
  private transient ThreadLocal<Mac[]> macs;

  KeyedHash(List<String> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one PII hash key");
    }
    this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  }

  @Override
  public String call(String value) {
    if (value == null) {
      return null;
    }
    String h = value;
    for (Mac mac : macs()) {
      h = HexFormat.of().formatHex(mac.doFinal(h.getBytes(StandardCharsets.UTF_8)));
    }
    return h;
  }

  private Mac[] macs() {
    if (macs == null) {
      macs = ThreadLocal.withInitial(() -> {
        try {
          Mac[] m = new Mac[keys.length];
          for (int i = 0; i < keys.length; i++) {
            m[i] = Mac.getInstance(ALGORITHM);
            m[i].init(new SecretKeySpec(keys[i], ALGORITHM));
          }
          return m;
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
      });
    }
    return macs.get();
  }

  @Override
  public String toString() {
    return "KeyedHash(" + ALGORITHM + ", " + keys.length + " keys)"; // never a key
  }
}
