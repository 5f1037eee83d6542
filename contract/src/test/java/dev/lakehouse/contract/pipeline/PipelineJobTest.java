package dev.lakehouse.contract.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contract.Source;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PipelineJobTest {
  @Test
  void namesAreDerivedOnceAndStayWhatGlueAndTheRunStateAlreadyUse() {
    // ids are Glue job suffixes and ops.job_state keys of deployed lakes: they must not drift
    assertThat(PipelineJob.SILVER_USERS.id()).isEqualTo("silver-users");
    assertThat(PipelineJob.BRONZE_CLICKSTREAM.pipelineName()).isEqualTo("BronzeClickstreamJob");
    assertThat(PipelineJob.GOLD.pipelineName()).isEqualTo("GoldJob");
    assertThat(PipelineJob.byId("bronze-orders")).isEqualTo(PipelineJob.BRONZE_ORDERS);
    assertThat(PipelineJob.byPipelineName("SilverTransactionsJob")).isEqualTo(PipelineJob.SILVER_TRANSACTIONS);
  }

  @Test
  void eachJobHasTheAccessOfItsStageAndOnlyTheHashingJobsReadThePiiKey() {
    assertThat(PipelineJob.BRONZE_USERS.access()).isEqualTo(JobAccess.BRONZE);
    assertThat(PipelineJob.SILVER_ORDERS.access()).isEqualTo(JobAccess.SILVER);
    assertThat(PipelineJob.GOLD.access()).isEqualTo(JobAccess.GOLD);
    assertThat(PipelineJob.RETENTION.access()).isEqualTo(JobAccess.MAINTENANCE);
    assertThat(Arrays.stream(PipelineJob.values()).filter(j -> j.access().piiKey()))
        .containsExactlyInAnyOrder(PipelineJob.SILVER_ORDERS, PipelineJob.SILVER_CLICKSTREAM, PipelineJob.SILVER_TRANSACTIONS,
            PipelineJob.SILVER_USERS, PipelineJob.PII_REHASH, PipelineJob.ERASURE);
    // gold reads silver only; landed files are bronze's to read and the erasure's to rewrite
    assertThat(JobAccess.GOLD.readNamespaces()).containsExactly("silver");
    assertThat(JobAccess.GOLD.writeNamespaces()).containsExactlyInAnyOrder("gold", "ops");
    assertThat(Arrays.stream(JobAccess.values()).filter(a -> a.readPrefixes().contains("landing/") || a.writePrefixes().contains("landing/")))
        .containsExactlyInAnyOrder(JobAccess.BRONZE, JobAccess.ERASURE);
  }

  @Test
  void everySourceHasOneBronzeAndOneSilverJob() {
    for (Source s : Source.values()) {
      assertThat(PipelineJob.of(PipelineJob.Stage.BRONZE, s).source()).contains(s);
      assertThat(PipelineJob.of(PipelineJob.Stage.SILVER, s).source()).contains(s);
    }
    assertThat(Arrays.stream(PipelineJob.values()).filter(j -> j.source().isPresent())).hasSize(2 * Source.values().length);
  }

  @Test
  void thePipelineStartsTheBronzeSilverAndGoldJobsOnly() {
    assertThat(PipelineSubstitutions.JOBS).hasSize(9).contains("GoldJob").doesNotContain("MaintenanceJob", "SnapshotsJob");
    assertThat(PipelineJob.SNAPSHOTS.launch()).isEqualTo(PipelineJob.Launch.COMMAND);
    assertThat(PipelineJob.GOLD.deployedName("prod")).isEqualTo("lakehouse-prod-gold");
  }

  @Test
  void unknownNamesAreRefusedNamingWhatExists() {
    assertThatThrownBy(() -> PipelineJob.byPipelineName("SilverPaymentsJob"))
        .hasMessageContaining("'SilverPaymentsJob'").hasMessageContaining("SilverOrdersJob");
    assertThatThrownBy(() -> PipelineJob.byId("gold-2")).hasMessageContaining("'gold-2'").hasMessageContaining("maintenance");
  }
}
