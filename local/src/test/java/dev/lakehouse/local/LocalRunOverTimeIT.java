package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.datagen.DropManifest;
import dev.lakehouse.datagen.GeneratorConfig;
import dev.lakehouse.datagen.SourceDropGenerator;
import dev.lakehouse.local.platform.LocalPlatform;
import dev.lakehouse.local.report.LineageGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The invariant of running over time, through {@code ./lakehouse local run} itself. A generated
 * drop with every anomaly kind, plus re-sends that carry a later timestamp, is run once; the same
 * drop cut into 4 daily deliveries by arrival hour is run one {@code local run} per delivery on
 * one work directory. Both give the same silver and gold, row for row. Users changes arrive after
 * the sessions they describe; the deliveries come partner-shaped (clickstream files named
 * {@code events-…}, ISO-8601 users times); every run is as of a day weeks after the data. The
 * one-run lakehouse is then operated by the runbooks' commands, the deliveries' lakehouse has one
 * customer erased. The local runs share this test JVM (its own failsafe execution: each run starts
 * and stops its Spark session).
 */
class LocalRunOverTimeIT {
  private static final String AS_OF = "2026-12-01";
  private static final Pattern BALANCED = Pattern.compile("(?m)^(clickstream|orders|transactions|users)\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+yes$");
  private static final Pattern NOTHING_NEW = Pattern.compile("(?m)^(clickstream|orders|transactions|users)\\s+no new bronze rows$");
  /** Columns that say when or in which run a row was written, or where a copy came from: they differ by design. */
  private static final java.util.Set<String> RUN_METADATA = java.util.Set.of("run_id", "rejected_at", "processing_timestamp",
      "silver_ingestion_timestamp", "silver_ingestion_date", "ingestion_timestamp", "ingestion_date", "bronze_record_id", "source_ref");

  @Test
  void anySplitIntoDailyDeliveriesGivesTheLakehouseOfOneRun() throws Exception {
    Path root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "overtime");
    Path drop = root.resolve("drop");
    DropManifest manifest = SourceDropGenerator.generate(GeneratorConfig.defaults().withSeed(7).withScale(0.05), drop);
    DropSplit.ReSends reSends = DropSplit.addReSends(drop, 40);
    int usersChanges = DropSplit.addUsersChanges(drop, 8);
    assertThat(reSends.clickstream()).isPositive();
    assertThat(reSends.transactions()).isPositive();

    // 1. once over the whole drop
    Path whole = root.resolve("whole");
    CliRun one = CliRun.of("local", "run", "--input", drop.toString(), "--workdir", whole.toString(), "--as-of", AS_OF);
    assertSucceeded(one);
    assertThat(BALANCED.matcher(one.out()).results().count()).as(one.out()).isEqualTo(4);
    assertThat(one.out()).containsPattern("extract sftp +\\d+ files listed, [1-9]\\d* landed")
        // the users table's history: the first versions, then the changes, each extracted in turn
        .containsPattern(" [2-9] waves of changes").containsPattern("\\([2-9] extracts\\)");
    assertThat(Files.readString(whole.resolve("report.html"))).contains("<svg").contains("Silver orders")
        .contains("gold.user_session_analysis").doesNotContain("<script")
        .containsPattern("<h2>Job metrics</h2>.*<td>silver-orders</td><td>[0-9.]+</td><td[^>]*>RowsIn=\\d+, RowsOut=\\d+, RowsRejected=");
    assertTheCountsAreTheGeneratorsManifest(one.out(), manifest, reSends);
    String runId = text(one.out(), "Pipeline (local-[^ ]+) succeeded");
    failOverToTheReplicaAndReadEveryTableBack(whole);
    operateByTheRunbooks(whole);

    // 2. the same drop as 4 daily deliveries, partner-shaped, one local run each on one work directory
    Path k4 = root.resolve("k4");
    List<Path> four = DropSplit.split(drop, 4, root.resolve("deliveries-4"));
    long broken = 0;
    for (Path d : four) {
      broken += DropSplit.partnerShape(d);
    }
    List<CliRun> runs = deliver(four, k4, true);
    // each run of the orders job found its delivery's events waiting beyond its checkpoint, and read them all
    List<long[]> lags = new ArrayList<>();
    for (String line : Files.readAllLines(k4.resolve("metrics/jobs.emf.jsonl"))) {
      com.fasterxml.jackson.databind.JsonNode e = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
      if (e.path("Job").asText().equals("bronze-orders") && !e.has("Table")) {
        lags.add(new long[] {e.path("KafkaOffsetLag").asLong(), e.path("RowsOut").asLong()});
      }
    }
    assertThat(lags).hasSize(4).allSatisfy(l -> assertThat(l[0]).isPositive().isEqualTo(l[1]));
    long refused = runs.stream().mapToLong(r -> group(r.out(), "\\((\\d+) refused")).sum();
    assertThat(refused).as("only the generator's broken users rows are refused, whatever the ISO-8601 form")
        .isEqualTo(broken).isEqualTo(group(one.out(), "\\((\\d+) refused"));

