package dev.lakehouse.embedded;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * An S3-compatible server (s3proxy) on loopback with SigV4 authentication. With a directory the
 * objects survive restarts (local mode, incremental runs); without one they live in memory.
 * Clients must use path-style addressing.
 */
public final class EmbeddedS3 implements EmbeddedService {
  private final S3Proxy proxy;
  private final String endpoint;

  private EmbeddedS3(BlobStore store) {
    try {
      proxy =
          S3Proxy.builder()
              .blobStore(store)
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, LocalCredentials.ACCESS_KEY, LocalCredentials.SECRET_KEY)
              .build();
      proxy.start();
      long deadline = System.currentTimeMillis() + 10_000;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("s3proxy did not start within 10 s: " + proxy.getState());
        }
        Thread.sleep(10);
      }
      endpoint = "http://127.0.0.1:" + proxy.getPort();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy failed to start", e);
    }
  }

  /** Objects kept in memory only. */
  public static EmbeddedS3 inMemory() {
    return new EmbeddedS3(new TransientNio2BlobStore());
  }

  /** Objects kept under {@code dir} (one sub-directory per bucket). */
  public static EmbeddedS3 onDisk(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new EmbeddedS3(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()));
  }

  @Override
  public String name() {
    return "s3proxy";
  }

  @Override
  public String endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy failed to stop", e);
    }
  }
}
