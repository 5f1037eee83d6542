package dev.lakehouse.local.ops;

/** Where an operation's jobs run: a local run's lakehouse, or an environment's deployed Glue jobs. */
public interface JobRunner {
  /** Runs {@code step} to its end and returns its one-line outcome; a failed run throws, naming why. */
  String run(JobStep step) throws Exception;
}