    // 3. the last delivery again, plus a users row stamped before the RDS watermark, with the first
    // Spark stage failing: no file is loaded twice, the back-dated row is not extracted and the run
    // says so loudly; exit 1 naming the stage, the failure notice, the lakehouse as it was (compared below)
    Path again = root.resolve("again");
    for (String s : List.of("clickstream", "orders", "transactions", "users")) {
      Files.createDirectories(again.resolve(s));
      try (var files = Files.list(four.get(3).resolve(s))) {
        for (Path f : files.toList()) {
          Files.copy(f, again.resolve(s).resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    Files.writeString(again.resolve("users/backdated.csv"), "user_id,email,signup_date,device_type,country,updated_at\n"
        + "USR-LATE,late@example.com,2020-01-01,iOS,ES,2020-01-02 00:00:00\n");
    CliRun failed = CliRun.of("local", "run", "--input", again.toString(), "--workdir", k4.toString(), "--as-of", AS_OF,
        "--fail-stage", "Bronze orders", "--no-lineage");
    assertThat(failed.exit()).as(failed.out()).isEqualTo(1);
    assertThat(failed.out()).containsPattern("(?<![0-9])0 clickstream files via S3").contains("0 rows in 0 objects")
        .contains("WARNING: 1 users rows written to PostgreSQL were not extracted");
    assertThat(failed.err()).contains("error: the pipeline failed: stage 'Bronze orders' failed");
    assertThat(failed.out()).contains("Notify failure").contains("forced with --fail-stage");
    CliRun sql = CliRun.of("sql", "SELECT count(*) AS n FROM gold.user_session_analysis", "--workdir", k4.toString(), "--format", "csv");
    assertThat(sql.exit()).as(sql.err()).isZero();

    // 4. the two lakehouses, read through the commands' session (the sql above opened it on k4); the
    // catalogs do not cache tables, so reads after the erasure below see its commits
    Map<String, Path> lakes = Map.of("whole", whole, "k4", k4);
    SparkSession spark = withCatalogs(lakes);
    assertThat(spark.sql("SELECT count(*) FROM whole.silver.users WHERE NOT is_current").first().getLong(0))
        .as("every users change is a version of its own").isEqualTo(manifest.source("users").anomaly("updated_version") + usersChanges);
    Map<String, List<String>> expected = comparable(spark, "whole");
    assertThat(differences(expected, comparable(spark, "k4"))).as("silver, gold and bronze counts after the deliveries of k4 vs one run")
        .isEmpty();
    assertTheRunsMetricsAreItsReconciliation(spark, whole, runId, manifest.source("orders").records());
    assertEachJobsLineageNamesExactlyItsTables(whole);
    // every gold table is filled; the order facts cover every order silver holds
    for (Row t : spark.sql("SHOW TABLES IN whole.gold").collectAsList()) {
      assertThat(spark.table("whole.gold." + t.getString(1)).count()).as(t.getString(1)).isPositive();
    }
    assertThat(spark.sql("SELECT count(DISTINCT order_id) FROM whole.silver.orders").first().getLong(0))
        .isEqualTo(spark.table("whole.gold.order_facts").count());
    for (String c : List.of("whole", "k4")) {
      assertEverySessionCarriesTheUsersVersionValidAtItsStart(spark, c);
      assertThat(spark.sql("SELECT count(*) FROM " + c + ".ops.reconciliation WHERE NOT balanced").first().getLong(0)).isZero();
    }
    assertThat(sql.out().strip().replace("\r\n", "\n")) // RFC 4180 CSV: CRLF
        .isEqualTo("n\n" + spark.table("k4.gold.user_session_analysis").count());

    // 5. one customer erased from the deliveries' lakehouse: gone, and everyone else as in the one run
    Erased erased = eraseOneCustomer(drop, k4);
    // the erasure runs in a session without the lineage listener, then the jobs after it in one with it
    spark = withCatalogs(lakes);
    erased.assertGoneAndEveryoneElseUnchanged(spark, "k4", expected);
    PiiScan.Result scan = PiiScan.silverAndGold(spark, "k4.");
    assertThat(scan.scanned()).isGreaterThan(1000);
    assertThat(scan.findings()).isEmpty();
  }

  /**
   * GDPR erasure through the CLI, as a person runs it after {@code local run}: one customer chosen
   * from the data (orders, users, clicks and payments), named by their email in upper case. The
   * first request stops at a failpoint; a request for someone else is then refused; the same
   * request runs to the end; a repeat finds nothing (gold's own erasure test, GoldBeyondRetentionTest,
   * compares with gold as it was before, row for row); a new event of the same person, landed again, reaches
   * bronze and is suppressed in silver (counted, nothing of it kept). What must be gone is checked by
   * {@link Erased#assertGoneAndEveryoneElseUnchanged}.
   */
  private static Erased eraseOneCustomer(Path drop, Path lake) throws Exception {
    String orders = text(drop.resolve("orders"));
    String clicks = text(drop.resolve("clickstream"));
    String payments = text(drop.resolve("transactions"));
    String[] subject = null;
    try (var users = Files.list(drop.resolve("users"))) {
      for (Path f : users.sorted().toList()) {
        for (String line : Files.readAllLines(f).stream().skip(1).sorted().toList()) {
          String[] u = line.split(",");
          if (subject == null && u.length > 1 && u[1].contains("@") && clicks.contains("\"user_id\":\"" + u[0] + "\"")
              && payments.contains("," + u[0] + ",") && Pattern.compile("\"customer_id\":\"" + Pattern.quote(u[0]) + "\"[^\n]*\"status\":\"shipped\"")
                  .matcher(orders).find()) {
            subject = u;
          }
        }
      }
    }
    assertThat(subject).as("a user with shipped orders, clicks and payments").isNotNull();
    String id = subject[0];
    String email = subject[1].strip().toLowerCase(java.util.Locale.ROOT);
    String shouted = email.toUpperCase(java.util.Locale.ROOT);

    CliRun stopped = CliRun.of("erase", "--email", shouted, "--workdir", lake.toString(), "--request-id", "r1", "--fail-at", "silver.users");
    assertThat(stopped.exit()).as(stopped.out() + stopped.err()).isEqualTo(1);
    assertThat(stopped.err()).contains("stopped before silver.users");
    // until it is finished, a stopped request blocks requests for anyone else (its last tables tie the email to the id)
    CliRun other = CliRun.of("erase", "--email", "someone.else@example.com", "--workdir", lake.toString());
    assertThat(other.exit()).isEqualTo(1);
    assertThat(other.err()).contains("erasure request r1 stopped midway");
    CliRun done = CliRun.of("erase", "--email", shouted, "--workdir", lake.toString(), "--request-id", "r2", "--requested-by", "test");
    assertThat(done.exit()).as(done.out() + done.err()).isZero();
    // it does what the stopped request left: the tables that resolve the person, then gold and history
    assertThat(done.out()).containsPattern("request r2: [1-9]\\d* rows removed from \\d+ tables ")
        .containsPattern("silver\\.users=[1-9]").containsPattern("silver\\.orders=[1-9]").contains("; gold recomputed; history expired");
    CliRun again = CliRun.of("erase", "--email", email, "--workdir", lake.toString(), "--request-id", "r3");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("request r3: 0 rows: nothing in the lake matches");

    // an erased person stays erased: a new event of theirs, landed as the S3 extractor lands clicks, is suppressed in silver
    Path landed = LocalPlatform.lakeRoot(lake).resolve(dev.lakehouse.contract.layout.LakeLayout.landingPrefix(dev.lakehouse.contract.Source.CLICKSTREAM))
        .resolve("year=2026/month=11/day=30/hour=10/after-erasure.jsonl");
    Files.createDirectories(landed.getParent());
    Files.writeString(landed, "{\"event_id\":\"evt-after-erasure\",\"session_id\":\"s-new\",\"user_id\":\"" + id
        + "\",\"event_type\":\"page_view\",\"event_timestamp\":\"2026-11-30T10:00:00Z\",\"event_details\":{}}\n");
    for (String job : List.of("bronze-clickstream", "silver-clickstream")) {
      CliRun run = CliRun.of("job", job, "--workdir", lake.toString());
      assertThat(run.exit()).as(run.err()).isZero();
    }
    String key = Files.readString(lake.resolve("services/secrets/pii-hash-key")).strip();
    return new Erased(lake, id, email, new org.apache.commons.codec.digest.HmacUtils(
        org.apache.commons.codec.digest.HmacAlgorithms.HMAC_SHA_256, key).hmacHex(email));
  }

  /** The commands' current session, with each lakehouse of {@code lakes} as a catalog of that name. */
  private static SparkSession withCatalogs(Map<String, Path> lakes) {
    SparkSession spark = SparkSession.active();
    for (Map.Entry<String, Path> c : lakes.entrySet()) {
      spark.conf().set("spark.sql.catalog." + c.getKey(), "org.apache.iceberg.spark.SparkCatalog");
      spark.conf().set("spark.sql.catalog." + c.getKey() + ".type", "hadoop");
      spark.conf().set("spark.sql.catalog." + c.getKey() + ".cache-enabled", "false");
      spark.conf().set("spark.sql.catalog." + c.getKey() + ".warehouse", c.getValue().resolve("lakehouse/warehouse").toUri().toString());
    }
    return spark;
  }

  /** Every file's text under {@code dir}. */
  private static String text(Path dir) throws java.io.IOException {
    StringBuilder all = new StringBuilder();
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        all.append(Files.readString(f)).append('\n');
      }
    }
    return all.toString();
  }

  /** The person erased from {@code lake}, and what must hold afterwards. */
  private record Erased(Path lake, String id, String email, String emailHash) {
    /** The email (any case) or the id standing alone. */
    Pattern inClear() {
      return Pattern.compile("(?i)(?<![A-Za-z0-9._%+-])" + Pattern.quote(email) + "|(?<![A-Za-z0-9])" + Pattern.quote(id) + "(?![A-Za-z0-9])");
    }

    /** In clear or as the email's keyed hash (the audit keeps only that). */
    Pattern mentions() {
      return Pattern.compile(inClear().pattern() + "|" + emailHash);
    }

    /**
     * Neither the email nor the id nor its hash (but in the audit) is in any data file on disk
     * (live or not: a superset of every live snapshot's rows) nor in any object of the S3
     * stand-in, but for the new event; every other bronze and silver row is the one-run
     * lakehouse's; the audit holds the email's HMAC.
     */
    void assertGoneAndEveryoneElseUnchanged(SparkSession spark, String catalog, Map<String, List<String>> whole) throws Exception {
      Pattern mentions = mentions();
      List<String> found = new ArrayList<>();
      for (String ns : List.of("bronze", "silver", "gold", "ops")) {
        try (var tables = Files.list(lake.resolve("lakehouse/warehouse").resolve(ns))) {
          for (Path table : tables.toList()) {
            Path data = table.resolve("data");
            // the audit and the suppression list know the person by the keyed hash alone
            Pattern banned = table.endsWith("erasure_log") || table.endsWith("erased_subjects") ? inClear() : mentions;
            if (Files.isDirectory(data)) {
              spark.read().option("mergeSchema", "true").option("recursiveFileLookup", "true").parquet(data.toString())
                  .collectAsList().stream().map(Row::toString).filter(r -> banned.matcher(r).find() && !r.contains("evt-after-erasure"))
                  .forEach(r -> found.add(data + ": " + r));
            }
          }
        }
      }
      try (var files = Files.walk(lake.resolve("services/standins/s3"))) {
        for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.endsWith("after-erasure.jsonl")).toList()) {
          byte[] bytes = Files.readAllBytes(f);
          String text = new String(f.toString().endsWith(".gz")
              ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes() : bytes,
              java.nio.charset.StandardCharsets.UTF_8);
          if (mentions.matcher(text).find()) {
            found.add("object " + f);
          }
        }
      }
      assertThat(found).isEmpty();

      // everyone else's rows exactly as in the one-run lakehouse (bronze: their number)
      Map<String, List<String>> erasedRows = comparable(spark, catalog);
      for (String table : whole.keySet()) {
        if (table.startsWith("bronze.")) {
          long[] w = split(spark.table("whole." + table).collectAsList(), mentions);
          long[] k = split(spark.table(catalog + "." + table).collectAsList(), mentions);
          assertThat(k).as("%s: everyone else's rows, the person's rows but the new event", table)
              .containsExactly(w[0], table.equals("bronze.clickstream_raw") ? 1 : 0);
          assertThat(w[1]).as(table + ": the person's rows before").isPositive();
        } else if (!table.startsWith("gold.")) { // gold aggregates lost the person's share: the recompute above checks them
          assertThat(erasedRows.get(table).stream().filter(r -> !r.contains("evt-after-erasure")).toList()).as(table)
              .isEqualTo(whole.get(table).stream().filter(r -> !mentions.matcher(r).find()).toList());
        }
      }
      assertThat(whole.get("silver.orders").stream().filter(r -> mentions.matcher(r).find()).count()).as("the person's orders")
          .isPositive();
      // the audit names the person only by the keyed hash; the new event was suppressed, counted by its reconciliation
      assertThat(spark.sql("SELECT DISTINCT subject_hashes[0] FROM " + catalog + ".ops.erasure_log WHERE request_id = 'r2'").collectAsList())
          .extracting(r -> r.getString(0)).containsExactly(emailHash);
      assertThat(spark.sql("SELECT event_id FROM " + catalog + ".silver.clickstream_events WHERE user_id = '" + id + "'").collectAsList())
          .isEmpty();
      assertThat(spark.sql("SELECT bronze_rows, silver_rows, suppressed_rows, balanced FROM " + catalog + ".ops.reconciliation"
          + " WHERE source = 'clickstream' ORDER BY recorded_at DESC LIMIT 1").first().toString()).isEqualTo("[1,0,1,true]");
      // nor is the person in any lineage event or metric of the work directory
      for (String f : List.of("lineage/openlineage.jsonl", "metrics/jobs.emf.jsonl")) {
        assertThat(lake.resolve(f)).exists();
        assertThat(inClear().matcher(Files.readString(lake.resolve(f))).find()).as(f).isFalse();
      }
    }

