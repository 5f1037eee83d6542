package dev.lakehouse.jobs.bronze;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.jobs.LakehouseJob;

/** What a bronze run appended. */
public record BronzeAppend(TableId table, long rows, java.util.Map<String, Double> measured) implements LakehouseJob.Outcome {
  public BronzeAppend(TableId table, long rows) {
    this(table, rows, java.util.Map.of());
  }

  @Override
  public String summary() {
    return rows + " rows appended to " + table;
  }

  @Override
  public java.util.Map<String, Double> metrics() {
    java.util.Map<String, Double> metrics = new java.util.LinkedHashMap<>(measured);
    metrics.put("RowsOut", (double) rows);
    return metrics;
  }
}
