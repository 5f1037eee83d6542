package dev.lakehouse.datagen;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one source of a drop contains.
 *
 * @param files number of files written
 * @param records lines (JSONL) or rows (CSV, header excluded) written, duplicates included
 * @param anomalies injected anomalies by key (e.g. {@code corrupt}), sorted; every anomaly the
 *     source can carry is listed, with 0 when none was injected
 */
public record SourceCounts(long files, long records, Map<String, Long> anomalies) {

  public SourceCounts {
    Objects.requireNonNull(anomalies, "anomalies");
    // A sorted, read-only copy: the manifest JSON lists keys in a stable order.
    SortedMap<String, Long> sorted = new TreeMap<>(anomalies);
    anomalies = Collections.unmodifiableSortedMap(sorted);
  }

  /** Count for one anomaly key, 0 if absent. */
  public long anomaly(String key) {
    return anomalies.getOrDefault(key, 0L);
  }
}
