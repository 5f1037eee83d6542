package dev.lakehouse.datagen;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws at most one anomaly per record. One uniform draw is cut into consecutive slices, one per
 * anomaly, so each anomaly happens with its configured probability (as long as the rates sum to at
 * most 1; past that, later slices are crowded out) and never two on the same record.
 */
final class AnomalyPicker {

  /** Share of users that get a second, newer row (a legitimate change, not configurable). */
  static final double UPDATED_USER_SHARE = 0.03;

  private final Anomaly[] anomalies;
  private final double[] upperBounds;

  /** Slices follow the EnumMap's order, i.e. {@link Anomaly}'s declaration order. */
  private AnomalyPicker(Map<Anomaly, Double> rates) {
    List<Anomaly> kinds = new ArrayList<>(rates.keySet());
    anomalies = kinds.toArray(new Anomaly[0]);
    upperBounds = new double[anomalies.length];
    double cumulative = 0;
    for (int i = 0; i < anomalies.length; i++) {
      cumulative += rates.get(anomalies[i]);
      upperBounds[i] = cumulative;
    }
  }

  /** Returns the anomaly for the next record, or {@code null} for a clean record. */
  Anomaly pick(SplittableRandom rng) {
    double u = rng.nextDouble();
    for (int i = 0; i < anomalies.length; i++) {
      if (u < upperBounds[i]) {
        return anomalies[i];
      }
    }
    return null;
  }

  /** Every anomaly this picker can return, in slice order (used to pre-fill zero counts). */
  Anomaly[] kinds() {
    return anomalies.clone();
  }

  static AnomalyPicker clickstream(GeneratorConfig c) {
    Map<Anomaly, Double> r = new EnumMap<>(Anomaly.class);
    r.put(Anomaly.CORRUPT, c.corruptRate());
    r.put(Anomaly.NULL_REQUIRED, c.nullRate());
    r.put(Anomaly.FUTURE_TIMESTAMP, c.futureRate());
    r.put(Anomaly.UNKNOWN_EVENT_TYPE, c.unknownCategoryRate());
    r.put(Anomaly.DUPLICATE, c.duplicateRate());
    r.put(Anomaly.LATE, c.lateRate());
    return new AnomalyPicker(r);
  }

  static AnomalyPicker orders(GeneratorConfig c) {
    Map<Anomaly, Double> r = new EnumMap<>(Anomaly.class);
    r.put(Anomaly.CORRUPT, c.corruptRate());
    r.put(Anomaly.NULL_REQUIRED, c.nullRate());
    r.put(Anomaly.FUTURE_TIMESTAMP, c.futureRate());
    r.put(Anomaly.BAD_TOTAL, c.badTotalRate());
    r.put(Anomaly.UNKNOWN_STATUS, c.unknownCategoryRate());
    r.put(Anomaly.DUPLICATE, c.duplicateRate());
    r.put(Anomaly.LATE, c.lateRate());
    return new AnomalyPicker(r);
  }

  static AnomalyPicker transactions(GeneratorConfig c) {
    Map<Anomaly, Double> r = new EnumMap<>(Anomaly.class);
    r.put(Anomaly.CORRUPT, c.corruptRate());
    r.put(Anomaly.NULL_REQUIRED, c.nullRate());
    r.put(Anomaly.FUTURE_TIMESTAMP, c.futureRate());
    r.put(Anomaly.NEGATIVE_AMOUNT, c.badAmountRate() / 2);
    r.put(Anomaly.NON_NUMERIC_AMOUNT, c.badAmountRate() / 2);
    r.put(Anomaly.DUPLICATE, c.duplicateRate());
    r.put(Anomaly.LATE, c.lateRate());
    return new AnomalyPicker(r);
  }

  /** Users also get legitimate updated versions; that share is fixed, not configurable. */
  static AnomalyPicker users(GeneratorConfig c) {
    Map<Anomaly, Double> r = new EnumMap<>(Anomaly.class);
    r.put(Anomaly.CORRUPT, c.corruptRate());
    r.put(Anomaly.NULL_REQUIRED, c.nullRate());
    r.put(Anomaly.DUPLICATE, c.duplicateRate());
    r.put(Anomaly.UPDATED_VERSION, UPDATED_USER_SHARE);
    return new AnomalyPicker(r);
  }
}
