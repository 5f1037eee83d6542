package dev.lakehouse.infra.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One deployment environment ({@code environments/<name>.json}), read strictly: an unknown key, a
 * missing one, a malformed account id or region, a negative size — each is refused with a message
 * naming the file and the key, before any construct is built.
 */
public record EnvironmentConfig(
    String name, String account, String region, String drRegion, Network network, Glue glue, Streaming streaming,
    RetentionDays retentionDays, Athena athena, Budget budget, Alerts alerts, Slos slos, String lineageUrl, Schedules schedules,
    Features features, Sftp sftp, Delivery delivery, Recovery recovery) {

  public record Network(String cidr, int maxAzs, int natGateways) {}

  /**
   * Glue sizing: every job's worker type and count, unless {@code jobs} sizes one differently (by
   * catalog id: small sources need fewer workers than gold).
   */
  public record Glue(String workerType, int workers, int timeoutMinutes, java.util.Map<String, Size> jobs) {
    /** This job's sizing. */
    public Glue forJob(String jobId) {
      Size s = jobs.get(jobId);
      return s == null ? this : new Glue(s.workerType(), s.workers(), timeoutMinutes, jobs);
    }

    /**
     * Spark's shuffle partitions for this sizing: two tasks per executor core (Glue runs the driver
     * on one worker and an executor on each other; G.1X has 4 vCPUs, each size up doubles them).
     */
    public int shufflePartitions() {
      return 2 * vcpus() * Math.max(1, workers - 1);
    }

    /** A worker's vCPUs: G.1X has 4, each size up doubles them (16 GB of memory per 4). */
    public int vcpus() {
      return 4 << WORKER_TYPES.indexOf(workerType);
    }
  }

  /** One job's Glue workers. */
  public record Size(String workerType, int workers) {}

  public record Streaming(String kinesisMode, int kinesisShards, int kinesisRetentionHours, boolean mskEnabled) {}

  public record RetentionDays(int bronze, int silver, int gold, int quarantine, int logs, int snapshots) {}

  public record Athena(int bytesScannedCutoffGb, int resultRetentionDays) {}

  public record Budget(double monthlyUsd, double dailyComputeUsd, List<String> alertEmails) {}

  /**
   * Who is told, by severity: critical (the pipeline failed or stopped running, data is stale past
   * its objective) and warning (degraded, not yet failing); Slack through AWS Chatbot, optional.
   */
  public record Alerts(Route critical, Route warning, Slack slack) {}

  /** Email addresses and HTTPS endpoints (a webhook, an incident tool) subscribed to one severity's topic. */
  public record Route(List<String> emails, List<String> httpsEndpoints) {}

  /** An AWS Chatbot Slack channel (the workspace must first be authorized once in the Chatbot console). */
  public record Slack(String workspaceId, String channelId) {}

  /**
   * The service level objectives (seed: platform-capstone-design.md, "SLO &amp; SLI Definitions"): each
   * with the objective shown on the SLO dashboard with its error budget, and the warning and critical
   * thresholds its alarms fire at.
   */
  public record Slos(Ratio availability, Ratio dataQuality, PipelineDuration pipelineDuration, GoldFreshness goldFreshness) {}

  /** A percentage of good events (succeeded executions, passed checks) over {@code windowDays}. */
  public record Ratio(double objectivePercent, int windowDays, Below warning, Below critical) {}

  /** Alarm when the ratio over the last {@code windowDays} falls below {@code belowPercent}. */
  public record Below(double belowPercent, int windowDays) {}

  /** The p99 of pipeline execution time over {@code windowDays}; alarms above the minutes given. */
  public record PipelineDuration(int p99ObjectiveMinutes, int windowDays, int warningMinutes, int criticalMinutes) {}

  /** How long each gold table may go without a successful gold run refreshing it: a default, and per-table overrides. */
  public record GoldFreshness(Staleness defaults, java.util.Map<String, Staleness> tables) {
    /** The limits of {@code table} ("gold.x"). */
    public Staleness of(String table) {
      return tables.getOrDefault(table, defaults);
    }
  }

  /** Alarm once a table has not been refreshed for this many minutes. */
  public record Staleness(int warningMinutes, int criticalMinutes) {}

  public record Schedules(String pipeline, String sftpExtract, String rdsExtract) {}

  /**
   * Switches. {@code protectState}: the stateful resources outlive their stack (RETAIN on buckets,
   * keys, the ledger, Glue databases and log groups; DynamoDB deletion protection) and every stack
   * has termination protection; off where an environment is meant to be torn down (dev, staging).
   */
  public record Features(boolean crossRegionReplication, boolean emrServerless, boolean cloudTrailDataEvents, boolean protectState) {}

  /**
   * The partner's SFTP server, as configuration: its SSH host key fingerprint as
   * {@code ssh-keygen -lf} prints it ({@code SHA256:} + 43 base64 characters), or
   * {@code ssm:/<parameter>} naming the SSM parameter that holds it (read at deploy time). The
   * extractor refuses any server that does not present this key.
   */
  public record Sftp(String hostKeyFingerprint) {
    /** The SSM parameter's name when the fingerprint is kept there. */
    public java.util.Optional<String> ssmParameter() {
      return hostKeyFingerprint.startsWith("ssm:") ? java.util.Optional.of(hostKeyFingerprint.substring("ssm:".length())) : java.util.Optional.empty();
    }
  }

  /**
   * Who may deploy: the GitHub repository whose workflows assume this environment's roles, and the
   * account's GitHub OIDC provider ({@code null}: the delivery stack creates it; an ARN: one the
   * account already has, shared by the environments deployed there).
   */
  public record Delivery(String githubRepository, String oidcProviderArn) {}

  /**
   * Disaster recovery objectives for the loss of the region: the data loss allowed (RPO) and the
   * time to restore service in the DR region (RTO), in minutes; both null where the environment has
   * no copy in another region (it is rebuilt from its sources).
   */
  public record Recovery(Integer rpoMinutes, Integer rtoMinutes) {}

  /** A problem in an environment file; the message names the file and the key. */
  public static final class InvalidEnvironmentException extends RuntimeException {
    InvalidEnvironmentException(String message) {
      super(message);
    }
  }

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-\\d");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,20}");
  private static final Pattern CIDR = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}/(1[6-9]|2[0-8])");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[a-z]{2,}");
  private static final Pattern SLACK_ID = Pattern.compile("[A-Z0-9]{9,11}");
  private static final Pattern GITHUB_REPOSITORY = Pattern.compile("[A-Za-z0-9-]+/[A-Za-z0-9_.-]+");
  /** One fingerprint, or two during a rotation ({@code old,new}); or the SSM parameter holding them. */
  private static final Pattern HOST_KEY = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}(,SHA256:[A-Za-z0-9+/]{43})?|ssm:/[A-Za-z0-9_.\\-/]+");
  private static final Pattern SCHEDULE = Pattern.compile("(cron|rate)\\(.+\\)");
  private static final List<String> WORKER_TYPES = List.of("G.1X", "G.2X", "G.4X", "G.8X");

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

  /** Reads {@code dir/<env>.json}. */
  public static EnvironmentConfig load(Path dir, String env) {
    if (env == null || !NAME.matcher(env).matches()) {
      throw new InvalidEnvironmentException("environment name '" + env + "' is not valid (lower-case letters, digits, '-')");
    }
    Path file = dir.resolve(env + ".json");
    EnvironmentConfig c;
    try {
      c = JSON.readValue(Files.readString(file), EnvironmentConfig.class);
    } catch (NoSuchFileException e) {
      throw new InvalidEnvironmentException(file + ": no such environment file");
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidEnvironmentException(file + ": unknown key '" + path(e) + "'");
    } catch (JsonMappingException e) {
      throw new InvalidEnvironmentException(file + ": key '" + path(e) + "': " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidEnvironmentException(file + ": not valid JSON: " + e.getMessage());
    }
    c.validate(file.toString(), env);
    return c;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private void validate(String file, String expectedName) {
    require(file, "name", name != null && name.equals(expectedName), "must equal the file's name '" + expectedName + "'");
    require(file, "account", account != null && ACCOUNT.matcher(account).matches(), "must be a 12-digit AWS account id");
    require(file, "region", region != null && REGION.matcher(region).matches(), "must be an AWS region such as us-east-1");
    require(file, "drRegion", drRegion != null && REGION.matcher(drRegion).matches() && !drRegion.equals(region),
        "must be an AWS region other than region");
    require(file, "network", network != null, "is required");
    require(file, "network.cidr", network.cidr() != null && CIDR.matcher(network.cidr()).matches(), "must be a /16–/28 IPv4 CIDR");
    require(file, "network.maxAzs", network.maxAzs() >= 2 && network.maxAzs() <= 3, "must be 2 or 3");
    require(file, "network.natGateways", network.natGateways() >= 0 && network.natGateways() <= network.maxAzs(),
        "must be between 0 and maxAzs");
    require(file, "glue", glue != null, "is required");
    require(file, "glue.workerType", WORKER_TYPES.contains(glue.workerType()), "must be one of " + WORKER_TYPES);
    require(file, "glue.workers", glue.workers() >= 2 && glue.workers() <= 100, "must be between 2 and 100");
    require(file, "glue.timeoutMinutes", glue.timeoutMinutes() > 0, "must be positive");
    require(file, "glue.jobs", glue.jobs() != null, "is required (an object, may be empty): per-job sizing by catalog id");
    for (var e : glue.jobs().entrySet()) {
      String key = "glue.jobs." + e.getKey();
      require(file, key, java.util.Arrays.stream(dev.lakehouse.contract.pipeline.PipelineJob.values()).anyMatch(j -> j.id().equals(e.getKey())),
          "is not a job of the catalog; jobs are " + java.util.Arrays.stream(dev.lakehouse.contract.pipeline.PipelineJob.values())
              .map(dev.lakehouse.contract.pipeline.PipelineJob::id).toList());
      require(file, key + ".workerType", e.getValue() != null && WORKER_TYPES.contains(e.getValue().workerType()), "must be one of " + WORKER_TYPES);
      require(file, key + ".workers", e.getValue().workers() >= 2 && e.getValue().workers() <= 100, "must be between 2 and 100");
    }
    require(file, "streaming", streaming != null, "is required");
    require(file, "streaming.kinesisMode", "ON_DEMAND".equals(streaming.kinesisMode()) || "PROVISIONED".equals(streaming.kinesisMode()),
        "must be ON_DEMAND or PROVISIONED");
    require(file, "streaming.kinesisShards",
        "ON_DEMAND".equals(streaming.kinesisMode()) ? streaming.kinesisShards() == 0 : streaming.kinesisShards() > 0,
        "must be 0 for ON_DEMAND and positive for PROVISIONED");
    require(file, "streaming.kinesisRetentionHours", streaming.kinesisRetentionHours() >= 24 && streaming.kinesisRetentionHours() <= 8760,
        "must be between 24 and 8760");
    require(file, "retentionDays", retentionDays != null, "is required");
    for (var e : java.util.Map.of("bronze", retentionDays.bronze(), "silver", retentionDays.silver(), "gold", retentionDays.gold(),
        "quarantine", retentionDays.quarantine(), "logs", retentionDays.logs(), "snapshots", retentionDays.snapshots()).entrySet()) {
      require(file, "retentionDays." + e.getKey(), e.getValue() > 0, "must be positive");
    }
    require(file, "athena", athena != null, "is required");
    require(file, "athena.bytesScannedCutoffGb", athena.bytesScannedCutoffGb() >= 1 && athena.bytesScannedCutoffGb() <= 10_000,
        "must be between 1 and 10000 (GB scanned per query)");
    require(file, "athena.resultRetentionDays", athena.resultRetentionDays() > 0, "must be positive");
    require(file, "budget", budget != null, "is required");
    require(file, "budget.monthlyUsd", budget.monthlyUsd() > 0, "must be positive");
    require(file, "budget.dailyComputeUsd", budget.dailyComputeUsd() > 0 && budget.dailyComputeUsd() < budget.monthlyUsd(),
        "must be positive and below monthlyUsd");
    require(file, "budget.alertEmails", budget.alertEmails() != null && !budget.alertEmails().isEmpty()
        && budget.alertEmails().stream().allMatch(m -> EMAIL.matcher(m).matches()), "must list at least one valid email");
    require(file, "alerts", alerts != null, "is required");
    for (var e : java.util.Map.of("critical", java.util.Optional.ofNullable(alerts.critical()),
        "warning", java.util.Optional.ofNullable(alerts.warning())).entrySet()) {
      String key = "alerts." + e.getKey();
      Route r = e.getValue().orElse(null);
      require(file, key, r != null && r.emails() != null && r.httpsEndpoints() != null, "needs emails and httpsEndpoints (lists, may be empty)");
      require(file, key, !r.emails().isEmpty() || !r.httpsEndpoints().isEmpty(), "must reach someone: at least one email or HTTPS endpoint");
      for (int i = 0; i < r.emails().size(); i++) {
        require(file, key + ".emails[" + i + "]", r.emails().get(i) != null && EMAIL.matcher(r.emails().get(i)).matches(), "is not an email address");
      }
      for (int i = 0; i < r.httpsEndpoints().size(); i++) {
        require(file, key + ".httpsEndpoints[" + i + "]", isHttpsUrl(r.httpsEndpoints().get(i)), "must be an https:// URL with a host");
      }
    }
    if (alerts.slack() != null) {
      require(file, "alerts.slack.workspaceId", alerts.slack().workspaceId() != null
          && SLACK_ID.matcher(alerts.slack().workspaceId()).matches(), "must be a Slack workspace id such as T0123ABCD");
      require(file, "alerts.slack.channelId", alerts.slack().channelId() != null
          && SLACK_ID.matcher(alerts.slack().channelId()).matches(), "must be a Slack channel id such as C0123ABCD");
    }
    validateSlos(file);
    require(file, "delivery", delivery != null, "is required: the GitHub repository that deploys this environment");
    require(file, "delivery.githubRepository", delivery.githubRepository() != null
        && GITHUB_REPOSITORY.matcher(delivery.githubRepository()).matches(), "must be <owner>/<repository> on GitHub");
    require(file, "delivery.oidcProviderArn", delivery.oidcProviderArn() == null || delivery.oidcProviderArn().equals(
        "arn:aws:iam::" + account + ":oidc-provider/token.actions.githubusercontent.com"),
        "must be null (the delivery stack creates the provider) or this account's GitHub provider, arn:aws:iam::" + account
            + ":oidc-provider/token.actions.githubusercontent.com");
    require(file, "recovery", recovery != null, "is required: the RPO and RTO for the loss of the region (null, null without replication)");
    if (features != null && features.crossRegionReplication()) {
      // S3 Replication Time Control replicates 99.99 % of objects within 15 minutes: no RPO below that
      require(file, "recovery.rpoMinutes", recovery.rpoMinutes() != null && recovery.rpoMinutes() >= 15,
          "must be at least 15 with cross-region replication (S3 Replication Time Control's 15-minute objective)");
      require(file, "recovery.rtoMinutes", recovery.rtoMinutes() != null && recovery.rtoMinutes() > 0, "must be positive");
    } else {
      require(file, "recovery", recovery.rpoMinutes() == null && recovery.rtoMinutes() == null,
          "must have null rpoMinutes and rtoMinutes without cross-region replication: nothing outlives the loss of the region");
    }
    require(file, "sftp", sftp != null, "is required: the partner SFTP server the extractor connects to");
    require(file, "sftp.hostKeyFingerprint", sftp.hostKeyFingerprint() != null && HOST_KEY.matcher(sftp.hostKeyFingerprint()).matches(),
        "must be the partner server's SSH host key fingerprint (SHA256: and 43 base64 characters, as ssh-keygen -lf prints it;"
            + " old,new during a rotation)"
            + " or ssm:/<parameter name> holding it: the extractor refuses any other server");
    require(file, "lineageUrl", lineageUrl == null || isHttpsUrl(lineageUrl),
        "must be null or the https:// URL of an OpenLineage endpoint (e.g. Marquez's .../api/v1/lineage)");
    require(file, "schedules", schedules != null, "is required");
    for (var e : java.util.Map.of("pipeline", String.valueOf(schedules.pipeline()), "sftpExtract", String.valueOf(schedules.sftpExtract()),
        "rdsExtract", String.valueOf(schedules.rdsExtract())).entrySet()) {
      require(file, "schedules." + e.getKey(), SCHEDULE.matcher(e.getValue()).matches(), "must be an EventBridge cron(...) or rate(...)");
    }
    require(file, "features", features != null, "is required");
  }

  /** An alarm's whole evaluation range may not exceed 7 days (PutMetricAlarm); percentages lie in (0, 100). */
  private void validateSlos(String file) {
    require(file, "slos", slos != null && slos.availability() != null && slos.dataQuality() != null && slos.pipelineDuration() != null
        && slos.goldFreshness() != null, "needs availability, dataQuality, pipelineDuration and goldFreshness");
    for (var e : java.util.Map.of("availability", slos.availability(), "dataQuality", slos.dataQuality()).entrySet()) {
      String key = "slos." + e.getKey();
      Ratio r = e.getValue();
      require(file, key, r.warning() != null && r.critical() != null, "needs warning and critical");
      require(file, key + ".objectivePercent", r.objectivePercent() > 0 && r.objectivePercent() < 100, "must lie between 0 and 100");
      require(file, key + ".windowDays", r.windowDays() >= 1 && r.windowDays() <= 90, "must be 1 to 90 days");
      require(file, key + ".warning.belowPercent", r.warning().belowPercent() > 0 && r.warning().belowPercent() <= r.objectivePercent(),
          "must lie between 0 and the objective");
      require(file, key + ".critical.belowPercent", r.critical().belowPercent() > 0 && r.critical().belowPercent() <= r.warning().belowPercent(),
          "must lie between 0 and the warning threshold");
      for (var b : java.util.Map.of("warning", r.warning(), "critical", r.critical()).entrySet()) {
        require(file, key + "." + b.getKey() + ".windowDays", b.getValue().windowDays() >= 1 && b.getValue().windowDays() <= 7,
            "must be 1 to 7 days (an alarm evaluates at most 7 days)");
      }
    }
    PipelineDuration d = slos.pipelineDuration();
    require(file, "slos.pipelineDuration.windowDays", d.windowDays() >= 1 && d.windowDays() <= 7, "must be 1 to 7 days (an alarm evaluates at most 7 days)");
    require(file, "slos.pipelineDuration.p99ObjectiveMinutes", d.p99ObjectiveMinutes() > 0, "must be positive");
    require(file, "slos.pipelineDuration.warningMinutes", d.warningMinutes() > 0 && d.warningMinutes() <= d.criticalMinutes(),
        "must be positive and at most criticalMinutes");
    GoldFreshness f = slos.goldFreshness();
    require(file, "slos.goldFreshness", f.defaults() != null && f.tables() != null, "needs defaults and tables (may be empty)");
    java.util.Map<String, Staleness> all = new java.util.LinkedHashMap<>(f.tables());
    all.put("defaults", f.defaults());
    java.util.Set<String> gold = dev.lakehouse.contract.schema.TableRegistry.all().stream().map(t -> t.id().toString())
        .filter(t -> t.startsWith(dev.lakehouse.contract.Namespaces.GOLD + ".")).collect(Collectors.toSet());
    for (var e : all.entrySet()) {
      String key = e.getKey().equals("defaults") ? "slos.goldFreshness.defaults" : "slos.goldFreshness.tables." + e.getKey();
      require(file, key, e.getKey().equals("defaults") || gold.contains(e.getKey()), "is not a gold table; they are " + new java.util.TreeSet<>(gold));
      Staleness s = e.getValue();
      require(file, key, s != null && s.warningMinutes() > 0 && s.warningMinutes() <= s.criticalMinutes() && s.criticalMinutes() <= 7 * 24 * 60,
          "needs 0 < warningMinutes <= criticalMinutes <= 10080 (an alarm evaluates at most 7 days)");
    }
  }

  private static boolean isHttpsUrl(String url) {
    try {
      java.net.URI u = new java.net.URI(url);
      return "https".equals(u.getScheme()) && u.getHost() != null;
    } catch (java.net.URISyntaxException | NullPointerException e) {
      return false;
    }
  }

  private static void require(String file, String key, boolean ok, String rule) {
    if (!ok) {
      throw new InvalidEnvironmentException(file + ": key '" + key + "' " + rule);
    }
  }
}
