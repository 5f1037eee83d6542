package dev.lakehouse.contract;

import java.util.List;

/** The four namespaces (Glue databases) of the lakehouse. */
public final class Namespaces {
  public static final String BRONZE = "bronze";
  public static final String SILVER = "silver";
  public static final String GOLD = "gold";
  public static final String OPS = "ops";

  public static final List<String> ALL = List.of(BRONZE, SILVER, GOLD, OPS);

  private Namespaces() {}
}
