package dev.lakehouse.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandInsProcessTest {
  @Test
  void startsEveryServiceInAChildJvmAndStopsThemOnClose(@TempDir Path dir) throws Exception {
    String jdbc;
    try (StandInsProcess s = new StandInsProcess(dir.resolve("services"), dir.resolve("standins.log"))) {
      assertThat(s.s3Endpoint()).startsWith("http://127.0.0.1:");
      assertThat(s.dynamoDbEndpoint()).startsWith("http://127.0.0.1:");
      assertThat(s.sftpHostKeyFingerprint()).startsWith("SHA256:");
      assertThat(s.sftpRoot()).isDirectory();
      jdbc = s.jdbcUrl();
      // DynamoDB Local answers an API call (its on-disk mode needs the SDK model at runtime)
      try (var ddb = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
          .endpointOverride(java.net.URI.create(s.dynamoDbEndpoint()))
          .region(software.amazon.awssdk.regions.Region.US_EAST_1)
          .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
              software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(LocalCredentials.ACCESS_KEY, LocalCredentials.SECRET_KEY)))
          .build()) {
        assertThat(ddb.listTables().tableNames()).isEmpty();
      }
      try (Connection c = DriverManager.getConnection(jdbc); ResultSet rs = c.createStatement().executeQuery("select 1")) {
        assertThat(rs.next()).isTrue();
      }
    }
    TimeUnit.MILLISECONDS.sleep(200);
    String url = jdbc;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriverManager.getConnection(url).close())
        .hasMessageContaining("Connection");
  }
}
