package dev.lakehouse.jobs.gold;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What one gold run recomputes: every order and session whose date is on or after {@code start}
 * (the look-back window, {@code asOf − lookbackDays}), or everything on the first run. Silver
 * rows new since {@code previousRunStartedAt} that fall before {@code start} are late beyond the
 * window: counted, not applied.
 */
public record GoldWindow(String runId, LocalDate asOf, LocalDate start, boolean backfill, Optional<Timestamp> previousRunStartedAt) {

  /** SQL literal of the window's first instant (UTC midnight of {@code start}). */
  public String startTimestampSql() {
    return "TIMESTAMP '" + start + " 00:00:00'";
  }

  public String startDateSql() {
    return "DATE '" + start + "'";
  }

  public String asOfSql() {
    return "DATE '" + asOf + "'";
  }
}
