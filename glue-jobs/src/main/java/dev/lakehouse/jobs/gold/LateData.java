package dev.lakehouse.jobs.gold;

/**
 * Silver rows that arrived since the previous gold run but belong before the look-back window: an
 * event older than its start, or an event of an order or session that started before it. Gold
 * applies them (its window reaches back to them) and counts them per run in {@code ops.gold_runs},
 * so late data is visible. Measured by {@link SilverChanges}. {@code beyondHorizon}: those of them dated
 * before silver's retention horizon, which gold cannot recompute and so keeps as it is (counted, not applied).
 */
record LateData(long orders, long clickstream, long transactions, long beyondHorizon) {
  static final LateData NONE = new LateData(0, 0, 0, 0);
}
