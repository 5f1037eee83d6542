package dev.lakehouse.datagen;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** Counts the anomalies a source really injected (not the ones it was asked for). */
final class AnomalyTally {

  private final Map<Anomaly, Long> counts = new EnumMap<>(Anomaly.class);

  /** Starts every anomaly the source can produce at zero, so the manifest lists it explicitly. */
  AnomalyTally(Anomaly... possible) {
    for (Anomaly a : possible) {
      counts.put(a, 0L);
    }
  }

  void add(Anomaly anomaly) {
    counts.merge(anomaly, 1L, Long::sum);
  }

  long get(Anomaly anomaly) {
    return counts.getOrDefault(anomaly, 0L);
  }

  TreeMap<String, Long> toSortedMap() {
    TreeMap<String, Long> out = new TreeMap<>();
    counts.forEach((a, n) -> out.put(a.key(), n));
    return out;
  }
}
