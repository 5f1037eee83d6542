package dev.lakehouse.jobs.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.pipeline.PipelineFiles;
import dev.lakehouse.jobs.support.LakeFixture;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's quality check (the deployed Athena query, here on Spark SQL with the same
 * positional parameter) counts the error-level failures of its own execution: after a run that
 * failed its checks, a fix-and-rerun minutes later passes on its own results.
 */
class PipelineQualityQueryTest {
  private final LakeFixture lake = LakeFixture.get();

  @Test
  void aRerunAfterAFailedRunIsJudgedOnItsOwnResults() {
    lake.reset();
    LakeFixture.insertByName(lake.spark(), Tables.OPS_DQ_RESULTS, "SELECT * FROM VALUES"
        + " ('exec-failed', 'silver-orders', 'error', 'Failure', current_timestamp()),"
        + " ('exec-failed', 'silver-orders', 'error', 'Success', current_timestamp()),"
        + " ('exec-failed', 'gold', 'warning', 'Failure', current_timestamp()),"
        + " ('exec-rerun', 'silver-orders', 'error', 'Success', current_timestamp()),"
        + " ('exec-rerun', 'gold', 'warning', 'Failure', current_timestamp())"
        + " AS t(run_id, job, check_level, status, evaluated_at)");
    assertThat(failures("exec-failed")).isEqualTo(1);
    assertThat(failures("exec-rerun")).as("the earlier run's failure, minutes old, does not count").isZero();
    assertThat(failures("exec-never-ran")).isZero();
  }

  private long failures(String execution) {
    return lake.spark().sql(PipelineFiles.qualityQuery(), new Object[] {execution}).first().getLong(0);
  }
}
