package dev.lakehouse.embedded;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local in this JVM, on a loopback port. Conditional writes, consistent reads and
 * ConditionalCheckFailed behave as the service does, which is what the ledger and watermark
 * tests need. With a directory, tables persist across restarts (one shared database file).
 */
public final class EmbeddedDynamoDb implements EmbeddedService {
  private final DynamoDBProxyServer server;
  private final String endpoint;

  private EmbeddedDynamoDb(Path dbDir) {
    int port = FreePorts.pick();
    List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-sharedDb"));
    if (dbDir == null) {
      args.add("-inMemory");
    } else {
      try {
        Files.createDirectories(dbDir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      args.add("-dbPath");
      args.add(dbDir.toAbsolutePath().toString());
    }
    try {
      server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local failed to start on port " + port, e);
    }
    endpoint = "http://127.0.0.1:" + port;
  }

  public static EmbeddedDynamoDb inMemory() {
    return new EmbeddedDynamoDb(null);
  }

  public static EmbeddedDynamoDb onDisk(Path dir) {
    return new EmbeddedDynamoDb(dir);
  }

  @Override
  public String name() {
    return "dynamodb-local";
  }

  @Override
  public String endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local failed to stop", e);
    }
  }
}
