package dev.lakehouse.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Both HTTP stand-ins share one JVM (one Jetty), as in local mode; each answers its protocol. */
class EmbeddedServicesTest {
  private static final StaticCredentialsProvider CREDS =
      StaticCredentialsProvider.create(
          AwsBasicCredentials.create(LocalCredentials.ACCESS_KEY, LocalCredentials.SECRET_KEY));

  @Test
  void s3AndDynamoDbAnswerTogetherAndS3PersistsOnDisk(@TempDir Path dir) throws Exception {
    try (EmbeddedDynamoDb ddb = EmbeddedDynamoDb.inMemory()) {
      try (EmbeddedS3 s3 = EmbeddedS3.onDisk(dir);
          S3Client client = s3Client(s3)) {
        client.createBucket(b -> b.bucket("lake"));
        client.putObject(b -> b.bucket("lake").key("a/b.txt"), RequestBody.fromString("hello"));
      }
      // local mode reads landed objects as plain files: <dir>/<bucket>/<key>, nothing beside them
      assertThat(dir.resolve("lake/a/b.txt")).hasContent("hello");
      try (var files = java.nio.file.Files.walk(dir)) {
        assertThat(files.filter(java.nio.file.Files::isRegularFile).map(p -> dir.relativize(p).toString()))
            .containsExactly("lake/a/b.txt");
      }
      try (EmbeddedS3 again = EmbeddedS3.onDisk(dir);
          S3Client client = s3Client(again)) {
        assertThat(client.getObjectAsBytes(b -> b.bucket("lake").key("a/b.txt")).asUtf8String())
            .isEqualTo("hello");
      }
      try (DynamoDbClient dynamo =
          DynamoDbClient.builder()
              .endpointOverride(URI.create(ddb.endpoint()))
              .region(Region.US_EAST_1)
              .credentialsProvider(CREDS)
              .build()) {
        assertThat(dynamo.listTables().tableNames()).isEmpty();
      }
    }
  }

  private static S3Client s3Client(EmbeddedS3 s3) {
    return S3Client.builder()
        .endpointOverride(URI.create(s3.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDS)
        .forcePathStyle(true)
        .build();
  }
}
