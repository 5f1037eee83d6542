package dev.lakehouse.datagen;

import java.util.SplittableRandom;

/** Where late records and duplicate copies land. */
final class LateArrivals {

  private LateArrivals() {}

  /**
   * Hour file for a late record: its own hour + 3..48, uniform. The file's hour then starts more
   * than 2 h and at most 48 h after the record's true timestamp, so "timestamp at least 2 h before
   * the start of its file's hour" identifies late records exactly. The hour may be past the drop's
   * last day; that file is simply created.
   */
  static long arrivalHour(long eventMillis, SplittableRandom rng) {
    return Timestamps.epochHour(eventMillis) + 3 + rng.nextInt(46);
  }

  /**
   * Hour file for a duplicate copy: the original's hour or the next one. Never 2+ hours later, so
   * a copy is not mistaken for a late arrival.
   */
  static long duplicateHour(long originalHour, SplittableRandom rng) {
    return originalHour + rng.nextInt(2);
  }
}
