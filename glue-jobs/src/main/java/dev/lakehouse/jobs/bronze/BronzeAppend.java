package dev.lakehouse.jobs.bronze;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.jobs.LakehouseJob;

/** What a bronze run appended. */
public record BronzeAppend(TableId table, long rows) implements LakehouseJob.Outcome {
  @Override
  public String summary() {
    return rows + " rows appended to " + table;
  }

  @Override
  public java.util.Map<String, Double> metrics() {
    return java.util.Map.of("RowsOut", (double) rows);
  }
}
