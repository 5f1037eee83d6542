package dev.lakehouse.local.platform;

import dev.lakehouse.embedded.LocalCredentials;
import dev.lakehouse.embedded.StandInsProcess;
import dev.lakehouse.jobs.dr.FailoverCatalogs;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The local stand-in for the DR region's catalog: an Iceberg JdbcCatalog in a database of its own
 * ({@value #DATABASE}) of the stand-ins' PostgreSQL, its tables in {@link LocalReplication#REPLICA_BUCKET}
 * of the S3 stand-in, read and written with S3FileIO. Both keep their state in the work directory.
 * A JdbcCatalog keeps each catalog name's tables apart: read them under the name they were
 * registered with ({@code dr}).
 */
public final class LocalDrCatalog {
  public static final String DATABASE = "dr_catalog";

  private LocalDrCatalog() {}

  /** The catalog's Iceberg properties on {@code services} (this start's ports), its database created when missing. */
  public static Map<String, String> properties(StandInsProcess services) throws SQLException {
    String url = services.jdbcUrl();
    if (!url.contains("/postgres?")) {
      throw new IllegalStateException("Cannot place the DR catalog: the stand-in's JDBC URL names no postgres database: " + url);
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      var found = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
      if (!found.next()) {
        s.execute("CREATE DATABASE " + DATABASE);
      }
    }
    return FailoverCatalogs.jdbcOnS3Endpoint(url.replace("/postgres?", "/" + DATABASE + "?"), services.s3Endpoint(),
        LocalReplication.REPLICA_BUCKET, LocalCredentials.ACCESS_KEY, LocalCredentials.SECRET_KEY);
  }
}
