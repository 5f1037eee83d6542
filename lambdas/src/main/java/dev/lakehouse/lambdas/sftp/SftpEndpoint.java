package dev.lakehouse.lambdas.sftp;

import java.util.List;
import java.util.Map;

/**
 * Where and how to log in, from the secret ({@code host}, {@code port}, {@code username} and
 * {@code password} or {@code privateKey} in OpenSSH/PEM form, optional {@code passphrase}), plus
 * the host-key fingerprints pinned in configuration (comma-separated, to allow key rotation).
 */
public record SftpEndpoint(
    String host, int port, String username, String password, String privateKey, String passphrase,
    List<String> pinnedFingerprints) {

  public static SftpEndpoint fromSecret(Map<String, String> secret, String pinned) {
    String host = field(secret, "host");
    String user = field(secret, "username");
    int port;
    try {
      port = Integer.parseInt(secret.getOrDefault("port", "22"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SFTP secret field 'port' is not a number");
    }
    String password = secret.get("password");
    String key = secret.get("privateKey");
    if ((password == null || password.isEmpty()) && (key == null || key.isEmpty())) {
      throw new IllegalArgumentException("SFTP secret needs 'password' or 'privateKey'");
    }
    List<String> fps = List.of(pinned.split("\\s*,\\s*"));
    for (String fp : fps) {
      if (!fp.matches("(SHA256|MD5):\\S+")) {
        throw new IllegalArgumentException(
            "SFTP_HOST_KEY_FINGERPRINT entries look like SHA256:base64 (as ssh-keygen -lf prints), got '" + fp + "'");
      }
    }
    return new SftpEndpoint(host, port, user, password, key, secret.get("passphrase"), fps);
  }

  private static String field(Map<String, String> secret, String name) {
    String v = secret.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("SFTP secret has no '" + name + "' field");
    }
    return v;
  }

  @Override
  public String toString() {
    // never print credentials
    return username + "@" + host + ":" + port;
  }
}
