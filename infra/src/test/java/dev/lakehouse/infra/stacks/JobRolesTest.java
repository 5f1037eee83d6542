package dev.lakehouse.infra.stacks;

import static dev.lakehouse.infra.stacks.RoleGrants.LAKE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contract.pipeline.JobAccess;
import dev.lakehouse.contract.pipeline.PipelineJob;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Template;

/** Each job stage runs under its own role, and each role reaches only its stage's prefixes, tables and secrets. */
class JobRolesTest {
  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void everyGlueJobRunsUnderTheRoleOfItsStage(String env) {
    Template t = Stacks.template(env, "compute");
    @SuppressWarnings("unchecked")
    Map<String, String> roleIds = t.findResources("AWS::IAM::Role").entrySet().stream().collect(java.util.stream.Collectors.toMap(
        e -> String.valueOf(((Map<String, Object>) e.getValue().get("Properties")).get("RoleName")), Map.Entry::getKey));
    for (PipelineJob job : PipelineJob.values()) {
      String roleId = roleIds.get(role(env, job.access()));
      assertThat(roleId).as("role of " + job.access()).isNotNull();
      t.hasResourceProperties("AWS::Glue::Job", Map.of("Name", job.deployedName(env), "Role", Map.of("Fn::GetAtt", List.of(roleId, "Arn"))));
    }
    assertThat(roleIds.keySet().stream().filter(n -> n.startsWith("lakehouse-" + env + "-glue-"))).hasSize(JobAccess.values().length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void goldReadsSilverAndWritesGoldButNeverALandedFileARawTableOrThePiiKey(String env) {
    Template t = Stacks.template(env, "compute");
    RoleGrants gold = RoleGrants.of(t, role(env, JobAccess.GOLD));
    assertThat(gold.allows("s3:GetObject", LAKE + "/silver/orders/data/part-0.parquet")).isTrue();
    assertThat(gold.allows("s3:PutObject", LAKE + "/gold/order_facts/data/part-0.parquet")).isTrue();
    assertThat(gold.allows("s3:PutObject", LAKE + "/ops/job_state/metadata/v2.metadata.json")).isTrue();
    assertThat(gold.allows("glue:UpdateTable", arn(env, "glue", "table/gold/order_facts"))).isTrue();

    assertThat(gold.allows("s3:GetObject", LAKE + "/landing/transactions/2026-12-01/tx.csv")).isFalse();
    assertThat(gold.allows("s3:GetObject", LAKE + "/bronze/orders_raw/data/part-0.parquet")).isFalse();
    assertThat(gold.allows("s3:PutObject", LAKE + "/silver/orders/data/part-0.parquet")).isFalse();
    assertThat(gold.allows("glue:UpdateTable", arn(env, "glue", "table/silver/orders"))).isFalse();
    assertThat(gold.allows("glue:GetTable", arn(env, "glue", "table/bronze/orders_raw"))).isFalse();
    assertThat(gold.allows("secretsmanager:GetSecretValue", piiSecret(t, env))).isFalse();
    // nor the key of the landed files
    assertThat(gold.resources()).noneMatch(r -> r.contains("RawKey"));
    assertThat(gold.actions()).noneMatch(a -> a.startsWith("secretsmanager:"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void onlyTheHashingStagesReadThePiiKeyAndOnlyBronzeAndTheErasureTouchLandedFiles(String env) {
    Template t = Stacks.template(env, "compute");
    String secret = piiSecret(t, env);
    String landed = LAKE + "/landing/users/2026-12-01/users.jsonl";
    for (JobAccess access : JobAccess.values()) {
      RoleGrants g = RoleGrants.of(t, role(env, access));
      boolean hashes = access == JobAccess.SILVER || access == JobAccess.PII_REHASH || access == JobAccess.ERASURE;
      assertThat(g.allows("secretsmanager:GetSecretValue", secret)).as(access + " reads the PII key").isEqualTo(hashes);
      assertThat(g.allows("s3:GetObject", landed)).as(access + " reads landed files")
          .isEqualTo(access == JobAccess.BRONZE || access == JobAccess.ERASURE);
      assertThat(g.allows("s3:PutObject", landed)).as(access + " rewrites landed files").isEqualTo(access == JobAccess.ERASURE);
      // landed files are under their own key: only the stages that read or rewrite them may decrypt it
      assertThat(g.allows("kms:Decrypt", rawKey(t, env))).as(access + " decrypts landed files")
          .isEqualTo(access == JobAccess.BRONZE || access == JobAccess.ERASURE);
      assertThat(g.allows("s3:DeleteObjectVersion", LAKE + "/silver/users/data/part-0.parquet")).as(access + " deletes versions")
          .isEqualTo(access == JobAccess.ERASURE);
      // the jobs never drop a table, whichever their stage
      assertThat(g.allows("glue:DeleteTable", arn(env, "glue", "table/gold/order_facts"))).as(access + " drops tables").isFalse();
    }
    RoleGrants bronze = RoleGrants.of(t, role(env, JobAccess.BRONZE));
    assertThat(bronze.allows("s3:PutObject", LAKE + "/bronze/users_raw/data/part-0.parquet")).isTrue();
    assertThat(bronze.allows("s3:PutObject", LAKE + "/_checkpoints/bronze/orders/offsets/0")).isTrue();
    assertThat(bronze.allows("s3:GetObject", LAKE + "/silver/users/data/part-0.parquet")).isFalse();
    RoleGrants silver = RoleGrants.of(t, role(env, JobAccess.SILVER));
    assertThat(silver.allows("s3:GetObject", LAKE + "/bronze/users_raw/data/part-0.parquet")).isTrue();
    assertThat(silver.allows("s3:PutObject", LAKE + "/bronze/users_raw/data/part-0.parquet")).isFalse();
    assertThat(silver.allows("s3:PutObject", LAKE + "/gold/order_facts/data/part-0.parquet")).isFalse();
    RoleGrants maintenance = RoleGrants.of(t, role(env, JobAccess.MAINTENANCE));
    assertThat(maintenance.allows("s3:DeleteObject", LAKE + "/bronze/orders_raw/data/part-0.parquet")).isTrue();
    assertThat(maintenance.allows("s3:DeleteObject", LAKE + "/gold/order_facts/data/part-0.parquet")).isTrue();
  }

  private static String role(String env, JobAccess access) {
    return "lakehouse-" + env + "-glue-" + access.id();
  }

  /** The PII secret as the silver role's policy names it (an import of the security stack's secret). */
  private static String piiSecret(Template t, String env) {
    return RoleGrants.of(t, role(env, JobAccess.SILVER)).resources().stream().filter(r -> r.contains("PiiHashKey")).findFirst()
        .orElseThrow(() -> new AssertionError("silver's role names no PII secret"));
  }

  /** The raw key as bronze's policy names it (an import of the security stack's key). */
  private static String rawKey(Template t, String env) {
    return RoleGrants.of(t, role(env, JobAccess.BRONZE)).resources().stream().filter(r -> r.contains("RawKey")).findFirst()
        .orElseThrow(() -> new AssertionError("bronze's role names no raw key"));
  }

  private static String arn(String env, String service, String resource) {
    var c = Stacks.config(env);
    return "arn:aws:" + service + ":" + c.region() + ":" + c.account() + ":" + resource;
  }
}
