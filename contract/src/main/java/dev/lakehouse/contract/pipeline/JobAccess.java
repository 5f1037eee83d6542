package dev.lakehouse.contract.pipeline;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.contract.layout.LakeLayout;
import java.util.List;
import java.util.Locale;

/**
 * What a job may touch, one profile per deployed role: the lake databases whose tables it reads,
 * those it writes (read, write and delete), other object prefixes it reads, and whether it may read
 * the PII hash key. Infra grants exactly this; a job's migrate step creates and evolves only the
 * tables of the namespaces it writes, so a job never needs a grant its profile lacks.
 */
public enum JobAccess {
  /** Landed files in, raw tables out: the only layer besides landing that holds clear PII. */
  BRONZE(List.of(), List.of(Namespaces.BRONZE, Namespaces.OPS), List.of(LakeLayout.LANDING), List.of(LakeLayout.CHECKPOINTS), false,
      false),
  /** Raw tables in, validated and pseudonymised tables out: the key of the keyed hash is needed here. */
  SILVER(List.of(Namespaces.BRONZE), List.of(Namespaces.SILVER, Namespaces.OPS), List.of(), List.of(), true, false),
  /** Silver in, gold out: never a landed file, a raw table or the PII key. */
  GOLD(List.of(Namespaces.SILVER), List.of(Namespaces.GOLD, Namespaces.OPS), List.of(), List.of(), false, false),
  /** Compaction, snapshot expiry, retention deletes and rollbacks on every table; no landed file, no PII key. */
  MAINTENANCE(List.of(), Namespaces.ALL, List.of(), List.of(), false, false),
  /** Moves stored hashes onto a new key: the hashed tables (silver, gold) and the key. */
  PII_REHASH(List.of(), List.of(Namespaces.SILVER, Namespaces.GOLD, Namespaces.OPS), List.of(), List.of(), true, false),
  /** Removes a person from every table, landed file and object version (and the DR replica). */
  ERASURE(List.of(), Namespaces.ALL, List.of(), List.of(LakeLayout.LANDING, LakeLayout.QUARANTINE, LakeLayout.ERASURE_REQUESTS), true, true);

  private final List<String> readNamespaces;
  private final List<String> writeNamespaces;
  private final List<String> readPrefixes;
  private final List<String> writePrefixes;
  private final boolean piiKey;
  private final boolean deletesObjectVersions;

  JobAccess(List<String> readNamespaces, List<String> writeNamespaces, List<String> readPrefixes, List<String> writePrefixes,
      boolean piiKey, boolean deletesObjectVersions) {
    this.readNamespaces = readNamespaces;
    this.writeNamespaces = writeNamespaces;
    this.readPrefixes = readPrefixes;
    this.writePrefixes = writePrefixes;
    this.piiKey = piiKey;
    this.deletesObjectVersions = deletesObjectVersions;
  }

  /** {@code bronze}, {@code pii-rehash}: the role's suffix. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Databases whose tables (and objects under {@code <namespace>/}) the job only reads. */
  public List<String> readNamespaces() {
    return readNamespaces;
  }

  /** Databases whose tables the job creates, evolves, writes and deletes from. */
  public List<String> writeNamespaces() {
    return writeNamespaces;
  }

  /** Object prefixes outside the tables that the job only reads ({@link LakeLayout#LANDING} for bronze). */
  public List<String> readPrefixes() {
    return readPrefixes;
  }

  /** Object prefixes outside the tables that the job reads and writes (a stream's checkpoints, landed files to rewrite). */
  public List<String> writePrefixes() {
    return writePrefixes;
  }

  /** Whether the job reads the PII hash key (it computes or recomputes keyed hashes). */
  public boolean piiKey() {
    return piiKey;
  }

  /** Whether the job deletes object versions, in any prefix, here and in the DR replica (a version may still hold the person). */
  public boolean deletesObjectVersions() {
    return deletesObjectVersions;
  }

  /** Whether the job's tables in {@code namespace} are its to create and evolve. */
  public boolean writes(String namespace) {
    return writeNamespaces.contains(namespace);
  }
}
