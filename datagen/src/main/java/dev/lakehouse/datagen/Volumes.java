package dev.lakehouse.datagen;

/** Entity counts for a config: linear in scale, never below one. */
record Volumes(int users, int sessions, int orders) {

  static final int USERS_AT_SCALE_1 = 2_000;
  static final int SESSIONS_AT_SCALE_1 = 10_000;
  static final int ORDERS_AT_SCALE_1 = 5_000;

  static Volumes of(GeneratorConfig cfg) {
    return new Volumes(
        scaled(USERS_AT_SCALE_1, cfg.scale()),
        scaled(SESSIONS_AT_SCALE_1, cfg.scale()),
        scaled(ORDERS_AT_SCALE_1, cfg.scale()));
  }

  private static int scaled(int base, double scale) {
    return (int) Math.max(1L, Math.round(base * scale));
  }
}
