package dev.lakehouse.lambdas.rds;

import java.util.ArrayList;
import java.util.List;

/** What one RDS extract run did. */
public final class RdsRunReport {
  public long rows;
  public long bytes;
  public int objects;
  public long millis;
  /** Another invocation advanced the watermark first; this one stopped without effect. */
  public boolean lostRace;
  /** Stopped early to stay inside the Lambda time budget; the next run continues the range. */
  public boolean stoppedForTime;
  public String watermarkUpdatedAt;
  public String watermarkKey;
  public String upperBound;
  /** Seconds between the watermark and now, as the database sees it; -1 before the first row. */
  public long watermarkLagSeconds = -1;
  public final List<String> keys = new ArrayList<>();

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "rows=%d objects=%d bytes=%d watermark=(%s, %s) upper=%s lag=%ds lost-race=%s stopped-for-time=%s in %d ms",
        rows, objects, bytes, watermarkUpdatedAt, watermarkKey, upperBound, watermarkLagSeconds, lostRace, stoppedForTime, millis);
  }
}
