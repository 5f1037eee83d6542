package dev.lakehouse.contract.pipeline;

/**
 * The fixed names of an environment's deployed resources that the {@code --env} commands address
 * without reading a template: infra gives its resources these names, the CLI looks them up by them.
 */
public final class DeployedNames {
  private DeployedNames() {}

  /** The Athena work group: {@code lakehouse-<env>}. */
  public static String workGroup(String environment) {
    return "lakehouse-" + environment;
  }

  /** The storage stack, which holds the lake bucket. */
  public static String storageStack(String environment) {
    return "lakehouse-" + environment + "-storage";
  }

  /** The alias of the key of the landed raw files: {@code alias/lakehouse-<env>-raw}. */
  public static String rawKeyAlias(String environment) {
    return "alias/lakehouse-" + environment + "-raw";
  }

  /** The replica bucket in the DR region: bucket names are global, so account and region are in it. */
  public static String replicaBucket(String environment, String account, String drRegion) {
    return "lakehouse-" + environment + "-replica-" + account + "-" + drRegion;
  }

  /** The alias of the replica's key in the DR region. */
  public static String replicaKeyAlias(String environment) {
    return "alias/lakehouse-" + environment + "-replica";
  }

  /** The access point on the replica bucket through which a failover reads it. */
  public static String replicaAccessPoint(String environment) {
    return "lakehouse-" + environment + "-replica";
  }

  /** The table of the one writer lease every job and state machine takes ({@link LakeLease}). */
  public static String leaseTable(String environment) {
    return "lakehouse-" + environment + "-leases";
  }
}
