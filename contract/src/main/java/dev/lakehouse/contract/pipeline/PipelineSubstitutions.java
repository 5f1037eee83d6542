package dev.lakehouse.contract.pipeline;

import java.util.List;

/**
 * The {@code ${...}} names of {@code stepfunctions/lakehouse-pipeline.asl.json}: Glue job names,
 * the quality query and work group, and the alert topic. The orchestration stack fills them in
 * ({@code DefinitionSubstitutions}); local mode maps them to the in-process jobs.
 */
public final class PipelineSubstitutions {
  /** The Glue jobs the definition starts. */
  public static final List<String> JOBS =
      List.of(
          "BronzeOrdersJob", "BronzeClickstreamJob", "BronzeTransactionsJob", "BronzeUsersJob",
          "SilverOrdersJob", "SilverClickstreamJob", "SilverTransactionsJob", "SilverUsersJob",
          "GoldJob");

  public static final String QUALITY_QUERY = "QualityCheckQuery";
  public static final String WORK_GROUP = "AthenaWorkGroup";
  public static final String ALERT_TOPIC = "AlertTopicArn";

  public static final List<String> NAMES =
      java.util.stream.Stream.concat(JOBS.stream(), java.util.stream.Stream.of(QUALITY_QUERY, WORK_GROUP, ALERT_TOPIC)).toList();

  private PipelineSubstitutions() {}
}
