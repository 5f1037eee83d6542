package dev.lakehouse.local.ops;

import dev.lakehouse.contract.pipeline.PipelineJob;
import java.util.Map;

/** One catalog job and the arguments an operation runs it with (keys of {@code JobArgs}, without "--"). */
public record JobStep(PipelineJob job, Map<String, String> args) {
  public JobStep {
    args = Map.copyOf(args);
  }
}
