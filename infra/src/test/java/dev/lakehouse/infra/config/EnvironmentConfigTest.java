package dev.lakehouse.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentConfigTest {
  static final Path ENVIRONMENTS = Path.of("..", "environments");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"dev", "staging", "prod"})
  void theShippedEnvironmentsAreValid(String env) {
    EnvironmentConfig c = EnvironmentConfig.load(ENVIRONMENTS, env);
    assertThat(c.name()).isEqualTo(env);
    assertThat(c.account()).hasSize(12);
    assertThat(c.retentionDays().bronze()).isEqualTo(90);
  }

  @Test
  void anUnknownKeyIsNamedWithItsPath() throws Exception {
    assertRefused(n -> ((ObjectNode) n.get("glue")).put("wokers", 3), "unknown key 'glue.wokers'");
  }

  @Test
  void aMissingKeyIsNamed() throws Exception {
    assertRefused(n -> n.remove("drRegion"), "drRegion");
  }

  @Test
  void badValuesAreRefusedNamingTheKey() throws Exception {
    assertRefused(n -> n.put("account", "12345"), "key 'account' must be a 12-digit AWS account id");
    assertRefused(n -> n.put("region", "Frankfurt"), "key 'region' must be an AWS region");
    assertRefused(n -> n.put("drRegion", n.get("region").asText()), "key 'drRegion' must be an AWS region other than region");
    assertRefused(n -> ((ObjectNode) n.get("glue")).put("workers", -4), "key 'glue.workers' must be between 2 and 100");
    assertRefused(n -> ((ObjectNode) n.get("retentionDays")).put("silver", -1), "key 'retentionDays.silver' must be positive");
    assertRefused(n -> ((ObjectNode) n.get("budget")).put("monthlyUsd", -10), "key 'budget.monthlyUsd' must be positive");
    assertRefused(n -> ((ObjectNode) n.get("budget")).putArray("alertEmails").add("not-an-email"),
        "key 'budget.alertEmails' must list at least one valid email");
    assertRefused(n -> ((ObjectNode) n.get("streaming")).put("kinesisMode", "PROVISIONED"),
        "key 'streaming.kinesisShards' must be 0 for ON_DEMAND and positive for PROVISIONED");
    assertRefused(n -> ((ObjectNode) n.get("glue")).put("workers", "many"), "key 'glue.workers'");
    assertRefused(n -> ((ObjectNode) n.get("athena")).put("bytesScannedCutoffGb", 0), "key 'athena.bytesScannedCutoffGb' must be between 1 and 10000");
  }

  @Test
  void alertsMustReachSomeoneAtEverySeverityThroughValidEndpoints() throws Exception {
    assertRefused(n -> {
      ObjectNode warning = (ObjectNode) n.get("alerts").get("warning");
      warning.putArray("emails");
      warning.putArray("httpsEndpoints");
    }, "key 'alerts.warning' must reach someone: at least one email or HTTPS endpoint");
    assertRefused(n -> ((ObjectNode) n.get("alerts").get("critical")).putArray("emails").add("oncall"),
        "key 'alerts.critical.emails[0]' is not an email address");
    assertRefused(n -> ((ObjectNode) n.get("alerts").get("critical")).putArray("httpsEndpoints").add("http://hooks.example.com/x"),
        "key 'alerts.critical.httpsEndpoints[0]' must be an https:// URL with a host");
    assertRefused(n -> ((ObjectNode) n.get("alerts")).putObject("slack").put("workspaceId", "T0123ABCD").put("channelId", "#data"),
        "key 'alerts.slack.channelId' must be a Slack channel id");
    assertRefused(n -> ((ObjectNode) n.get("alerts")).remove("critical"), "alerts");
  }

  @Test
  void slosMustBeAlarmableAndNameRealGoldTables() throws Exception {
    assertRefused(n -> ((ObjectNode) n.at("/slos/availability/critical")).put("windowDays", 8),
        "key 'slos.availability.critical.windowDays' must be 1 to 7 days (an alarm evaluates at most 7 days)");
    assertRefused(n -> ((ObjectNode) n.at("/slos/dataQuality")).put("objectivePercent", 100),
        "key 'slos.dataQuality.objectivePercent' must lie between 0 and 100");
    assertRefused(n -> ((ObjectNode) n.at("/slos/availability/critical")).put("belowPercent", 99.2),
        "key 'slos.availability.critical.belowPercent' must lie between 0 and the warning threshold");
    assertRefused(n -> ((ObjectNode) n.at("/slos/goldFreshness/tables")).putObject("gold.top_product")
        .put("warningMinutes", 60).put("criticalMinutes", 120), "key 'slos.goldFreshness.tables.gold.top_product' is not a gold table");
    assertRefused(n -> ((ObjectNode) n.at("/slos/goldFreshness/defaults")).put("criticalMinutes", 7 * 24 * 60 + 1),
        "key 'slos.goldFreshness.defaults' needs 0 < warningMinutes <= criticalMinutes <= 10080");
    assertRefused(n -> ((ObjectNode) n.at("/slos/pipelineDuration")).put("warningMinutes", 200),
        "key 'slos.pipelineDuration.warningMinutes' must be positive and at most criticalMinutes");
  }

  @Test
  void aLineageEndpointIsHttpsOrNone() throws Exception {
    assertRefused(n -> n.put("lineageUrl", "http://marquez.internal:5000/api/v1/lineage"),
        "key 'lineageUrl' must be null or the https:// URL of an OpenLineage endpoint");
    assertRefused(n -> n.remove("lineageUrl"), "lineageUrl");
  }

  @Test
  void perJobGlueSizingNamesCatalogJobs() throws Exception {
    assertRefused(n -> ((ObjectNode) n.get("glue")).putObject("jobs").putObject("silver-payments").put("workerType", "G.1X").put("workers", 2),
        "key 'glue.jobs.silver-payments' is not a job of the catalog");
    assertRefused(n -> ((ObjectNode) n.get("glue")).putObject("jobs").putObject("gold").put("workerType", "G.3X").put("workers", 2),
        "key 'glue.jobs.gold.workerType' must be one of");
    assertRefused(n -> ((ObjectNode) n.get("glue")).remove("jobs"), "glue.jobs");
  }

  @Test
  void deliveryNamesARepositoryAndThisAccountsProvider() throws Exception {
    assertRefused(n -> ((ObjectNode) n.get("delivery")).put("githubRepository", "lakehouse"),
        "key 'delivery.githubRepository' must be <owner>/<repository> on GitHub");
    assertRefused(n -> ((ObjectNode) n.get("delivery")).put("oidcProviderArn", "arn:aws:iam::999999999999:oidc-provider/token.actions.githubusercontent.com"),
        "key 'delivery.oidcProviderArn' must be null (the delivery stack creates the provider) or this account's GitHub provider");
    assertRefused(n -> n.remove("delivery"), "delivery");
  }

  @Test
  void recoveryObjectivesFollowReplication() throws Exception {
    // dev does not replicate: no objective for the loss of the region can be claimed
    assertRefused(n -> ((ObjectNode) n.get("recovery")).put("rpoMinutes", 15).put("rtoMinutes", 240),
        "key 'recovery' must have null rpoMinutes and rtoMinutes without cross-region replication");
    assertRefused(n -> {
      ((ObjectNode) n.get("features")).put("crossRegionReplication", true);
      ((ObjectNode) n.get("recovery")).put("rpoMinutes", 5).put("rtoMinutes", 240);
    }, "key 'recovery.rpoMinutes' must be at least 15 with cross-region replication");
    assertRefused(n -> n.remove("recovery"), "recovery");
  }

  @Test
  void theSftpHostKeyIsConfigurationAndRequired() throws Exception {
    String refusal = "key 'sftp.hostKeyFingerprint' must be the partner server's SSH host key fingerprint";
    assertRefused(n -> n.putObject("sftp").putNull("hostKeyFingerprint"), refusal);
    assertRefused(n -> n.putObject("sftp").put("hostKeyFingerprint", "SHA256:REPLACE-WITH-THE-PARTNER-HOST-KEY-FINGERPRINT"), refusal);
    assertRefused(n -> n.putObject("sftp").put("hostKeyFingerprint", "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48"), refusal);
    assertRefused(n -> n.remove("sftp"), "sftp");
    ObjectNode node = (ObjectNode) JSON.readTree(ENVIRONMENTS.resolve("dev.json").toFile());
    node.putObject("sftp").put("hostKeyFingerprint", "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s");
    Files.writeString(dir.resolve("dev.json"), JSON.writeValueAsString(node));
    assertThat(EnvironmentConfig.load(dir, "dev").sftp().ssmParameter()).isEmpty();
    assertThat(EnvironmentConfig.load(ENVIRONMENTS, "prod").sftp().ssmParameter()).contains("/lakehouse/prod/sftp-host-key-fingerprint");
  }

  @Test
  void aMissingFileOrBadNameIsClear() {
    assertThatThrownBy(() -> EnvironmentConfig.load(dir, "qa"))
        .isInstanceOf(EnvironmentConfig.InvalidEnvironmentException.class)
        .hasMessageContaining("qa.json: no such environment file");
    assertThatThrownBy(() -> EnvironmentConfig.load(dir, "../etc"))
        .hasMessageContaining("environment name '../etc' is not valid");
  }

  private void assertRefused(Consumer<ObjectNode> change, String message) throws Exception {
    ObjectNode node = (ObjectNode) JSON.readTree(ENVIRONMENTS.resolve("dev.json").toFile());
    change.accept(node);
    Files.writeString(dir.resolve("dev.json"), JSON.writeValueAsString(node));
    assertThatThrownBy(() -> EnvironmentConfig.load(dir, "dev"))
        .isInstanceOf(EnvironmentConfig.InvalidEnvironmentException.class)
        .hasMessageContaining(message)
        .hasMessageContaining("dev.json");
  }
}
