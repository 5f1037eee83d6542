package dev.lakehouse.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.jobs.config.JobConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog switch is configuration only: same jar, local Hadoop catalog or Glue + S3FileIO (SSE-KMS). */
class LakehouseSparkTest {
  @Test
  void localUsesAHadoopCatalogOnTheWarehouseDirectory() {
    Map<String, String> conf = LakehouseSpark.catalogConf(JobConfig.fromArgs(new String[] {"--warehouse", "file:/tmp/wh/"}));
    assertThat(conf)
        .containsEntry("spark.sql.catalog.lakehouse", "org.apache.iceberg.spark.SparkCatalog")
        .containsEntry("spark.sql.catalog.lakehouse.type", "hadoop")
        .containsEntry("spark.sql.catalog.lakehouse.warehouse", "file:/tmp/wh")
        .containsEntry("spark.sql.defaultCatalog", "lakehouse")
        .doesNotContainKey("spark.sql.catalog.lakehouse.catalog-impl");
  }

  @Test
  void glueUsesGlueCatalogAndS3FileIoWithKms() throws Exception {
    JobConfig config = JobConfig.fromArgs(new String[] {
        "--catalog", "glue", "--warehouse", "s3://lake-dev/", "--kms-key-arn", "arn:aws:kms:eu-west-1:111122223333:key/abc",
        "--glue-catalog-id", "111122223333"});
    Map<String, String> conf = LakehouseSpark.catalogConf(config);
    assertThat(conf)
        .containsEntry("spark.sql.catalog.lakehouse.catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog")
        .containsEntry("spark.sql.catalog.lakehouse.io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
        .containsEntry("spark.sql.catalog.lakehouse.warehouse", "s3://lake-dev")
        .containsEntry("spark.sql.catalog.lakehouse.s3.sse.type", "kms")
        .containsEntry("spark.sql.catalog.lakehouse.s3.sse.key", "arn:aws:kms:eu-west-1:111122223333:key/abc")
        .containsEntry("spark.sql.catalog.lakehouse.glue.id", "111122223333")
        .doesNotContainKey("spark.sql.catalog.lakehouse.type");
    // The classes named are on the job's classpath (shipped in the job jar).
    Class.forName(conf.get("spark.sql.catalog.lakehouse.catalog-impl"));
    Class.forName(conf.get("spark.sql.catalog.lakehouse.io-impl"));
  }

  @Test
  void glueWithoutAKmsKeyOrPiiKeyFailsNamingTheArgument() {
    JobConfig config = JobConfig.fromArgs(new String[] {"--catalog", "glue", "--warehouse", "s3://lake-dev/"});
    assertThatThrownBy(() -> LakehouseSpark.catalogConf(config)).hasMessageContaining("--kms-key-arn");
    assertThatThrownBy(config::piiHashKey).hasMessageContaining("--pii-hash-key");
    assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"--catalog", "hive"}).catalogType()).hasMessageContaining("'local' or 'glue'");
  }

  @Test
  void withConfChangesASettingOnlyForItsWorkThenRestoresOrUnsetsIt() {
    org.apache.spark.sql.SparkSession spark = dev.lakehouse.jobs.support.LakeFixture.get().spark();
    String key = "spark.sql.codegen.wholeStage";
    String absent = "spark.lakehouse.test.unset-setting";
    spark.conf().set(key, "true");
    String inside = LakehouseSpark.withConf(spark, key, "false", () -> spark.conf().get(key));
    assertThat(inside).isEqualTo("false");
    assertThat(spark.conf().get(key)).isEqualTo("true");
    assertThatThrownBy(() -> LakehouseSpark.withConf(spark, absent, "x", () -> {
      throw new IllegalStateException("work failed");
    })).hasMessage("work failed");
    assertThat(spark.conf().getOption(absent).isDefined()).isFalse();
  }
}
