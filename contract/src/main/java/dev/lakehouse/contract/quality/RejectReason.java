package dev.lakehouse.contract.quality;

import java.util.Locale;

/** Machine-readable reasons a record is sent to a rejected table (the {@code reason_code} values). */
public enum RejectReason {
  /** The record is not a JSON object / not a CSV row with the declared column count. */
  CORRUPT_RECORD,
  /** A required field is null or empty (the codes below name which). */
  MISSING_EVENT_ID,
  MISSING_SESSION_ID,
  MISSING_USER_ID,
  MISSING_EVENT_TYPE,
  MISSING_ORDER_ID,
  MISSING_CUSTOMER_ID,
  MISSING_TRANSACTION_ID,
  MISSING_TIMESTAMP,
  /** FastCart: total must not be null or zero. */
  NULL_OR_ZERO_TOTAL,
  /** A numeric field does not parse, or does not fit its DECIMAL type. */
  INVALID_NUMBER,
  /** Quantity is not a positive integer. */
  INVALID_QUANTITY,
  /** A timestamp or date does not parse. */
  INVALID_TIMESTAMP,
  /** Timestamp later than the run time plus the allowed clock skew. */
  FUTURE_TIMESTAMP,
  /** FastCart: total != price * quantity (tolerance 0.01). */
  TOTAL_MISMATCH,
  UNKNOWN_STATUS,
  UNKNOWN_EVENT_TYPE,
  NEGATIVE_AMOUNT,
  INVALID_CURRENCY;

  /** Lower-case code as stored, e.g. {@code total_mismatch}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
