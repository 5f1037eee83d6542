package dev.lakehouse.jobs.config;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/** Reads a Secrets Manager secret's string value with the job's own credentials (the Glue job role). */
final class SecretValues {
  private SecretValues() {}

  static String read(String secretId) {
    try (SecretsManagerClient client = SecretsManagerClient.create()) {
      String value = client.getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build()).secretString();
      if (value == null || value.isBlank()) {
        throw new IllegalStateException("secret " + secretId + " has no string value");
      }
      return value;
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot read secret " + secretId + ": " + e.getMessage(), e);
    }
  }
}