    /** The rows that do not mention the person, and those that do. */
    private static long[] split(List<Row> rows, Pattern mentions) {
      long theirs = rows.stream().filter(r -> mentions.matcher(r.toString()).find()).count();
      return new long[] {rows.size() - theirs, theirs};
    }
  }

  /**
   * The local run wrote one metrics event per job run (CloudWatch EMF, as the Glue jobs print
   * them), and each silver job's rows in, out, rejected and duplicate are its reconciliation's.
   */
  private static void assertTheRunsMetricsAreItsReconciliation(SparkSession spark, Path workdir, String runId, long orderEvents)
      throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<com.fasterxml.jackson.databind.JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(workdir.resolve("metrics/jobs.emf.jsonl"))) {
      events.add(json.readTree(line));
    }
    // the pipeline's own runs (the runbooks' commands ran jobs on this work directory since)
    assertThat(events).extracting(e -> e.path("RunId").asText()).contains(runId);
    events.removeIf(e -> !e.path("RunId").asText().equals(runId));
    List<com.fasterxml.jackson.databind.JsonNode> perTable = events.stream().filter(e -> e.has("Table")).toList();
    events.removeAll(perTable);
    assertThat(events).extracting(e -> e.path("Job").asText()).containsExactlyInAnyOrder("bronze-orders", "silver-orders",
        "bronze-clickstream", "silver-clickstream", "bronze-transactions", "silver-transactions", "bronze-users", "silver-users", "gold");
    assertThat(events).allSatisfy(e -> {
      assertThat(e.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Lakehouse/Jobs");
      assertThat(e.path("DurationSeconds").asDouble()).isPositive();
    });
    // the data-quality SLO's numbers are each job's rows of ops.dq_results
    for (String job : List.of("silver-orders", "silver-clickstream", "silver-transactions", "silver-users", "gold")) {
      com.fasterxml.jackson.databind.JsonNode e = events.stream().filter(x -> x.path("Job").asText().equals(job)).findFirst().orElseThrow();
      Row dq = spark.sql("SELECT count(*), count_if(status <> 'Success') FROM whole.ops.dq_results WHERE job = '" + job + "' AND run_id = '"
          + runId + "'").first();
      assertThat(List.of(e.path("QualityChecks").asLong(), e.path("QualityFailures").asLong())).as(job)
          .containsExactly(dq.getLong(0), dq.getLong(1));
      assertThat(dq.getLong(0)).as(job).isPositive();
    }
    // each gold table is refreshed once: the freshness SLO's signal
    List<com.fasterxml.jackson.databind.JsonNode> refreshed = perTable.stream().filter(e -> e.has("Refreshed")).toList();
    assertThat(refreshed).extracting(e -> e.path("Table").asText()).containsExactlyInAnyOrderElementsOf(
        spark.sql("SHOW TABLES IN whole.gold").collectAsList().stream().map(r -> "gold." + r.getString(1)).toList());
    assertThat(refreshed).allSatisfy(e -> assertThat(e.path("Refreshed").asDouble()).isEqualTo(1.0));
    // bytes written: each bronze job's, what its appends added to its table as the table's snapshots say; a job's, its tables'
    for (dev.lakehouse.contract.Source s : dev.lakehouse.contract.Source.values()) {
      String job = "bronze-" + s.id();
      com.fasterxml.jackson.databind.JsonNode written = perTable.stream()
          .filter(e -> e.path("Job").asText().equals(job) && e.path("Table").asText().equals(s.bronze().toString())).findFirst().orElseThrow();
      long added = spark.sql("SELECT sum(CAST(summary['added-files-size'] AS BIGINT)) FROM whole." + s.bronze() + ".snapshots"
          + " WHERE operation = 'append'").first().getLong(0);
      assertThat(written.path("BytesWritten").asLong()).as(job).isPositive().isEqualTo(added);
    }
    for (com.fasterxml.jackson.databind.JsonNode e : events) {
      String job = e.path("Job").asText();
      assertThat(e.path("BytesWritten").asLong()).as(job).isPositive()
          .isEqualTo(perTable.stream().filter(t -> t.path("Job").asText().equals(job)).mapToLong(t -> t.path("BytesWritten").asLong()).sum());
    }
    // freshness of what each job wrote: from its newest row (the table's time column) to the event's time, to the millisecond
    for (String[] w : List.of(new String[] {"silver-orders", "silver.orders", "timestamp"},
        new String[] {"silver-clickstream", "silver.clickstream_events", "event_timestamp"},
        new String[] {"silver-transactions", "silver.transactions", "transaction_timestamp"},
        new String[] {"gold", "gold.order_facts", "CAST(order_date AS TIMESTAMP)"})) {
      com.fasterxml.jackson.databind.JsonNode e = perTable.stream()
          .filter(x -> x.path("Job").asText().equals(w[0]) && x.path("Table").asText().equals(w[1])).findFirst().orElseThrow();
      long newest = spark.sql("SELECT unix_millis(max(" + w[2] + ")) FROM whole." + w[1]).first().getLong(0);
      assertThat(e.path("NewestRowAgeSeconds").asDouble()).as(w[1])
          .isCloseTo((e.at("/_aws/Timestamp").asLong() - newest) / 1000.0, org.assertj.core.data.Offset.offset(0.0015));
    }
    // the orders job's first run found every event the generator sent waiting in the topic
    assertThat(events.stream().filter(e -> e.path("Job").asText().equals("bronze-orders")).findFirst().orElseThrow()
        .path("KafkaOffsetLag").asLong()).isEqualTo(orderEvents);
    for (Row r : spark.sql("SELECT job, bronze_rows, silver_rows, rejected_rows, duplicates_removed FROM whole.ops.reconciliation WHERE run_id = '"
        + runId + "'").collectAsList()) {
      com.fasterxml.jackson.databind.JsonNode e = events.stream().filter(x -> x.path("Job").asText().equals(r.getString(0))).findFirst().orElseThrow();
      assertThat(List.of(e.path("RowsIn").asLong(), e.path("RowsOut").asLong(), e.path("RowsRejected").asLong(), e.path("RowsDuplicate").asLong()))
          .as(r.getString(0)).containsExactly(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
    }
    assertThat(spark.sql("SELECT count(*) FROM whole.ops.reconciliation WHERE run_id = '" + runId + "'").first().getLong(0)).isEqualTo(4);
  }

  /**
   * The counts of the one-run lakehouse against what the generator says it injected (not what the
   * jobs computed): a re-sent row is one more bronze row, counted as a duplicate. Users rows go
   * through PostgreSQL, which refuses the broken ones, and the SFTP extractor quarantines a corrupt
   * payments file whole, so those two only balance.
   */
  private static void assertTheCountsAreTheGeneratorsManifest(String out, DropManifest manifest, DropSplit.ReSends reSends) {
    Map<String, List<String>> rejectedBy = Map.of(
        "clickstream", List.of("corrupt", "null_required", "future_timestamp", "unknown_event_type"),
        "orders", List.of("corrupt", "null_required", "future_timestamp", "bad_total", "unknown_status"));
    for (var e : rejectedBy.entrySet()) {
      dev.lakehouse.datagen.SourceCounts m = manifest.source(e.getKey());
      long resent = e.getKey().equals("clickstream") ? reSends.clickstream() : 0;
      long rejected = e.getValue().stream().mapToLong(m::anomaly).sum();
      long duplicates = m.anomaly("duplicate") + resent;
      long bronze = m.records() + resent;
      assertThat(out).as(e.getKey()).containsPattern("(?m)^" + e.getKey() + "\\s+" + bronze + "\\s+" + (bronze - rejected - duplicates) + "\\s+"
          + rejected + "\\s+" + duplicates + "\\s+yes$");
    }
  }

  /**
   * DR: {@code ./lakehouse dr failover} copies the one-run lakehouse into the S3 stand-in's replica
   * bucket and registers every table in the DR catalog (a JdbcCatalog in the stand-ins' PostgreSQL).
   * Read back through that catalog, with the stand-ins started again (its state outlives the
   * command), every table of every namespace of the lakehouse holds the same rows at the same
   * snapshot, and every file its metadata names (metadata log, manifest lists, manifests, data
   * files of every snapshot) and its location are in the replica. (The dr-failover runbook's
   * command then fails over again: {@link #operateByTheRunbooks} checks it registers nothing twice.)
   */
  private static void failOverToTheReplicaAndReadEveryTableBack(Path whole) throws Exception {
    long start = System.nanoTime();
    CliRun first = CliRun.of("dr", "failover", "--workdir", whole.toString());
    assertThat(first.exit()).as(first.out() + first.err()).isZero();
    double failover = (System.nanoTime() - start) / 1e9;
    String replica = "s3://" + dev.lakehouse.local.platform.LocalReplication.REPLICA_BUCKET + "/";
    SparkSession lake = SparkSession.active(); // the commands' session of the one-run lakehouse
    SparkSession check = lake.newSession();
    List<String> tables = new ArrayList<>();
    try (dev.lakehouse.embedded.StandInsProcess services = LocalPlatform.standIns(whole)) {
      // the name the command registered under: a JdbcCatalog keeps each catalog name's tables apart
      dev.lakehouse.jobs.dr.FailoverCatalogs.sparkConf(DrFailoverCommand.DR_CATALOG, dev.lakehouse.local.platform.LocalDrCatalog.properties(services))
          .forEach(check.conf()::set);
      SparkSession.setActiveSession(check); // catalogs resolve through the active session's settings
      for (Row ns : check.sql("SHOW NAMESPACES IN lakehouse").collectAsList()) {
        for (Row t : check.sql("SHOW TABLES IN lakehouse." + ns.getString(0)).collectAsList()) {
          tables.add(ns.getString(0) + "." + t.getString(1));
        }
      }
      assertThat(tables).hasSizeGreaterThan(20);
      for (String t : tables) {
        assertThat(first.out()).as(t).containsPattern("(?m)^" + Pattern.quote(t) + " +registered  snapshot (\\d+|none)  " + Pattern.quote(replica));
        String sum = "SELECT count(*), sum(CAST(xxhash64(to_json(struct(*))) AS DECIMAL(38, 0))) FROM ";
        assertThat(check.sql(sum + "dr." + t).first()).as(t).isEqualTo(check.sql(sum + "lakehouse." + t).first());
        org.apache.iceberg.Table dr = org.apache.iceberg.spark.Spark3Util.loadIcebergTable(check, "dr." + t);
        org.apache.iceberg.Table original = org.apache.iceberg.spark.Spark3Util.loadIcebergTable(check, "lakehouse." + t);
        assertThat(dr.currentSnapshot() == null ? null : dr.currentSnapshot().snapshotId()).as(t)
            .isEqualTo(original.currentSnapshot() == null ? null : original.currentSnapshot().snapshotId());
        assertThat(dr.location()).as(t).startsWith(replica);
        assertThat(filesNamedByTheMetadata(dr)).as(t + ": what its metadata names").isNotEmpty()
            .allSatisfy(f -> assertThat(f).startsWith(replica));
      }
    } finally {
      SparkSession.setActiveSession(lake);
    }
    System.out.printf("DR failover of %d tables %.1fs; with reading them back and checking them %.1fs%n", tables.size(), failover,
        (System.nanoTime() - start) / 1e9);
  }

  /** Every file a table's metadata names: metadata log, and of every snapshot its manifest list, manifests and their files. */
  private static List<String> filesNamedByTheMetadata(org.apache.iceberg.Table table) throws java.io.IOException {
    org.apache.iceberg.TableMetadata current = ((org.apache.iceberg.HasTableOperations) table).operations().current();
    List<String> files = new ArrayList<>(List.of(current.metadataFileLocation()));
    current.previousFiles().forEach(e -> files.add(e.file()));
    java.util.Set<String> manifests = new java.util.HashSet<>();
    for (org.apache.iceberg.Snapshot s : table.snapshots()) {
      files.add(s.manifestListLocation());
      for (org.apache.iceberg.ManifestFile m : s.allManifests(table.io())) {
        if (manifests.add(m.path())) {
          files.add(m.path());
          try (var entries = m.content() == org.apache.iceberg.ManifestContent.DATA
              ? org.apache.iceberg.ManifestFiles.read(m, table.io(), table.specs())
              : org.apache.iceberg.ManifestFiles.readDeleteManifest(m, table.io(), table.specs())) {
            entries.forEach(f -> files.add(f.location()));
          }
        }
      }
    }
    return files;
  }

  /**
   * Every local command block of every runbook, run on the one-run lakehouse as a person would
   * (each command once, in the runbooks' order), then a rollback of a gold table and back again.
   * None of them may change what the lakehouse holds: the comparison with the deliveries' lakehouse
   * afterwards proves reprocessing, backfill, maintenance, retention and an erasure of nobody left
   * every row as it was.
   */
  private static void operateByTheRunbooks(Path whole) throws Exception {
    java.util.Set<String> done = new java.util.LinkedHashSet<>();
    Map<String, CliRun> runs = new LinkedHashMap<>();
    for (Runbooks.Block b : Runbooks.blocks()) {
      if (!b.kind().equals("local")) {
        continue;
      }
      for (String command : b.commands()) {
        if (done.add(command)) {
          List<String> args = new ArrayList<>(Runbooks.arguments(command));
          args.addAll(List.of("--workdir", whole.toString()));
          CliRun run = CliRun.of(args.toArray(String[]::new));
          assertThat(run.exit()).as(b.where() + ": " + command + "\n" + run.out() + run.err()).isZero();
          runs.putIfAbsent(args.get(0).equals("job") ? "job " + args.get(1) : args.get(0), run);
        }
      }
    }
    assertThat(runs.keySet()).contains("status", "sql", "backfill", "reprocess", "rollback", "maintain", "erase", "job retention");
    assertThat(runs.get("status").out()).contains("9 job runs recorded").containsPattern("(?m)^gold: 14 tables refreshed");
    assertThat(runs.get("backfill").out()).startsWith("gold: 0 tables published from 2026-11-28");
    assertThat(runs.get("reprocess").out()).containsPattern("(?m)^silver-orders: orders: bronze (\\d+) = silver 0 \\+ rejected \\d+ \\+ duplicates \\d+$")
        .containsPattern("(?m)^gold: 0 tables published");
    assertThat(runs.get("erase").out()).contains("0 rows: nothing in the lake matches");
    assertThat(runs.get("maintain").out()).contains("gold.daily_product_revenue");
    // the failover of the DR step before: every table is there already and is left as it is
    assertThat(runs.get("dr").out()).containsPattern("dr failover: 0 tables registered, [1-9]\\d* already registered, 0 failed");

    // a rollback to the table's first snapshot, then forward to where it was: listed both times
    String table = "gold.daily_product_revenue";
    List<String> snapshots = Pattern.compile("(?m)^  (\\d+)  ").matcher(runs.get("rollback").out()).results().map(r -> r.group(1)).toList();
    assertThat(snapshots).as(runs.get("rollback").out()).hasSizeGreaterThan(1);
    String first = snapshots.get(0);
    String current = snapshots.get(snapshots.size() - 1);
    CliRun back = CliRun.of("rollback", "--table", table, "--to-snapshot", first, "--workdir", whole.toString());
    assertThat(back.exit()).as(back.err()).isZero();
    assertThat(back.out()).containsPattern("(?m)^  " + first + "  .*current-ancestor$").doesNotContainPattern("(?m)^  " + current + "  .*current-ancestor$");
    CliRun forward = CliRun.of("rollback", "--table", table, "--to-snapshot", current, "--workdir", whole.toString());
    assertThat(forward.exit()).as(forward.err()).isZero();
    assertThat(forward.out()).containsPattern("(?m)^  " + current + "  .*current-ancestor$");
  }

  /**
   * The OpenLineage events the jobs emitted into the work directory name exactly the tables each
   * pipeline job writes and reads. Each job run's own event (the tables Iceberg reported it scanned
   * and committed to): bronze reads its landing area or the Kafka topic and writes its raw table,
   * silver reads its bronze table and writes its table (and its rejected table, if it rejected
   * anything), gold reads the four silver tables and writes every gold table. A MERGE reads its
   * target, so a job's own outputs may be among its inputs; the ops tables every job writes are left
   * out. The Spark integration's per-query events name nothing else.
   */
  private static void assertEachJobsLineageNamesExactlyItsTables(Path whole) throws Exception {
    Path file = whole.resolve("lineage/openlineage.jsonl");
    Map<String, LineageGraph.Edges> runs = LineageGraph.read(file, LineageGraph.Events.JOB_RUNS);
    for (dev.lakehouse.contract.Source s : dev.lakehouse.contract.Source.values()) {
      String upstream = s == dev.lakehouse.contract.Source.ORDERS ? "kafka:" + dev.lakehouse.contract.layout.LakeLayout.ORDERS_TOPIC
          : "landing/" + s.id();
      assertLineage(runs, "bronze-" + s.id(), java.util.Set.of(upstream), java.util.Set.of(s.bronze().toString()));
      assertThat(reads(runs, "silver-" + s.id())).as("silver-" + s.id()).isEqualTo(java.util.Set.of(s.bronze().toString()));
      assertThat(writes(runs, "silver-" + s.id())).as("silver-" + s.id()).contains(s.silver().toString())
          .isSubsetOf(s.silver().toString(), s.rejected().toString());
    }
    assertThat(writes(runs, "silver-orders")).as("orders had rejects").contains("silver.orders_rejected");
    assertLineage(runs, "gold", java.util.Set.of("silver.orders", "silver.clickstream_events", "silver.transactions", "silver.users"),
        dev.lakehouse.jobs.gold.GoldJob.TABLES.stream().map(Object::toString).collect(Collectors.toSet()));
    Map<String, LineageGraph.Edges> queries = LineageGraph.read(file, LineageGraph.Events.QUERIES);
    for (String job : dev.lakehouse.contract.pipeline.PipelineJob.inPipeline().stream().map(j -> j.id()).toList()) {
      assertThat(writes(queries, job)).as(job + ": what its queries wrote").isSubsetOf(writes(runs, job));
      assertThat(reads(queries, job)).as(job + ": what its queries read").isSubsetOf(reads(runs, job));
    }
    assertThat(Files.readString(whole.resolve("report.html"))).contains("<h2>Lineage</h2>").contains("aria-label=\"lineage");
  }

  private static void assertLineage(Map<String, LineageGraph.Edges> lineage, String job, java.util.Set<String> reads,
      java.util.Set<String> writes) {
    assertThat(reads(lineage, job)).as(job + " reads; all: " + lineage).isEqualTo(new java.util.TreeSet<>(reads));
    assertThat(writes(lineage, job)).as(job + " writes; all: " + lineage).isEqualTo(new java.util.TreeSet<>(writes));
  }

  /** What a job's events say it wrote, the ops tables left out. */
  private static java.util.Set<String> writes(Map<String, LineageGraph.Edges> lineage, String job) {
    assertThat(lineage).as("lineage events of " + job).containsKey(job);
    java.util.Set<String> outputs = new java.util.TreeSet<>(lineage.get(job).outputs());
    outputs.removeIf(t -> t.startsWith("ops."));
    return outputs;
  }

  /** What a job's events say it read, besides its own outputs (a MERGE reads its target) and the ops tables. */
  private static java.util.Set<String> reads(Map<String, LineageGraph.Edges> lineage, String job) {
    java.util.Set<String> outputs = writes(lineage, job);
    java.util.Set<String> inputs = new java.util.TreeSet<>(lineage.get(job).inputs());
    inputs.removeIf(t -> t.startsWith("ops.") || outputs.contains(t));
    return inputs;
  }

  /** One in-process local run per delivery on {@code workdir}; each succeeds and moves only what is new. */
  private static List<CliRun> deliver(List<Path> deliveries, Path workdir, boolean partnerShaped) {
    List<CliRun> runs = new ArrayList<>();
    long settled = 0;
    String watermark = "";
    for (Path d : deliveries) {
      // every other delivery follows the EMR Serverless form of the definition: the lakehouse they build together is
      // compared with the one-run lakehouse below, so both forms must run the same jobs with the same arguments
      String engine = runs.size() % 2 == 0 ? "glue" : "emr-serverless";
      // lineage is checked on the one-run lakehouse; the deliveries' runs do without its cost
      CliRun run = CliRun.of("local", "run", "--input", d.toString(), "--workdir", workdir.toString(), "--as-of", AS_OF, "--no-lineage",
          "--engine", engine);
      assertSucceeded(run);
      assertThat(run.out().contains("following the EMR Serverless form")).as(run.out()).isEqualTo(engine.equals("emr-serverless"));
      assertThat(BALANCED.matcher(run.out()).results().count() + NOTHING_NEW.matcher(run.out()).results().count()).as(run.out())
          .isEqualTo(4);
      // the SFTP ledger remembers every file an earlier run landed or quarantined
      assertThat(group(run.out(), "(\\d+) already done")).as(run.out()).isEqualTo(settled);
      settled += group(run.out(), "files listed, (\\d+) landed") + group(run.out(), "(\\d+) quarantined");
      String now = text(run.out(), "watermark now \\(([^,]+),");
      assertThat(now).as("the RDS watermark never moves back").isGreaterThanOrEqualTo(watermark);
      watermark = now;
      if (partnerShaped) {
        assertThat(run.out()).contains("arrival hour of 1 clickstream files from their modification time");
      }
      runs.add(run);
    }
    return runs;
  }

  private static void assertSucceeded(CliRun run) {
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("Notify success").contains("0 error-level failures").doesNotContain("WARNING").doesNotContain(" NO\n");
  }

  /**
   * Every session has the attributes of the silver.users version valid at its start (none where
   * no version is), and some sessions carry a version other than their user's first: a late
   * users row did update the sessions it is valid for.
   */
  private static void assertEverySessionCarriesTheUsersVersionValidAtItsStart(SparkSession spark, String c) {
    String valid = " FROM " + c + ".gold.user_session_analysis g LEFT JOIN " + c + ".silver.users u ON u.user_id = g.user_id"
        + " AND u.valid_from <= g.session_start_time AND (u.valid_to IS NULL OR g.session_start_time < u.valid_to)";
    assertThat(spark.sql("SELECT count(*)" + valid
        + " WHERE NOT (g.device_type <=> u.device_type AND g.country <=> u.country AND g.signup_date <=> u.signup_date)").first().getLong(0))
        .as(c).isZero();
    assertThat(spark.sql("SELECT count(*)" + valid + " WHERE u.valid_from > (SELECT min(f.valid_from) FROM " + c
        + ".silver.users f WHERE f.user_id = u.user_id)").first().getLong(0)).as(c).isPositive();
  }

  /** Every silver (rejected included) and gold table's rows without run metadata, as sorted strings; bronze tables' row counts. */
  private static Map<String, List<String>> comparable(SparkSession spark, String catalog) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (String ns : List.of("bronze", "silver", "gold")) {
      for (Row t : spark.sql("SHOW TABLES IN " + catalog + "." + ns).collectAsList()) {
        String table = ns + "." + t.getString(1);
        if (ns.equals("bronze")) {
          all.put(table, List.of(String.valueOf(spark.table(catalog + "." + table).count())));
          continue;
        }
        String cols = java.util.Arrays.stream(spark.table(catalog + "." + table).columns()).filter(col -> !RUN_METADATA.contains(col))
            .collect(Collectors.joining(", "));
        all.put(table, spark.sql("SELECT " + cols + " FROM " + catalog + "." + table).collectAsList().stream().map(Row::toString).sorted()
            .collect(Collectors.toList()));
      }
    }
    return all;
  }

  /** Per table, the rows only one side has (at most 5 each way), so a failure shows what differs. */
  private static List<String> differences(Map<String, List<String>> expected, Map<String, List<String>> actual) {
    List<String> out = new ArrayList<>();
    for (String table : expected.keySet()) {
      Map<String, Long> balance = new java.util.HashMap<>();
      expected.get(table).forEach(r -> balance.merge(r, 1L, Long::sum));
      actual.getOrDefault(table, List.of()).forEach(r -> balance.merge(r, -1L, Long::sum));
      balance.entrySet().stream().filter(e -> e.getValue() > 0).limit(5).forEach(e -> out.add(table + " missing " + e.getKey()));
      balance.entrySet().stream().filter(e -> e.getValue() < 0).limit(5).forEach(e -> out.add(table + " extra   " + e.getKey()));
    }
    return out;
  }

  private static long group(String out, String regex) {
    return Long.parseLong(text(out, regex));
  }

  private static String text(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    assertThat(m.find()).as(regex + " in\n" + out).isTrue();
    return m.group(1);
  }
}
