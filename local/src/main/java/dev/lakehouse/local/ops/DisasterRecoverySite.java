package dev.lakehouse.local.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.contract.pipeline.DeployedNames;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where an environment fails over to: its {@code drRegion} and the replica bucket and key that
 * infra's DisasterRecoveryStack creates there, by the names both take from {@link DeployedNames}.
 * Only environments with {@code features.crossRegionReplication}.
 */
public record DisasterRecoverySite(DeployedEnvironment primary, String drRegion) {
  /** Reads {@code <dir>/<env>.json}; an environment without replication is bad input. */
  public static DisasterRecoverySite load(Path dir, String env) throws IOException {
    DeployedEnvironment primary = DeployedEnvironment.load(dir, env);
    JsonNode n = new ObjectMapper().readTree(dir.resolve(env + ".json").toFile());
    if (!n.path("features").path("crossRegionReplication").asBoolean(false)) {
      throw new IllegalArgumentException("--env " + env + " has no cross-region replication (features.crossRegionReplication):"
          + " there is no replica to fail over to");
    }
    String drRegion = n.path("drRegion").asText("");
    if (drRegion.isEmpty() || drRegion.equals(primary.region())) {
      throw new IllegalArgumentException("--env " + env + ": drRegion '" + drRegion + "' is not a region other than " + primary.region());
    }
    return new DisasterRecoverySite(primary, drRegion);
  }

  public String replicaBucket() {
    return DeployedNames.replicaBucket(primary.name(), primary.account(), drRegion);
  }

  /** The replica key's alias, as an ARN in the DR region. */
  public String replicaKey() {
    return "arn:aws:kms:" + drRegion + ":" + primary.account() + ":" + DeployedNames.replicaKeyAlias(primary.name());
  }
}
