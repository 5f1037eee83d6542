package dev.lakehouse.contract.layout;

import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.schema.TableRegistry;
import java.util.List;

/** What the extractors promise the bronze jobs about the files they land. */
public final class LandingFormats {
  /** Header of the partner's hourly payment CSV (Kashio seed, "Transacciones"): bronze's source fields, in order. */
  public static final List<String> TRANSACTIONS_CSV_HEADER = TableRegistry.spec(Tables.BRONZE_TRANSACTIONS).sourceFields();

  /**
   * Columns a payment row cannot be used without. A row missing one still lands (silver rejects
   * it with a reason); a file where too many rows miss one is quarantined whole.
   */
  public static final List<String> TRANSACTIONS_REQUIRED =
      List.of("transaction_id", "user_id", "amount", "transaction_timestamp");

  /** Columns of the RDS {@code users} extract, one JSON object per line, gzip-compressed: bronze's source fields. */
  public static final List<String> USERS_COLUMNS = TableRegistry.spec(Tables.BRONZE_USERS).sourceFields();

  private LandingFormats() {}
}
