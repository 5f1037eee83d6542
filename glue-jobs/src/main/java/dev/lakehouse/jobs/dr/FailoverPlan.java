package dev.lakehouse.jobs.dr;

import java.util.List;
import java.util.Map;

/**
 * What a failover does: every table of {@code namespaces} in the Spark catalog {@code source},
 * its metadata rewritten from {@code sourcePrefix} to {@code targetPrefix} (staged under
 * {@code stagingLocation}, written with the source table's FileIO), registered under the same
 * name in the Spark catalog {@code dr}, whose Iceberg properties are {@code drProperties}.
 */
public record FailoverPlan(String source, String dr, Map<String, String> drProperties, List<String> namespaces, String sourcePrefix,
    String targetPrefix, String stagingLocation) {
  public FailoverPlan {
    if (source.equals(dr)) {
      throw new IllegalArgumentException("Cannot fail over a catalog into itself: " + source);
    }
    if (sourcePrefix.equals(targetPrefix)) {
      throw new IllegalArgumentException("Cannot fail over: the source and target prefixes are the same: " + sourcePrefix);
    }
    if (!drProperties.containsKey("io-impl")) {
      throw new IllegalArgumentException("Cannot fail over: the DR catalog names no io-impl (the FileIO the metadata is copied with)");
    }
    drProperties = Map.copyOf(drProperties);
    namespaces = List.copyOf(namespaces);
  }
}
