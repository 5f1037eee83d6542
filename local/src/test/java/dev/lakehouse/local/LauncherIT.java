package dev.lakehouse.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.jobs.gold.GoldJob;
import dev.lakehouse.jobs.support.LakeFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The README's run command as a person runs it: the real launcher script, in its own process,
 * on generated drops, against the stand-ins. What the runs leave behind is read back through a
 * Spark catalog on the run's warehouse.
 */
class LauncherIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern BALANCED = Pattern.compile("(?m)^(clickstream|orders|transactions|users)\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+yes$");

  record Outcome(int exit, String out, String err) {}

  private static Outcome lakehouse(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("lakehouse").toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(Path.of("target").toAbsolutePath(), "out", ".txt");
    Path err = Files.createTempFile(Path.of("target").toAbsolutePath(), "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("LAKEHOUSE_NO_BUILD", "1"); // the build under test already produced the classpath
    pb.environment().put("LAKEHOUSE_HEAP", "2g");
    Process p = pb.start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("launcher finished").isTrue();
    return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void aSecondDropIsIncrementalAndRunningADropAgainChangesNothing() throws Exception {
    Path workdir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "run");
    String[] base = {"local", "run", "--scale", "0.05", "--seed", "3", "--workdir", workdir.toString()};

    // 1. the first drop: extractors, the ASL's stages, every source reconciles, gold is filled
    Outcome first = lakehouse(base);
    assertThat(first.exit()).as(first.out() + first.err()).isZero();
    assertThat(BALANCED.matcher(first.out()).results().count()).as(first.out()).isEqualTo(4);
    assertThat(first.out()).contains("Notify success").contains("0 error-level failures").doesNotContain(" NO\n");
    assertThat(first.out()).containsPattern("extract sftp +\\d+ files listed, [1-9]\\d* landed");
    SparkSession spark = catalog(workdir);
    for (TableId t : GoldJob.TABLES) {
      assertThat(spark.table("run." + t).count()).as(t.toString()).isPositive();
    }
    assertThat(spark.sql("SELECT count(*) FROM run.ops.reconciliation WHERE NOT balanced").first().getLong(0)).isZero();
    assertNoClearPii(spark);
    Map<String, Long> afterFirst = fingerprint(spark);
    String report = Files.readString(workdir.resolve("report.html"));
    assertThat(report).contains("<svg").contains("Silver orders").contains("gold.user_session_analysis").doesNotContain("<script");

    // 2. the next drop on the same workdir, delivered as a partner would name and stamp it:
    // clickstream files named events-YYYY-MM-DD-HH.jsonl (one with no date-hour at all), users'
    // updated_at in ISO-8601 forms; only the new data moves
    long[] refusable = new long[1];
    Path drop2 = partnerShaped(workdir.resolveSibling(workdir.getFileName() + "-drop2"), refusable);
    Outcome second = lakehouse("local", "run", "--input", drop2.toString(), "--workdir", workdir.toString());
    assertThat(second.exit()).as(second.out() + second.err()).isZero();
    assertThat(BALANCED.matcher(second.out()).results().count()).as(second.out()).isEqualTo(4);
    // landed and quarantined files are both settled in the ledger
    assertThat(alreadyDone(second.out())).as("the SFTP ledger remembers the first drop's files")
        .isEqualTo(landed(first.out()) + group(first.out(), "(\\d+) quarantined"));
    assertThat(watermark(second.out())).as("watermark advanced").isGreaterThan(watermark(first.out()));
    assertThat(second.out()).containsPattern("Gold +14 tables published from 2026-11-0");
    assertThat(second.out()).contains("arrival hour of 1 clickstream files from their modification time").doesNotContain("WARNING");
    assertThat(group(second.out(), "users rows into PostgreSQL \\((\\d+) refused")).as("only the generator's broken users rows are refused")
        .isEqualTo(refusable[0]);
    Map<String, Long> afterSecond = fingerprint(spark);
    for (String k : List.of("silver.orders", "silver.clickstream_events", "silver.transactions", "gold.user_session_analysis",
        "gold.order_facts", "silver.users")) {
      assertThat(afterSecond.get(k)).as(k).isGreaterThan(afterFirst.get(k));
    }
    assertThat(spark.sql("SELECT count(*) FROM run.ops.reconciliation WHERE NOT balanced").first().getLong(0)).isZero();
    assertNoClearPii(spark);

    // 3. the same drop again, with a stage that fails: nothing is loaded, extracted or appended;
    // exit 1 naming the stage, the failure notice, the lakehouse as it was
    Outcome failed = lakehouse("local", "run", "--input", drop2.toString(), "--workdir", workdir.toString(), "--fail-stage", "Gold");
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.out()).containsPattern("(?<![0-9])0 clickstream files via S3").contains("0 rows in 0 objects");
    assertThat(failed.err()).contains("error: the pipeline failed: stage 'Gold' failed");
    assertThat(failed.out()).contains("Notify failure").contains("forced with --fail-stage");
    assertThat(fingerprint(spark)).isEqualTo(afterSecond);

    // the sql command reads the same catalog
    Outcome sql = lakehouse("sql", "SELECT count(*) AS n FROM gold.user_session_analysis", "--workdir", workdir.toString(), "--format", "csv");
    assertThat(sql.exit()).as(sql.err()).isZero();
    assertThat(sql.out().strip().replace("\r\n", "\n")).isEqualTo("n\n" + afterSecond.get("gold.user_session_analysis")); // RFC 4180 CSV: CRLF
  }

  @Test
  void badInputATakenPortAndABadQueryExitNonZeroWithAClearMessage() throws Exception {
    Outcome missing = lakehouse("local", "run", "--input", "/nonexistent/drop");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("error: Input drop /nonexistent/drop is not a directory");

    Path drop = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "drop");
    for (String dir : List.of("clickstream", "transactions", "users")) {
      Files.createDirectories(drop.resolve(dir));
    }
    Outcome noOrders = lakehouse("local", "run", "--input", drop.toString());
    assertThat(noOrders.exit()).isEqualTo(2);
    assertThat(noOrders.err()).contains("has no orders/ folder");

    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Path workdir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "port");
      Outcome port = lakehouse("local", "run", "--scale", "0.01", "--workdir", workdir.toString(),
          "--kafka-port", String.valueOf(taken.getLocalPort()));
      assertThat(port.exit()).isEqualTo(1);
      assertThat(port.err()).contains("Kafka port " + taken.getLocalPort() + " is already in use");
    }

    Outcome noRun = lakehouse("sql", "SELECT 1", "--workdir", drop.toString());
    assertThat(noRun.exit()).isEqualTo(2);
    assertThat(noRun.err()).contains("holds no local lakehouse");

    Outcome unknown = lakehouse("frobnicate");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("usage: ./lakehouse");
  }

  @Test
  void anInterruptedRunStopsEveryServiceItStarted() throws Exception {
    Path workdir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "interrupt");
    Path out = workdir.resolve("out.txt");
    ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("lakehouse").toString(), "local", "run", "--scale", "0.05",
        "--workdir", workdir.toString()).directory(ROOT.toFile()).redirectOutput(out.toFile()).redirectErrorStream(false)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("LAKEHOUSE_NO_BUILD", "1");
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!(Files.exists(out) && Files.readString(out).contains("] sources"))) {
      assertThat(p.isAlive()).as("still running").isTrue();
      assertThat(System.nanoTime()).as("reached the sources stage").isLessThan(deadline);
      Thread.sleep(200);
    }
    assertThat(servicesOf(workdir)).as("the stand-ins JVM runs").isNotEmpty();
    p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!servicesOf(workdir).isEmpty() && System.nanoTime() < gone) {
      Thread.sleep(200);
    }
    assertThat(servicesOf(workdir)).as("processes left behind").isEmpty();
  }

  private static List<String> servicesOf(Path workdir) {
    return ProcessHandle.allProcesses()
        .map(h -> h.info().commandLine().orElse(""))
        .filter(c -> c.contains(workdir.toString()) && !c.contains("LakehouseCli"))
        .toList();
  }

  /** The run's warehouse as catalog {@code run} in this JVM's Spark session. */
  private static SparkSession catalog(Path workdir) {
    SparkSession spark = LakeFixture.get().spark();
    spark.conf().set("spark.sql.catalog.run", "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set("spark.sql.catalog.run.type", "hadoop");
    spark.conf().set("spark.sql.catalog.run.warehouse", workdir.resolve("lakehouse/warehouse").toUri().toString());
    spark.conf().set("spark.sql.catalog.run.cache-enabled", "false");
    return spark;
  }

  private static Map<String, Long> fingerprint(SparkSession spark) {
    Map<String, Long> f = new LinkedHashMap<>();
    for (String t : List.of("bronze.orders_raw", "bronze.clickstream_raw", "bronze.transactions_raw", "bronze.users_raw",
        "silver.orders", "silver.clickstream_events", "silver.transactions", "silver.users")) {
      f.put(t, spark.table("run." + t).count());
    }
    for (TableId t : GoldJob.TABLES) {
      f.put(t.toString(), spark.table("run." + t).count());
      // contents, not just size: a hash over every row
      f.put(t + " hash", spark.sql("SELECT coalesce(sum(xxhash64(to_json(struct(*)))), 0) FROM run." + t).first().getLong(0));
    }
    return f;
  }

  private static void assertNoClearPii(SparkSession spark) {
    PiiScan.Result scan = PiiScan.silverAndGold(spark, "run.");
    assertThat(scan.scanned()).isGreaterThan(1000);
    assertThat(scan.findings()).isEmpty();
  }

  private static long landed(String out) {
    return group(out, "extract sftp +\\d+ files listed, (\\d+) landed");
  }

  private static long alreadyDone(String out) {
    return group(out, "(\\d+) already done");
  }

  private static String watermark(String out) {
    Matcher m = Pattern.compile("watermark now \\(([^,]+),").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }

  private static long group(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    assertThat(m.find()).as(regex + " in\n" + out).isTrue();
    return Long.parseLong(m.group(1));
  }

  /**
   * Drop 2 of the same series, reshaped the way partners deliver: clickstream files renamed
   * {@code events-YYYY-MM-DD-HH.jsonl} (and one {@code events-extra.jsonl}, whose arrival hour is its
   * modification time), users' {@code updated_at} as {@code …T…Z}, with an offset, or with a fraction.
   */
  private static Path partnerShaped(Path dir, long[] refusable) throws IOException {
    dev.lakehouse.datagen.SourceDropGenerator.generate(dev.lakehouse.datagen.GeneratorConfig.defaults().withSeed(3).withScale(0.05).withDrop(2), dir);
    List<Path> clicks;
    try (var files = Files.list(dir.resolve("clickstream"))) {
      clicks = files.sorted().toList();
    }
    Pattern hourly = Pattern.compile(".*-(\\d{4})(\\d{2})(\\d{2})-(\\d{2})\\.jsonl");
    for (int i = 0; i < clicks.size(); i++) {
      Matcher m = hourly.matcher(clicks.get(i).getFileName().toString());
      assertThat(m.matches()).isTrue();
      String name = i == 0 ? "events-extra.jsonl" : "events-" + m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "-" + m.group(4) + ".jsonl";
      Files.move(clicks.get(i), clicks.get(i).resolveSibling(name));
    }
    Path users;
    try (var files = Files.list(dir.resolve("users"))) {
      users = files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElseThrow();
    }
    List<String> lines = Files.readAllLines(users, StandardCharsets.UTF_8);
    Pattern time = Pattern.compile(",(\\d{4}-\\d{2}-\\d{2}) (\\d{2}):(\\d{2}:\\d{2})$");
    for (int i = 1; i < lines.size(); i++) {
      Matcher m = time.matcher(lines.get(i));
      var rows = org.apache.commons.csv.CSVFormat.DEFAULT.parse(new java.io.StringReader(lines.get(i))).getRecords();
      if (rows.size() != 1 || rows.get(0).size() != 6 || rows.get(0).get(0).isBlank() || !m.find()) {
        refusable[0]++; // broken by the generator on purpose: no table row, no key, or no time
        continue;
      }
      String iso = switch (i % 3) {
        case 0 -> m.group(1) + "T" + m.group(2) + ":" + m.group(3) + "Z";
        case 1 -> m.group(1) + "T" + m.group(2) + ":" + m.group(3) + ".250+00:00";
        default -> m.group(1) + " " + m.group(2) + ":" + m.group(3) + "+00";
      };
      lines.set(i, lines.get(i).substring(0, m.start()) + "," + iso);
    }
    Files.write(users, lines, StandardCharsets.UTF_8);
    return dir;
  }

  private static String[] append(String[] base, String... more) {
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
