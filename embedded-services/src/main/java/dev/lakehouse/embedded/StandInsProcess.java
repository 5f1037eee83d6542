package dev.lakehouse.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link StandIns} in a child JVM: S3 (objects as plain files under {@code dir/s3/<bucket>/}),
 * DynamoDB Local, PostgreSQL and SFTP. A separate JVM because DynamoDB Local and Spark need
 * different ANTLR runtimes. Closing it (or this JVM exiting: the child watches its stdin) stops
 * every service.
 */
public final class StandInsProcess implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final Map<String, String> endpoints = new HashMap<>();

  public StandInsProcess(Path dir, Path log) {
    this.dir = dir.toAbsolutePath();
    try {
      Files.createDirectories(dir);
      String cp = ownLocation() + java.io.File.pathSeparator + dependencyClasspath();
      String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process =
          new ProcessBuilder(javaBin, "-Xmx1g", "-cp", cp, StandIns.class.getName(), dir.toString())
              .redirectError(log.toFile())
              .start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        int eq = line.indexOf('=');
        if (line.startsWith("@") && eq > 0) {
          endpoints.put(line.substring(1, eq), line.substring(eq + 1));
        }
      }
      if (line == null) {
        process.waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException("stand-ins failed to start; see " + log + ":\n" + tail(log));
      }
      // keep draining what the services print, or a full pipe would block them
      Thread drain = new Thread(() -> {
        try {
          out.transferTo(java.io.Writer.nullWriter());
        } catch (IOException ignored) {
          // the child is gone
        }
      }, "standins-stdout");
      drain.setDaemon(true);
      drain.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the stand-ins JVM", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Where the S3 stand-in keeps a bucket's objects, as plain files named by their keys. */
  public Path s3BucketDir(String bucket) {
    return s3BucketDir(dir, bucket);
  }

  /** Where stand-ins kept in {@code dir} keep a bucket's objects, without starting them. */
  public static Path s3BucketDir(Path dir, String bucket) {
    return dir.toAbsolutePath().resolve("s3").resolve(bucket);
  }

  public String s3Endpoint() {
    return endpoints.get("s3");
  }

  public String dynamoDbEndpoint() {
    return endpoints.get("dynamodb");
  }

  public String jdbcUrl() {
    return endpoints.get("jdbc");
  }

  public int sftpPort() {
    return Integer.parseInt(endpoints.get("sftp.port"));
  }

  /** Files put here are served over SFTP ({@code root/outbox/x} is {@code /outbox/x}). */
  public Path sftpRoot() {
    return Path.of(endpoints.get("sftp.root"));
  }

  public String sftpHostKeyFingerprint() {
    return endpoints.get("sftp.fingerprint");
  }

  public static String sftpUser() {
    return StandIns.SFTP_USER;
  }

  public static String sftpPassword() {
    return StandIns.SFTP_PASSWORD;
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String ownLocation() {
    try {
      return Path.of(StandIns.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String dependencyClasspath() throws IOException {
    try (InputStream in = StandIns.class.getResourceAsStream("standins.classpath")) {
      if (in == null) {
        throw new IllegalStateException("standins.classpath is missing from the embedded-services jar; rebuild it with Maven");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
