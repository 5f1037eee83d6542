package dev.lakehouse.jobs.dr;

/**
 * One table's outcome: registered now, found registered already (left as it was), or failed
 * (nothing registered; {@code note} says why). {@code metadataFile} and {@code snapshotId} are the
 * DR catalog's (null when failed; snapshot null for a table without snapshots).
 */
public record FailedOverTable(String table, Outcome outcome, String metadataFile, Long snapshotId, String note) {
  public enum Outcome { REGISTERED, ALREADY_REGISTERED, FAILED }

  /** One line of the command's report ("snapshot none": a table without snapshots). */
  public String describe() {
    String snapshot = snapshotId == null ? "none" : snapshotId.toString();
    return switch (outcome) {
      case REGISTERED -> String.format("%-40s registered  snapshot %s  %s", table, snapshot, metadataFile);
      case ALREADY_REGISTERED -> String.format("%-40s already registered, left as it is  snapshot %s  %s%s", table, snapshot, metadataFile,
          note.isEmpty() ? "" : " (" + note + ")");
      case FAILED -> String.format("%-40s FAILED: %s", table, note);
    };
  }
}
