package dev.lakehouse.contract;

/** The four sources and the tables each one flows through. */
public enum Source {
  CLICKSTREAM(Tables.BRONZE_CLICKSTREAM, Tables.SILVER_CLICKSTREAM, Tables.REJECTED_CLICKSTREAM),
  ORDERS(Tables.BRONZE_ORDERS, Tables.SILVER_ORDERS, Tables.REJECTED_ORDERS),
  TRANSACTIONS(Tables.BRONZE_TRANSACTIONS, Tables.SILVER_TRANSACTIONS, Tables.REJECTED_TRANSACTIONS),
  USERS(Tables.BRONZE_USERS, Tables.SILVER_USERS, Tables.REJECTED_USERS);

  private final TableId bronze;
  private final TableId silver;
  private final TableId rejected;

  Source(TableId bronze, TableId silver, TableId rejected) {
    this.bronze = bronze;
    this.silver = silver;
    this.rejected = rejected;
  }

  public TableId bronze() {
    return bronze;
  }

  public TableId silver() {
    return silver;
  }

  public TableId rejected() {
    return rejected;
  }

  /** Lower-case name used in paths, job names and metrics. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
