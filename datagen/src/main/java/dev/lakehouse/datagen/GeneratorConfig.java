package dev.lakehouse.datagen;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Everything that shapes one synthetic drop. Two drops made from equal configs are byte-identical.
 *
 * <p>Rates are per record of the source they apply to. A record carries at most one anomaly; if
 * the rates that apply to one source add up to more than 1, the ones later in a fixed order
 * (corrupt, null, future, category/amount/total, duplicate, late) are crowded out. The manifest
 * always reports what was really injected.
 *
 * @param seed root of every random choice
 * @param scale volume multiplier; 1.0 = 2,000 users, 10,000 sessions, 5,000 orders. A drop is
 *     built in memory before it is written, so scales above ~100 need a large heap
 * @param baseDate first day of the drop (00:00 UTC)
 * @param days how many days the sessions and orders start in
 * @param lateRate records written 2–48 h after their true time (clickstream, orders, transactions)
 * @param duplicateRate records written twice, byte for byte (all sources)
 * @param corruptRate unparseable lines / rows with the wrong column count (all sources)
 * @param nullRate required field null or empty (all sources)
 * @param futureRate timestamp moved to the year 2100 (clickstream, orders, transactions)
 * @param badTotalRate order total that is not price * quantity (orders)
 * @param unknownCategoryRate status / event_type outside the valid set (orders, clickstream)
 * @param badAmountRate negative or non-numeric amount, half each (transactions)
 * @param drop position in a series of drops (1 = the first): drop n covers the {@code days} after
 *     drop n-1, with new session, event, order and transaction ids, the same user population, and
 *     updates to some of those users dated inside its own window. Drop 1 is the standalone drop.
 */
public record GeneratorConfig(
    long seed,
    double scale,
    LocalDate baseDate,
    int days,
    double lateRate,
    double duplicateRate,
    double corruptRate,
    double nullRate,
    double futureRate,
    double badTotalRate,
    double unknownCategoryRate,
    double badAmountRate,
    int drop) {

  /** Upper bound on scale: beyond it the fixed-width ids (EVT-00000001) would overflow. */
  public static final double MAX_SCALE = 1000.0;

  /** Upper bound on drop numbers (ids of drop n start at (n - 1) * 10^9 + 1). */
  public static final int MAX_DROP = 999;

  public GeneratorConfig {
    Objects.requireNonNull(baseDate, "baseDate must not be null");
    if (!(scale > 0 && scale <= MAX_SCALE)) {
      throw new IllegalArgumentException(
          "scale must be > 0 and <= " + MAX_SCALE + ", got " + scale);
    }
    if (days < 1) {
      throw new IllegalArgumentException("days must be >= 1, got " + days);
    }
    requireRate("lateRate", lateRate);
    requireRate("duplicateRate", duplicateRate);
    requireRate("corruptRate", corruptRate);
    requireRate("nullRate", nullRate);
    requireRate("futureRate", futureRate);
    requireRate("badTotalRate", badTotalRate);
    requireRate("unknownCategoryRate", unknownCategoryRate);
    requireRate("badAmountRate", badAmountRate);
    if (drop < 1 || drop > MAX_DROP) {
      throw new IllegalArgumentException("drop must be between 1 and " + MAX_DROP + ", got " + drop);
    }
  }

  /** The first drop of a series. */
  public GeneratorConfig(
      long seed, double scale, LocalDate baseDate, int days, double lateRate, double duplicateRate, double corruptRate,
      double nullRate, double futureRate, double badTotalRate, double unknownCategoryRate, double badAmountRate) {
    this(seed, scale, baseDate, days, lateRate, duplicateRate, corruptRate, nullRate, futureRate, badTotalRate,
        unknownCategoryRate, badAmountRate, 1);
  }

  /** The documented defaults: seed 42, scale 1, three days from 2026-11-01, low anomaly rates. */
  public static GeneratorConfig defaults() {
    return new GeneratorConfig(
        42L, 1.0, LocalDate.of(2026, 11, 1), 3, 0.05, 0.02, 0.005, 0.005, 0.003, 0.005, 0.003,
        0.003);
  }

  public GeneratorConfig withSeed(long newSeed) {
    return new GeneratorConfig(
        newSeed, scale, baseDate, days, lateRate, duplicateRate, corruptRate, nullRate, futureRate,
        badTotalRate, unknownCategoryRate, badAmountRate, drop);
  }

  public GeneratorConfig withScale(double newScale) {
    return new GeneratorConfig(
        seed, newScale, baseDate, days, lateRate, duplicateRate, corruptRate, nullRate, futureRate,
        badTotalRate, unknownCategoryRate, badAmountRate, drop);
  }

  /** The same drop over {@code newDays} days from {@code newBaseDate}. */
  public GeneratorConfig withWindow(LocalDate newBaseDate, int newDays) {
    return new GeneratorConfig(
        seed, scale, newBaseDate, newDays, lateRate, duplicateRate, corruptRate, nullRate, futureRate,
        badTotalRate, unknownCategoryRate, badAmountRate, drop);
  }

  public GeneratorConfig withDrop(int newDrop) {
    return new GeneratorConfig(
        seed, scale, baseDate, days, lateRate, duplicateRate, corruptRate, nullRate, futureRate,
        badTotalRate, unknownCategoryRate, badAmountRate, newDrop);
  }

  /** First day of this drop's window: {@code baseDate} for drop 1, {@code days} later per drop after it. */
  public LocalDate windowStart() {
    return baseDate.plusDays((long) (drop - 1) * days);
  }

  /**
   * Tag in the file names of drop 2 and later ({@code d2}), so a later drop's hourly files never
   * reuse an earlier drop's names (late records of drop 1 fall into drop 2's hours). Empty for drop 1.
   */
  public String fileTag() {
    return drop == 1 ? "" : "d" + drop;
  }

  /** Added to the number of every session, event, order and transaction id, so drops never share one. */
  long idOffset() {
    return (drop - 1) * 1_000_000_000L;
  }

  private static void requireRate(String field, double value) {
    // Written as a negated range check so that NaN is rejected too.
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(field + " must be in [0, 1], got " + value);
    }
  }
}
