package dev.lakehouse.jobs.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.jobs.support.LakeFixture;
import java.sql.Timestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TableFilesTest {
  private final LakeFixture lake = LakeFixture.get();
  private final TableId table = TableId.of("ops.table_files_probe");

  @AfterEach
  void drop() {
    lake.spark().sql("DROP TABLE IF EXISTS " + table + " PURGE");
  }

  @Test
  void answersFromFileStatsWhetherARangeCanHoldRows() {
    lake.spark().sql("CREATE TABLE " + table + " (ts TIMESTAMP, v INT) USING iceberg");
    assertThat(TableFiles.mayHoldRows(lake.spark(), table, null, null, null)).as("no snapshot yet").isFalse();

    // One file spanning 10:00..12:00 UTC, one holding 18:00 only.
    lake.spark().sql("INSERT INTO " + table + " SELECT /*+ COALESCE(1) */ * FROM VALUES (TIMESTAMP '2026-11-01 10:00:00 UTC', 1), (TIMESTAMP '2026-11-01 12:00:00 UTC', 2)");
    lake.spark().sql("INSERT INTO " + table + " VALUES (TIMESTAMP '2026-11-01 18:00:00 UTC', 3)");

    assertThat(TableFiles.mayHoldRows(lake.spark(), table, null, null, null)).isTrue();
    assertThat(TableFiles.mayHoldRows(lake.spark(), table, "ts", utc("2026-11-01T08:00:00Z"), utc("2026-11-01T09:59:59.999999Z"))).isFalse();
    assertThat(TableFiles.mayHoldRows(lake.spark(), table, "ts", utc("2026-11-01T12:00:00.000001Z"), utc("2026-11-01T17:59:59Z"))).isFalse();
    // Inside the first file's min/max though no row sits there: only metadata is read.
    assertThat(TableFiles.mayHoldRows(lake.spark(), table, "ts", utc("2026-11-01T11:00:00Z"), utc("2026-11-01T11:30:00Z"))).isTrue();
    assertThat(TableFiles.mayHoldRows(lake.spark(), table, "ts", utc("2026-11-01T12:00:00Z"), utc("2026-11-01T12:00:00Z"))).isTrue();
    assertThat(TableFiles.mayHoldRows(lake.spark(), table, "ts", utc("2026-11-01T17:00:00Z"), utc("2026-11-01T19:00:00Z"))).isTrue();

    lake.spark().sql("DELETE FROM " + table);
    assertThat(TableFiles.mayHoldRows(lake.spark(), table, null, null, null)).as("every file deleted").isFalse();
  }

  private static Timestamp utc(String instant) {
    return Timestamp.from(java.time.Instant.parse(instant));
  }
}
