package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.datagen.DropManifest;
import dev.lakehouse.datagen.GeneratorConfig;
import dev.lakehouse.datagen.SourceDropGenerator;
import dev.lakehouse.jobs.support.LakeFixture;
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
 * drop cut into 2 and into 4 daily deliveries by arrival hour is run one {@code local run} per
 * delivery on one work directory each. All three
 * give the same silver and gold, row for row. Users changes arrive after the sessions they
 * describe; the 4 deliveries come partner-shaped (clickstream files named {@code events-…},
 * ISO-8601 users times); every run is as of a day weeks after the data. The local runs share this
 * test JVM (its own failsafe execution: each run starts and stops its Spark session).
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
        .contains("gold.user_session_analysis").doesNotContain("<script");

    // 2. the same drop as 2, then as 4 daily deliveries, one local run each on one work directory
    Path k2 = root.resolve("k2");
    deliver(DropSplit.split(drop, 2, root.resolve("deliveries-2")), k2, false);
    Path k4 = root.resolve("k4");
    List<Path> four = DropSplit.split(drop, 4, root.resolve("deliveries-4"));
    long broken = 0;
    for (Path d : four) {
      broken += DropSplit.partnerShape(d);
    }
    List<CliRun> runs = deliver(four, k4, true);
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
        "--fail-stage", "Bronze orders");
    assertThat(failed.exit()).as(failed.out()).isEqualTo(1);
    assertThat(failed.out()).containsPattern("(?<![0-9])0 clickstream files via S3").contains("0 rows in 0 objects")
        .contains("WARNING: 1 users rows written to PostgreSQL were not extracted");
    assertThat(failed.err()).contains("error: the pipeline failed: stage 'Bronze orders' failed");
    assertThat(failed.out()).contains("Notify failure").contains("forced with --fail-stage");
    CliRun sql = CliRun.of("sql", "SELECT count(*) AS n FROM gold.user_session_analysis", "--workdir", k4.toString(), "--format", "csv");
    assertThat(sql.exit()).as(sql.err()).isZero();

    // 4. the three lakehouses, read through one Spark session
    SparkSession spark = LakeFixture.get().spark();
    for (Map.Entry<String, Path> c : Map.of("whole", whole, "k2", k2, "k4", k4).entrySet()) {
      spark.conf().set("spark.sql.catalog." + c.getKey(), "org.apache.iceberg.spark.SparkCatalog");
      spark.conf().set("spark.sql.catalog." + c.getKey() + ".type", "hadoop");
      spark.conf().set("spark.sql.catalog." + c.getKey() + ".warehouse", c.getValue().resolve("lakehouse/warehouse").toUri().toString());
    }
    assertThat(spark.sql("SELECT count(*) FROM whole.silver.users WHERE NOT is_current").first().getLong(0))
        .as("every users change is a version of its own").isEqualTo(manifest.source("users").anomaly("updated_version") + usersChanges);
    Map<String, List<String>> expected = comparable(spark, "whole");
    for (String k : List.of("k2", "k4")) {
      assertThat(differences(expected, comparable(spark, k))).as("silver, gold and bronze counts after the deliveries of %s vs one run", k)
          .isEmpty();
    }
    for (String c : List.of("whole", "k2", "k4")) {
      assertEverySessionCarriesTheUsersVersionValidAtItsStart(spark, c);
      assertThat(spark.sql("SELECT count(*) FROM " + c + ".ops.reconciliation WHERE NOT balanced").first().getLong(0)).isZero();
    }
    assertThat(sql.out().strip().replace("\r\n", "\n")) // RFC 4180 CSV: CRLF
        .isEqualTo("n\n" + spark.table("k4.gold.user_session_analysis").count());
    PiiScan.Result scan = PiiScan.silverAndGold(spark, "k4.");
    assertThat(scan.scanned()).isGreaterThan(1000);
    assertThat(scan.findings()).isEmpty();
  }

  /** One in-process local run per delivery on {@code workdir}; each succeeds and moves only what is new. */
  private static List<CliRun> deliver(List<Path> deliveries, Path workdir, boolean partnerShaped) {
    List<CliRun> runs = new ArrayList<>();
    long settled = 0;
    String watermark = "";
    for (Path d : deliveries) {
      CliRun run = CliRun.of("local", "run", "--input", d.toString(), "--workdir", workdir.toString(), "--as-of", AS_OF);
      assertSucceeded(run);
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
