package dev.lakehouse.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server (zonky's packaged binaries, no system install) on a loopback port.
 * With a directory the data survives restarts, so local mode's second run sees the same tables.
 */
public final class EmbeddedPostgresDb implements EmbeddedService {
  public static final String USER = "postgres";
  public static final String DATABASE = "postgres";

  private final EmbeddedPostgres pg;

  private EmbeddedPostgresDb(Path dataDir) {
    try {
      // zonky unpacks and initdb's under java.io.tmpdir, which a build may point at a fresh dir.
      Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setPort(FreePorts.pick());
      if (dataDir != null) {
        Files.createDirectories(dataDir);
        b.setDataDirectory(dataDir).setCleanDataDirectory(false);
      }
      pg = b.start();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL failed to start", e);
    }
  }

  public static EmbeddedPostgresDb temporary() {
    return new EmbeddedPostgresDb(null);
  }

  public static EmbeddedPostgresDb onDisk(Path dataDir) {
    return new EmbeddedPostgresDb(dataDir);
  }

  public String jdbcUrl() {
    return pg.getJdbcUrl(USER, DATABASE);
  }

  public int port() {
    return pg.getPort();
  }

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String endpoint() {
    return jdbcUrl();
  }

  @Override
  public void close() {
    try {
      pg.close();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL failed to stop", e);
    }
  }
}
