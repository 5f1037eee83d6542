package dev.lakehouse.lambdas.sftp;

import java.util.ArrayList;
import java.util.List;

/** What one extractor run did; returned to the caller (Step Functions, local runner) and logged. */
public final class SftpRunReport {
  public int listed;
  public int alreadyDone;
  public int skippedBusyOrYoung;
  public int landed;
  public int quarantined;
  public int failed;
  /** Finished files listed again with another size or mtime, landed again as new objects. */
  public int redelivered;
  public long rows;
  public long invalidRows;
  public long bytes;
  public long millis;
  public final List<String> landedKeys = new ArrayList<>();
  public final List<String> quarantinedKeys = new ArrayList<>();
  public final List<String> errors = new ArrayList<>();

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "listed=%d done-before=%d skipped=%d landed=%d (re-delivered %d) quarantined=%d failed=%d rows=%d invalid-rows=%d bytes=%d in %d ms",
        listed, alreadyDone, skippedBusyOrYoung, landed, redelivered, quarantined, failed, rows, invalidRows, bytes, millis);
  }
}
