package dev.lakehouse.jobs.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contract.Tables;
import dev.lakehouse.jobs.support.LakeFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jobs of one Parallel state record their progress in the same ops.job_state table at the same time. */
class JobStateStoreTest {
  private final LakeFixture lake = LakeFixture.get();

  @BeforeEach
  void reset() {
    lake.reset();
  }

  @Test
  void jobsCommittingTheirStateAtTheSameTimeAllLand() throws Exception {
    JobStateStore store = new JobStateStore(lake.spark());
    int jobs = 4;
    int rounds = 3;
    CyclicBarrier together = new CyclicBarrier(jobs);
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int j = 0; j < jobs; j++) {
        String job = "silver-job-" + j;
        int id = j;
        running.add(pool.submit(() -> {
          for (int round = 1; round <= rounds; round++) {
            together.await(5, TimeUnit.MINUTES); // every round, all four MERGE at once (generous: a 2-core CI box under load)
            store.commit(job, Tables.BRONZE_ORDERS, id * 100L + round, "run-" + round);
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get(10, TimeUnit.MINUTES); // rethrows a commit that lost its race and was not re-run
      }
    } finally {
      pool.shutdownNow();
    }
    for (int j = 0; j < jobs; j++) {
      assertThat(store.lastSnapshot("silver-job-" + j)).isEqualTo(Optional.of(j * 100L + rounds));
    }
    assertThat(lake.count(Tables.OPS_JOB_STATE.toString())).isEqualTo(jobs);
  }

  @Test
  void onlyCommitRacesAreRetried() {
    var conflict = new org.apache.iceberg.exceptions.ValidationException("Found conflicting files");
    assertThat(CommitConflicts.isConflict(new RuntimeException("Writing job aborted", conflict))).isTrue();
    assertThat(CommitConflicts.isConflict(new org.apache.iceberg.exceptions.CommitFailedException("lost the race"))).isTrue();
    assertThat(CommitConflicts.isConflict(new IllegalStateException("table missing"))).isFalse();
  }
}
