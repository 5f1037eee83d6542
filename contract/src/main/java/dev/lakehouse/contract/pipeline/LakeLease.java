package dev.lakehouse.contract.pipeline;

/**
 * The one writer lease of a lakehouse: a single DynamoDB item that every job takes before it
 * writes (a conditional write with an owner and an expiry), so no two writers ever run over each
 * other. The jobs of one state-machine execution share it (the owner is the execution) and the
 * state machine releases it when it ends; a job started on its own owns it for its run. The
 * attribute names are stated here once: the jobs, the state machines' release states (the ASL
 * file and the erasure machine) and the tests use them.
 */
public final class LakeLease {
  /** The table's partition key. */
  public static final String KEY_ATTRIBUTE = "pk";
  /** The item's key: one lease for the whole lakehouse. */
  public static final String KEY = "lakehouse";
  public static final String OWNER = "owner";
  public static final String PURPOSE = "purpose";
  /** Epoch seconds; a lease past it is free, whoever held it (a writer that died). */
  public static final String EXPIRES_AT = "expires_at";
  /** ISO-8601: when the current owner took it. */
  public static final String TAKEN_AT = "taken_at";

  private LakeLease() {}
}
