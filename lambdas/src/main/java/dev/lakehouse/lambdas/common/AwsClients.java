package dev.lakehouse.lambdas.common;

import dev.lakehouse.contract.ingest.ExtractorSettings;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The SDK clients a function uses, built once per container and reused across invocations.
 * Building a client does no network I/O, so this is safe under SnapStart. Endpoint overrides
 * ({@code LAKEHOUSE_ENDPOINT_S3}, {@code LAKEHOUSE_ENDPOINT_DYNAMODB}) point the same code at the
 * local stand-ins; S3 then uses path-style addressing.
 */
public record AwsClients(S3Client s3, DynamoDbClient dynamo, SecretsManagerClient secrets) {

  public static AwsClients fromSettings(Settings settings) {
    Region region = Region.of(settings.string(ExtractorSettings.AWS_REGION, "us-east-1"));
    AwsCredentialsProvider creds = credentials(settings);
    Optional<String> s3Endpoint = settings.optional(ExtractorSettings.LOCAL_ENDPOINT_S3);
    var s3 =
        S3Client.builder()
            .region(region)
            .credentialsProvider(creds)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(o -> o.addExecutionInterceptor(new NoExpectContinue()));
    s3Endpoint.ifPresent(e -> s3.endpointOverride(URI.create(e)).forcePathStyle(true));
    var dynamo =
        DynamoDbClient.builder()
            .region(region)
            .credentialsProvider(creds)
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    settings.optional(ExtractorSettings.LOCAL_ENDPOINT_DYNAMODB).ifPresent(e -> dynamo.endpointOverride(URI.create(e)));
    var secrets =
        SecretsManagerClient.builder()
            .region(region)
            .credentialsProvider(creds)
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    return new AwsClients(s3.build(), dynamo.build(), secrets.build());
  }

  /** Static keys only when local mode sets them; otherwise the Lambda role via the default chain. */
  private static AwsCredentialsProvider credentials(Settings settings) {
    Optional<String> key = settings.optional(ExtractorSettings.LOCAL_ACCESS_KEY);
    if (key.isPresent()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(key.get(), settings.required(ExtractorSettings.LOCAL_SECRET_KEY)));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
