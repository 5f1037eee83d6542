package dev.lakehouse.infra.stacks;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.contract.pipeline.PipelineFiles;
import dev.lakehouse.infra.config.EnvironmentConfig;
import dev.lakehouse.infra.constructs.LakehouseBucket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.athena.CfnNamedQuery;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * Athena: a work group whose settings are enforced (results SSE-KMS with the lake key in their own
 * bucket, a per-query bytes-scanned cutoff from the environment, engine v3, metrics on), and one
 * named query per versioned SQL file in {@code athena/named-queries/}.
 */
public final class QueryStack extends software.amazon.awscdk.Stack {
  private final CfnWorkGroup workGroup;
  private final Bucket results;

  public QueryStack(Construct scope, String id, PlatformProps props) {
    super(scope, id, props.stackProps());
    boolean keep = props.stateRemoval() == RemovalPolicy.RETAIN;
    results = new LakehouseBucket(this, "Results", props.get(SecurityStack.class).lakeKey(), props.get(StorageStack.class).accessLogs(),
        "athena-results/", b -> b
        .lifecycleRules(List.of(LifecycleRule.builder().id("expire-results")
            .expiration(Duration.days(props.config().athena().resultRetentionDays())).noncurrentVersionExpiration(Duration.days(1)).build()))
        .removalPolicy(props.stateRemoval())
        .autoDeleteObjects(!keep));
    io.github.cdklabs.cdknag.NagSuppressions.addResourceSuppressions(results, CompliancePacks.inEveryPack("S3BucketReplicationEnabled",
        "Query results expire after athena.resultRetentionDays and are recomputed from the lake by running the query again",
        CompliancePacks.NIST, CompliancePacks.PCI));
    workGroup = CfnWorkGroup.Builder.create(this, "WorkGroup")
        .name(dev.lakehouse.contract.pipeline.DeployedNames.workGroup(props.config().name()))
        .description("Lakehouse queries: enforced result encryption and scan cutoff")
        .state("ENABLED")
        .recursiveDeleteOption(!keep)
        .workGroupConfiguration(CfnWorkGroup.WorkGroupConfigurationProperty.builder()
            .enforceWorkGroupConfiguration(true)
            .publishCloudWatchMetricsEnabled(true)
            .bytesScannedCutoffPerQuery((long) props.config().athena().bytesScannedCutoffGb() * 1024 * 1024 * 1024)
            .engineVersion(CfnWorkGroup.EngineVersionProperty.builder().selectedEngineVersion("Athena engine version 3").build())
            .resultConfiguration(CfnWorkGroup.ResultConfigurationProperty.builder()
                .outputLocation("s3://" + results.getBucketName() + "/")
                .encryptionConfiguration(CfnWorkGroup.EncryptionConfigurationProperty.builder()
                    .encryptionOption("SSE_KMS").kmsKey(props.get(SecurityStack.class).lakeKey().getKeyArn()).build())
                .build())
            .build())
        .build();
    new AnalystRole(this, "Analyst", props.config().name(), workGroup.getName(), props.get(StorageStack.class).lake(), results,
        props.get(SecurityStack.class).lakeKey());
    for (Path sql : sqlFiles(PipelineFiles.athenaSql().resolve("named-queries"))) {
      String name = sql.getFileName().toString().replace(".sql", "");
      String text = PipelineFiles.sql(sql);
      CfnNamedQuery.Builder.create(this, "Query-" + name)
          .name(name)
          .description(text.lines().filter(l -> l.startsWith("--")).findFirst().map(l -> l.substring(2).trim()).orElse(name))
          .database(Namespaces.GOLD)
          .workGroup(workGroup.getName())
          .queryString(text)
          .build()
          .addDependency(workGroup);
    }
  }

  static List<Path> sqlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  public CfnWorkGroup workGroup() {
    return workGroup;
  }

  public Bucket results() {
    return results;
  }
}
