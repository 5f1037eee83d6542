package dev.lakehouse.local;

import dev.lakehouse.local.ops.DeployedEnvironment;
import java.time.Duration;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The AWS clients the {@code --env} commands use, per environment, and how often they poll a run. */
record AwsClients(Function<DeployedEnvironment, GlueClient> glueFor, Function<DeployedEnvironment, SfnClient> sfnFor, Duration poll) {
  /** Clients for the environment's region, credentials from the SDK's default chain. */
  static AwsClients standard() {
    return new AwsClients(env -> GlueClient.builder().region(Region.of(env.region())).build(),
        env -> SfnClient.builder().region(Region.of(env.region())).build(), Duration.ofSeconds(30));
  }

  GlueClient glue(DeployedEnvironment env) {
    return glueFor.apply(env);
  }

  SfnClient sfn(DeployedEnvironment env) {
    return sfnFor.apply(env);
  }
}
