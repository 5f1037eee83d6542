package dev.lakehouse.contract.pipeline;

import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code ${...}} names of {@code stepfunctions/lakehouse-pipeline.asl.json}: the Glue jobs
 * (from the job catalog), the quality query and work group, the topics failures and successes are published to, and
 * the writer lease's table. The orchestration
 * stack fills them in ({@code DefinitionSubstitutions}); local mode maps them to in-process stand-ins.
 */
public final class PipelineSubstitutions {
  /** The Glue jobs the definition starts. */
  public static final List<String> JOBS = PipelineJob.inPipeline().stream().map(PipelineJob::pipelineName).toList();

  public static final String QUALITY_QUERY = "QualityCheckQuery";
  public static final String WORK_GROUP = "AthenaWorkGroup";
  /** Failures: the critical topic (someone acts now). */
  public static final String ALERT_TOPIC = "AlertTopicArn";
  /** A run that succeeded: the warning topic, read within the working day, so success never pages anyone. */
  public static final String NOTICE_TOPIC = "NoticeTopicArn";

  /** The writer lease's table ({@link LakeLease}): the definition releases the execution's lease there when it ends. */
  public static final String LEASE_TABLE = "LeaseTable";

  public static final List<String> NAMES =
      Stream.concat(JOBS.stream(), Stream.of(QUALITY_QUERY, WORK_GROUP, ALERT_TOPIC, NOTICE_TOPIC, LEASE_TABLE)).toList();

  private PipelineSubstitutions() {}
}
