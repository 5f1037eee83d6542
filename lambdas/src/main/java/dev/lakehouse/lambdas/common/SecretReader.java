package dev.lakehouse.lambdas.common;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Reads a JSON secret (connection settings and credentials). An ARN or name goes to Secrets
 * Manager; {@code file:/path.json} reads a local file (local mode and tests, where no Secrets
 * Manager stand-in exists). The secret's values are never logged.
 */
public final class SecretReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SecretsManagerClient client;

  public SecretReader(SecretsManagerClient client) {
    this.client = client;
  }

  public Map<String, String> read(String secretId) {
    String text;
    if (secretId.startsWith("file:")) {
      try {
        text = Files.readString(Path.of(secretId.substring("file:".length())));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read secret file " + secretId + ": " + e.getMessage(), e);
      }
    } else {
      try {
        text = client.getSecretValue(b -> b.secretId(secretId)).secretString();
      } catch (SecretsManagerException e) {
        throw new IllegalStateException(
            "cannot read secret " + secretId + " from Secrets Manager: " + e.awsErrorDetails().errorMessage(), e);
      }
    }
    try {
      return JSON.readValue(text, new TypeReference<Map<String, String>>() {});
    } catch (IOException e) {
      // the parser's message could quote secret content, so it is not passed on
      throw new IllegalStateException("secret " + secretId + " is not a flat JSON object of strings");
    }
  }
}
