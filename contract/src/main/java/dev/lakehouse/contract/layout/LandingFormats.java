package dev.lakehouse.contract.layout;

import java.util.List;

/** What the extractors promise the bronze jobs about the files they land. */
public final class LandingFormats {
  /** Header of the partner's hourly payment CSV (Kashio seed, "Transacciones"), in order. */
  public static final List<String> TRANSACTIONS_CSV_HEADER =
      List.of(
          "transaction_id",
          "session_id",
          "user_id",
          "amount",
          "currency",
          "transaction_timestamp",
          "card_number");

  /**
   * Columns a payment row cannot be used without. A row missing one still lands (silver rejects
   * it with a reason); a file where too many rows miss one is quarantined whole.
   */
  public static final List<String> TRANSACTIONS_REQUIRED =
      List.of("transaction_id", "user_id", "amount", "transaction_timestamp");

  /** Columns of the RDS {@code users} extract, one JSON object per line, gzip-compressed. */
  public static final List<String> USERS_COLUMNS =
      List.of("user_id", "email", "signup_date", "device_type", "country", "updated_at");

  private LandingFormats() {}
}
