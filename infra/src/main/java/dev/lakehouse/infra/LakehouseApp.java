package dev.lakehouse.infra;

import dev.lakehouse.infra.config.EnvironmentConfig;
import dev.lakehouse.infra.stacks.CompliancePacks;
import dev.lakehouse.infra.stacks.ComputeStack;
import dev.lakehouse.infra.stacks.CostStack;
import dev.lakehouse.infra.stacks.DeliveryStack;
import dev.lakehouse.infra.stacks.DisasterRecoveryStack;
import dev.lakehouse.infra.stacks.IngestionStack;
import dev.lakehouse.infra.stacks.NetworkStack;
import dev.lakehouse.infra.stacks.ObservabilityStack;
import dev.lakehouse.infra.stacks.OrchestrationStack;
import dev.lakehouse.infra.stacks.PlatformProps;
import dev.lakehouse.infra.stacks.QueryStack;
import dev.lakehouse.infra.stacks.SecurityStack;
import dev.lakehouse.infra.stacks.StorageStack;
import dev.lakehouse.infra.stacks.StreamingStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: {@code npx cdk synth -c env=dev}. One stack per concern, named
 * {@code lakehouse-<env>-<concern>}, every one checked by cdk-nag's AWS Solutions rules and
 * tagged for cost allocation. Nothing is looked up at synth time: account, region and sizes come
 * from {@code environments/<env>.json}.
 */
public final class LakehouseApp {
  private static final String STRONG_REFERENCES = "@aws-cdk/core:defaultCrossStackReferences";

  private LakehouseApp() {}

  public static void main(String[] args) {
    App app = new App();
    String env = (String) app.getNode().tryGetContext("env");
    build(app, EnvironmentConfig.load(RepoPaths.root().resolve("environments"), env == null ? "dev" : env));
    app.synth();
  }

  /** An app with a fixed output directory (tests). */
  public static App appFor(EnvironmentConfig config, Path outdir) {
    App app = new App(AppProps.builder().outdir(outdir.toString()).build());
    build(app, config);
    return app;
  }

  /** Adds every stack of one environment to {@code app}. */
  public static List<Stack> build(App app, EnvironmentConfig config) {
    // stacks reference each other (keys, buckets, the VPC): keep the producer-protecting exports
    if (app.getNode().tryGetContext(STRONG_REFERENCES) == null) {
      app.getNode().setContext(STRONG_REFERENCES, "strong");
    }
    StackProps props =
        StackProps.builder()
            .env(Environment.builder().account(config.account()).region(config.region()).build())
            .terminationProtection(config.features().protectState())
            .build();
    String prefix = "lakehouse-" + config.name() + "-";
    // each stack, once built, is added to the props of the stacks built after it
    PlatformProps platform = PlatformProps.of(props, config);
    SecurityStack security = new SecurityStack(app, prefix + "security", platform);
    StorageStack storage = new StorageStack(app, prefix + "storage", platform = platform.with(security));
    NetworkStack network = new NetworkStack(app, prefix + "network", platform = platform.with(storage));
    IngestionStack ingestion = new IngestionStack(app, prefix + "ingestion", platform = platform.with(network));
    CostStack cost = new CostStack(app, prefix + "cost", platform = platform.with(ingestion));
    StreamingStack streaming = new StreamingStack(app, prefix + "streaming", platform);
    ComputeStack compute = new ComputeStack(app, prefix + "compute", platform = platform.with(streaming));
    QueryStack query = new QueryStack(app, prefix + "query", platform = platform.with(compute));
    OrchestrationStack orchestration = new OrchestrationStack(app, prefix + "orchestration", platform = platform.with(query));
    ObservabilityStack observability = new ObservabilityStack(app, prefix + "observability", platform.with(orchestration));
    // deployed once by a person (it creates the roles the workflows then use), then by cd.yml with the rest
    DeliveryStack delivery = new DeliveryStack(app, prefix + "delivery", PlatformProps.of(props, config));
    List<Stack> stacks = new ArrayList<>(List.of(security, storage, cost, network, ingestion, streaming, compute, query, orchestration,
        observability, delivery));
    if (config.features().crossRegionReplication()) {
      // the replica lives in the DR region; deploy it before the bucket that replicates into it
      DisasterRecoveryStack dr = new DisasterRecoveryStack(app, prefix + "dr", platform.withStackProps(StackProps.builder()
          .env(Environment.builder().account(config.account()).region(config.drRegion()).build())
          .terminationProtection(config.features().protectState()).build()));
      storage.addDependency(dr, "the replication destination must exist first");
      security.addDependency(dr, "the secrets' replicas are encrypted with the replica key");
      stacks.add(dr);
    }
    for (Stack s : stacks) {
      Tags.of(s).add("project", "lakehouse");
      Tags.of(s).add("environment", config.name());
      Tags.of(s).add("cost-center", "data-platform");
      CompliancePacks.apply(s);
    }
    return stacks;
  }
}
