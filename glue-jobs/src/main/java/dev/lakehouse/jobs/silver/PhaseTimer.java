package dev.lakehouse.jobs.silver;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Wall time per phase of a job run, for the run log and the benchmarks. */
public final class PhaseTimer {
  private final String job;
  private final Map<String, Double> phases = new LinkedHashMap<>();
  private long last = System.nanoTime();

  public PhaseTimer(String job) {
    this.job = job;
  }

  public void lap(String phase) {
    long now = System.nanoTime();
    phases.merge(phase, (now - last) / 1e9, Double::sum);
    last = now;
  }

  public Map<String, Double> phases() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(phases));
  }

  @Override
  public String toString() {
    return job + " " + phases.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%s %.1fs", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }
}
