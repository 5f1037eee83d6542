package dev.lakehouse.local.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.contract.pipeline.EmrServerlessDefinition;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog job a Task state runs, and its arguments ({@link JobArgs} keys), from whichever engine
 * the definition names: a Glue run ({@code JobName}, {@code Arguments}) or an EMR Serverless run
 * (its entry-point arguments, {@code --lakehouse-job <id>} among them).
 */
public record JobRunRequest(PipelineJob job, Map<String, String> arguments) {
  /** The request of a job-run state; empty for any other resource. */
  public static Optional<JobRunRequest> of(String resource, JsonNode parameters) {
    if (resource.equals(EmrServerlessDefinition.GLUE_RUN)) {
      Map<String, String> args = new LinkedHashMap<>();
      parameters.path("Arguments").fields().forEachRemaining(a -> args.put(a.getKey().replaceFirst("^--", ""), a.getValue().asText()));
      return Optional.of(new JobRunRequest(PipelineJob.byPipelineName(parameters.path("JobName").asText()), args));
    }
    if (resource.equals(EmrServerlessDefinition.EMR_RUN)) {
      JsonNode list = parameters.path("JobDriver").path("SparkSubmit").path("EntryPointArguments");
      Map<String, String> args = new LinkedHashMap<>();
      for (int i = 0; i < list.size(); i += 2) {
        String key = list.get(i).asText();
        if (!key.startsWith("--") || i + 1 >= list.size()) {
          throw new IllegalArgumentException("entry-point arguments must be --key value pairs: " + list);
        }
        args.put(key.substring(2), list.get(i + 1).asText());
      }
      String id = args.remove(JobArgs.JOB);
      if (id == null) {
        throw new IllegalArgumentException("an EMR Serverless run without " + JobArgs.flag(JobArgs.JOB) + ": " + list);
      }
      return Optional.of(new JobRunRequest(PipelineJob.byId(id), args));
    }
    return Optional.empty();
  }
}
