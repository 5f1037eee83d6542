package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.local.ops.DeployedEnvironment;
import dev.lakehouse.local.ops.DisasterRecoverySite;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ./lakehouse dr failover}'s command line, and what it would configure on AWS (which cannot
 * be reached here: only the configuration is checked). The failover itself runs on a real local
 * lakehouse in {@link LocalRunOverTimeIT}.
 */
class DrFailoverCommandTest {
  @Test
  void helpSaysWhatItDoesHereAndOnAws() {
    CliRun run = CliRun.of("dr", "failover", "--help");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("usage: ./lakehouse dr failover", "--workdir=DIR", "--env=ENV", "--lake-bucket=BUCKET",
        "--replica-access-point=ARN", "rewrite_table_path", "register_table", "already", "JdbcCatalog", "drRegion",
        "e.g. ./lakehouse dr failover", "Exit codes: 0 done, 1 failed");
    assertThat(CliRun.of("dr", "--help").out()).contains("usage: ./lakehouse dr", "failover");
    assertThat(CliRun.of("--help").out()).contains("dr failover");
  }

  /** Refused before anything starts, with what is wrong. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "dr failover --env dev|--env dev has no cross-region replication",
      "dr failover --env prod|--env needs --lake-bucket",
      "dr failover --lake-bucket lake-x|--lake-bucket and --replica-access-point are for --env",
      "dr failover --env nowhere --lake-bucket b|--env nowhere: no ",
      "dr failover --env prod --lake-bucket Lake_Bucket|--lake-bucket 'Lake_Bucket' is not an S3 bucket name",
      "dr failover --env prod --lake-bucket lake-b --replica-access-point lake-replica|'lake-replica' is not an S3 access point ARN"})
  void badOptionsAreRefusedWithExitTwo(String command, String message) {
    CliRun run = CliRun.of(command.split(" "));
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).contains(message);
  }

  @Test
  void onAwsThePrimaryGlueCatalogFailsOverIntoTheDrRegionsOnTheReplicaBucket() throws Exception {
    DisasterRecoverySite site = DisasterRecoverySite.load(DeployedEnvironment.directory(), "prod");
    assertThat(site.drRegion()).isEqualTo("us-west-2");
    String ap = "arn:aws:s3:us-west-2:333333333333:accesspoint/lakehouse-prod-replica";
    DrFailoverCommand.AwsFailover aws = DrFailoverCommand.awsFailover(site, "lakehouse-prod-storage-lake-abc", Optional.of(ap),
        java.nio.file.Path.of("/tmp/dr"));
    assertThat(aws.sourceConf()).containsEntry("spark.sql.catalog.primary", "org.apache.iceberg.spark.SparkCatalog")
        .containsEntry("spark.sql.catalog.primary.catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog")
        .containsEntry("spark.sql.catalog.primary.client.region", "us-east-1").containsEntry("spark.sql.catalog.primary.glue.id", "333333333333")
        .containsEntry("spark.sql.catalog.primary.s3.access-points.lakehouse-prod-storage-lake-abc", ap);
    String replica = "lakehouse-prod-replica-333333333333-us-west-2";
    assertThat(aws.plan().source()).isEqualTo("primary");
    assertThat(aws.plan().dr()).isEqualTo("dr");
    assertThat(aws.plan().namespaces()).isEqualTo(List.of("bronze", "silver", "gold", "ops"));
    assertThat(aws.plan().sourcePrefix()).isEqualTo("s3://lakehouse-prod-storage-lake-abc/");
    assertThat(aws.plan().targetPrefix()).isEqualTo("s3://" + replica + "/");
    assertThat(aws.plan().stagingLocation()).isEqualTo("file:/tmp/dr/");
    assertThat(aws.sourceConf()).containsEntry("spark.sql.catalog.primary.io-impl", "org.apache.iceberg.io.ResolvingFileIO");
    assertThat(aws.plan().drProperties()).containsEntry("catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog")
        .containsEntry("client.region", "us-west-2").containsEntry("warehouse", "s3://" + replica + "/")
        .containsEntry("s3.sse.key", "arn:aws:kms:us-west-2:333333333333:alias/lakehouse-prod-replica");
  }
}
