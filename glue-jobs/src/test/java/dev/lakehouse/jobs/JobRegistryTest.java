package dev.lakehouse.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contract.pipeline.PipelineJob;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class JobRegistryTest {
  @Test
  void everyCatalogJobHasAnImplementation() {
    assertThat(JobRegistry.registered()).isEqualTo(EnumSet.allOf(PipelineJob.class));
  }

  @Test
  void theCatalogsEntryClassIsTheJarsOneMain() {
    assertThat(PipelineJob.ENTRY_CLASS).isEqualTo(LakehouseJobMain.class.getName());
  }

  @Test
  void anUnknownJobIsRefusedBeforeAnySessionStarts() {
    assertThatThrownBy(() -> LakehouseJobMain.main(new String[] {"--lakehouse-job", "silver-payments"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown job 'silver-payments'")
        .hasMessageContaining("silver-orders");
    assertThatThrownBy(() -> LakehouseJobMain.main(new String[] {"--warehouse", "/tmp/x"}))
        .hasMessage("Missing required job argument --lakehouse-job");
  }
}
