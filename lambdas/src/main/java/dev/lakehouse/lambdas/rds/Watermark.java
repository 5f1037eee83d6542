package dev.lakehouse.lambdas.rds;

/**
 * Where one source's extract stands: the last extracted {@code (updatedAt, key)} (as the database
 * prints them; null before the first row), an optimistic-lock {@code version}, and — while a range
 * is being extracted — that range: its start, its fixed upper bound and the next page number.
 * Keeping the range makes a retry write the very same objects under the very same keys.
 */
public record Watermark(
    String updatedAt, String key, long version, String rangeFromTs, String rangeFromKey, String rangeUpper, long rangePage) {

  public static final Watermark NONE = new Watermark(null, null, 0, null, null, null, 0);

  public boolean hasPosition() {
    return updatedAt != null;
  }

  public boolean inRange() {
    return rangeUpper != null;
  }
}
