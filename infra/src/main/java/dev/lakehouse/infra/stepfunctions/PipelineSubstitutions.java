package dev.lakehouse.infra.stepfunctions;

import java.util.List;

/**
 * The {@code ${...}} names of {@code stepfunctions/lakehouse-pipeline.asl.json}: Glue job names,
 * the quality query and work group, and the alert topic. The orchestration stack fills them in
 * ({@code DefinitionSubstitutions}); local mode maps them to the in-process jobs.
 */
public final class PipelineSubstitutions {
  public static final List<String> NAMES =
      List.of(
          "BronzeOrdersJob", "BronzeClickstreamJob", "BronzeTransactionsJob", "BronzeUsersJob",
          "SilverOrdersJob", "SilverClickstreamJob", "SilverTransactionsJob", "SilverUsersJob",
          "GoldJob", "QualityCheckQuery", "AthenaWorkGroup", "AlertTopicArn");

  private PipelineSubstitutions() {}
}
