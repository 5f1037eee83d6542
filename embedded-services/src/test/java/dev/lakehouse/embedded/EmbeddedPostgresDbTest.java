package dev.lakehouse.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresDbTest {
  @Test
  void answersSqlOnItsJdbcUrl() throws Exception {
    try (EmbeddedPostgresDb pg = EmbeddedPostgresDb.temporary();
        Connection c = DriverManager.getConnection(pg.jdbcUrl());
        ResultSet rs = c.createStatement().executeQuery("select 6 * 7")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
  }
}
