package dev.lakehouse.jobs.dr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Both sides of a failover are configuration: the property maps are checked here, the real catalogs by LocalRunOverTimeIT (local). */
class FailoverCatalogsTest {
  @Test
  void locallyTheDrCatalogIsAJdbcCatalogOnTheReplicaBucketOfTheS3StandIn() throws Exception {
    Map<String, String> p = FailoverCatalogs.jdbcOnS3Endpoint("jdbc:postgresql://localhost:5/dr?user=postgres", "http://127.0.0.1:9",
        "lake-replica", "key", "secret");
    assertThat(p).containsEntry("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog").containsEntry("uri", "jdbc:postgresql://localhost:5/dr?user=postgres")
        .containsEntry("warehouse", "s3://lake-replica/").containsEntry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
        .containsEntry("s3.endpoint", "http://127.0.0.1:9").containsEntry("s3.path-style-access", "true")
        .containsEntry("s3.access-key-id", "key").containsEntry("s3.secret-access-key", "secret").containsEntry("http-client.type", "urlconnection");
    // the classes named are on the classpath the jobs ship with
    Class.forName(p.get("catalog-impl"));
    Class.forName(p.get("io-impl"));
  }

  @Test
  void onAwsTheSourceIsThePrimaryGlueCatalogReadingTheLakeBucketThroughTheReplicasAccessPoint() throws Exception {
    String ap = "arn:aws:s3:us-west-2:333333333333:accesspoint/lakehouse-prod-replica";
    Map<String, String> p = FailoverCatalogs.primaryGlue("us-east-1", "333333333333", "lake-bucket-x", Optional.of(ap));
    assertThat(p).containsEntry("catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog").containsEntry("glue.id", "333333333333")
        .containsEntry("client.region", "us-east-1").containsEntry("warehouse", "s3://lake-bucket-x/")
        .containsEntry("io-impl", "org.apache.iceberg.io.ResolvingFileIO").containsEntry("s3.access-points.lake-bucket-x", ap)
        .containsEntry("s3.use-arn-region-enabled", "true");
    Class.forName(p.get("catalog-impl"));
    Class.forName(p.get("io-impl"));
    // without an access point the lake bucket itself is read (a drill, or the bucket still answers)
    assertThat(FailoverCatalogs.primaryGlue("us-east-1", "333333333333", "lake-bucket-x", Optional.empty()))
        .doesNotContainKey("s3.access-points.lake-bucket-x").doesNotContainKey("s3.use-arn-region-enabled");
  }

  @Test
  void onAwsTheDrCatalogIsTheDrRegionsGlueCatalogWritingWithTheReplicaKey() {
    Map<String, String> p = FailoverCatalogs.drGlue("us-west-2", "333333333333", "lakehouse-prod-replica-333333333333-us-west-2",
        "arn:aws:kms:us-west-2:333333333333:alias/lakehouse-prod-replica");
    assertThat(p).containsEntry("catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog").containsEntry("client.region", "us-west-2")
        .containsEntry("glue.id", "333333333333").containsEntry("warehouse", "s3://lakehouse-prod-replica-333333333333-us-west-2/")
        .containsEntry("s3.sse.type", "kms").containsEntry("s3.sse.key", "arn:aws:kms:us-west-2:333333333333:alias/lakehouse-prod-replica");
  }

  @Test
  void sparkConfNamesTheCatalogAndPrefixesEveryProperty() {
    assertThat(FailoverCatalogs.sparkConf("dr", Map.of("warehouse", "s3://b/"))).containsExactlyInAnyOrderEntriesOf(Map.of(
        "spark.sql.catalog.dr", "org.apache.iceberg.spark.SparkCatalog", "spark.sql.catalog.dr.cache-enabled", "false",
        "spark.sql.catalog.dr.warehouse", "s3://b/"));
  }

  @Test
  void aPlanThatWouldWriteOverItsSourceIsRefused() {
    Map<String, String> dr = Map.of("io-impl", FailoverCatalogs.S3_FILE_IO);
    assertThatThrownBy(() -> new FailoverPlan("lakehouse", "lakehouse", dr, List.of("gold"), "file:/a/", "s3://b/", "file:/s/"))
        .hasMessageContaining("into itself");
    assertThatThrownBy(() -> new FailoverPlan("lakehouse", "dr", dr, List.of("gold"), "s3://b/", "s3://b/", "file:/s/"))
        .hasMessageContaining("prefixes are the same");
    assertThatThrownBy(() -> new FailoverPlan("lakehouse", "dr", Map.of(), List.of("gold"), "file:/a/", "s3://b/", "file:/s/"))
        .hasMessageContaining("io-impl");
  }
}
