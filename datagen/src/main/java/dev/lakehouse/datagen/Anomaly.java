package dev.lakehouse.datagen;

/** The kinds of defect (and one legitimate change) a drop can carry, with their manifest keys. */
enum Anomaly {
  CORRUPT("corrupt"),
  NULL_REQUIRED("null_required"),
  FUTURE_TIMESTAMP("future_timestamp"),
  BAD_TOTAL("bad_total"),
  UNKNOWN_STATUS("unknown_status"),
  UNKNOWN_EVENT_TYPE("unknown_event_type"),
  NEGATIVE_AMOUNT("negative_amount"),
  NON_NUMERIC_AMOUNT("non_numeric_amount"),
  DUPLICATE("duplicate"),
  LATE("late"),
  UPDATED_VERSION("updated_version");

  private final String key;

  Anomaly(String key) {
    this.key = key;
  }

  /** Key used in {@link SourceCounts#anomalies()}. */
  String key() {
    return key;
  }
}
