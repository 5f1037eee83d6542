package dev.lakehouse.lambdas.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lakehouse.embedded.LocalEndpoints;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The S3 client the handlers use sends uploads without {@code Expect: 100-continue} (seen on the wire). */
class NoExpectContinueTest {
  /** Over 1 MiB: newer SDKs ask for 100-continue only above that size, so the control below still sees it. */
  private static final int BODY = 2 * 1024 * 1024;

  @Test
  void uploadsCarryNoExpectHeaderButTheirBody() throws Exception {
    List<String> expect = new CopyOnWriteArrayList<>();
    List<Integer> bodies = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      expect.add(String.valueOf(exchange.getRequestHeaders().getFirst("Expect")));
      bodies.add(exchange.getRequestBody().readAllBytes().length);
      exchange.getResponseHeaders().add("ETag", "\"abc\"");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try {
      Map<String, String> env = LocalEndpoints.environment("http://127.0.0.1:" + server.getAddress().getPort(),
          "http://127.0.0.1:1", "key", "secret");
      AwsClients aws = AwsClients.fromSettings(new Settings(env));
      aws.s3().putObject(b -> b.bucket("lake").key("k"), RequestBody.fromBytes(new byte[BODY]));
      assertThat(expect).containsExactly("null");
      assertThat(bodies.get(0)).as("the body (aws-chunked: plus chunk signatures)").isGreaterThanOrEqualTo(BODY);

      // control: the same upload from a plain client does ask for 100-continue
      try (var plain = software.amazon.awssdk.services.s3.S3Client.builder()
          .region(software.amazon.awssdk.regions.Region.US_EAST_1)
          .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
              software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("key", "secret")))
          .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
          .endpointOverride(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
          .forcePathStyle(true).build()) {
        plain.putObject(b -> b.bucket("lake").key("k"), RequestBody.fromBytes(new byte[BODY]));
      }
      assertThat(expect).containsExactly("null", "100-continue");
    } finally {
      server.stop(0);
    }
  }
}
