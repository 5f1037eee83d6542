package dev.lakehouse.jobs.gold;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What one gold run recomputes: every order and session whose date is on or after {@code start}.
 * {@code start} is the look-back ({@code asOf − lookbackDays}) or, when silver changed before it
 * since {@code previousRunStartedAt}, the earliest date those changes touch; everything on the
 * first run. Never before silver's retention horizon ({@link #notBefore}).
 */
public record GoldWindow(String runId, LocalDate asOf, LocalDate start, boolean backfill, Optional<Timestamp> previousRunStartedAt) {

  /** This window, reaching back to {@code earliest} when that is before its start. */
  GoldWindow reachingBack(Optional<LocalDate> earliest) {
    return earliest.filter(d -> d.isBefore(start)).map(d -> new GoldWindow(runId, asOf, d, backfill, previousRunStartedAt)).orElse(this);
  }

  /**
   * This window starting no earlier than {@code horizon}, the first day silver still holds in full:
   * a day before it cannot be recomputed, and recomputing it from what is left would delete its gold.
   */
  GoldWindow notBefore(Optional<LocalDate> horizon) {
    return horizon.filter(start::isBefore).map(h -> new GoldWindow(runId, asOf, h, backfill, previousRunStartedAt)).orElse(this);
  }

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
