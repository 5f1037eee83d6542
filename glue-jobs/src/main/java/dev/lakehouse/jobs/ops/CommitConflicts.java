package dev.lakehouse.jobs.ops;

import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.util.Tasks;

/**
 * Re-runs an idempotent row-level change (MERGE, UPDATE, DELETE) that lost an optimistic commit
 * race. Iceberg retries plain appends itself, but a row-level change that finds another writer's
 * commit in its way fails validation; jobs that run at the same time (Step Functions' Parallel
 * branches) all update the shared {@code ops} tables, so that race is normal, not an error.
 */
public final class CommitConflicts {
  private static final int RETRIES = 8;

  private CommitConflicts() {}

  public static void retry(String what, Runnable idempotentChange) {
    Tasks.foreach(what)
        .retry(RETRIES)
        .exponentialBackoff(50, 5_000, 60_000, 2.0)
        .shouldRetryTest(CommitConflicts::isConflict)
        .throwFailureWhenFinished()
        .run(ignored -> idempotentChange.run());
  }

  /** Spark wraps the commit's exception ("Writing job aborted"): look along the causes. */
  static boolean isConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ValidationException || t instanceof CommitFailedException) {
        return true;
      }
    }
    return false;
  }
}
