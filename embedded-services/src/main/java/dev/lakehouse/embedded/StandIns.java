package dev.lakehouse.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts S3, DynamoDB Local, PostgreSQL and SFTP in their own JVM, all keeping their data
 * under {@code dir} (so a second run on the same directory sees the first one's state), prints one {@code @name=value}
 * line per endpoint and then {@code READY}, and runs until its standard input closes. Benchmarks
 * use it so the stand-ins' memory is not counted against the code being measured.
 *
 * <p>{@code java dev.lakehouse.embedded.StandIns <dir>}
 */
public final class StandIns {
  static final String SFTP_USER = "partner";
  static final String SFTP_PASSWORD = "partner-password";

  private StandIns() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: StandIns <dir>");
      System.exit(2);
    }
    Path dir = Path.of(args[0]).toAbsolutePath();
    Files.createDirectories(dir);
    List<EmbeddedService> started = new ArrayList<>();
    // PostgreSQL is a process of its own that takes longest to come up: it starts while the others do
    java.util.concurrent.CompletableFuture<EmbeddedPostgresDb> pgStarting =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> EmbeddedPostgresDb.onDisk(dir.resolve("postgres")));
    try {
      EmbeddedS3 s3 = EmbeddedS3.onDisk(dir.resolve("s3"));
      started.add(s3);
      EmbeddedDynamoDb ddb = EmbeddedDynamoDb.onDisk(dir.resolve("dynamodb"));
      started.add(ddb);
      EmbeddedSftp sftp = new EmbeddedSftp(dir.resolve("sftp"), dir.resolve("sftp-host.key"), SFTP_USER, SFTP_PASSWORD, null);
      started.add(sftp);
      EmbeddedPostgresDb pg = pgStarting.join();
      started.add(pg);
      System.out.println("@s3=" + s3.endpoint());
      System.out.println("@dynamodb=" + ddb.endpoint());
      System.out.println("@jdbc=" + pg.jdbcUrl());
      System.out.println("@sftp.port=" + sftp.port());
      System.out.println("@sftp.root=" + sftp.root());
      System.out.println("@sftp.fingerprint=" + sftp.hostKeyFingerprint());
      System.out.println("READY");
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our stdin
      }
    } finally {
      if (started.stream().noneMatch(EmbeddedPostgresDb.class::isInstance)) {
        try {
          pgStarting.join().close(); // another service failed to start: do not leave PostgreSQL running
        } catch (RuntimeException e) {
          System.err.println("PostgreSQL did not start: " + e);
        }
      }
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (RuntimeException e) {
          System.err.println("stopping " + started.get(i).name() + " failed: " + e);
        }
      }
    }
    // library threads (Jetty, SSHD) may be non-daemon; everything is stopped, so leave now
    System.exit(0);
  }
}
