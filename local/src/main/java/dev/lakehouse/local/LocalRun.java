package dev.lakehouse.local;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.datagen.GeneratorConfig;
import dev.lakehouse.datagen.SourceDropGenerator;
import dev.lakehouse.jobs.bronze.LandedFilesBronzeJob;
import dev.lakehouse.jobs.bronze.OrdersBronzeJob;
import dev.lakehouse.jobs.catalog.TableMigrator;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.gold.GoldJob;
import dev.lakehouse.jobs.silver.ClickstreamSilverJob;
import dev.lakehouse.jobs.silver.OrdersSilverJob;
import dev.lakehouse.jobs.silver.SilverJob;
import dev.lakehouse.jobs.silver.TransactionsSilverJob;
import dev.lakehouse.jobs.silver.UsersSilverJob;
import dev.lakehouse.jobs.spark.LakehouseSpark;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code ./lakehouse local run}: a source drop through bronze and silver on one machine, with the
 * same job classes Glue runs, a real Kafka broker for the order events, and a local Iceberg
 * catalog in the work directory.
 */
public final class LocalRun {
  private final Path input;
  private final Path workdir;
  private final long seed;
  private final double scale;
  private final long started = System.nanoTime();

  private LocalRun(Path input, Path workdir, long seed, double scale) {
    this.input = input;
    this.workdir = workdir;
    this.seed = seed;
    this.scale = scale;
  }

  static LocalRun fromArgs(String[] args) {
    Path input = null;
    Path workdir = null;
    long seed = 42;
    double scale = 1.0;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--input" -> input = Path.of(require(args[i], value));
        case "--workdir" -> workdir = Path.of(require(args[i], value));
        case "--seed" -> seed = Long.parseLong(require(args[i], value));
        case "--scale" -> scale = Double.parseDouble(require(args[i], value));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    if (workdir == null) {
      // A new work directory per run, so the command can be repeated as written.
      workdir = Path.of("work", "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
    if (input != null) {
      DropLander.validate(input);
    }
    return new LocalRun(input, workdir.toAbsolutePath(), seed, scale);
  }

  private static String require(String option, String value) {
    if (value == null || value.startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  int run(PrintStream out) throws Exception {
    Files.createDirectories(workdir);
    Path drop = input;
    if (drop == null) {
      drop = workdir.resolve("drop");
      var manifest = SourceDropGenerator.generate(GeneratorConfig.defaults().withSeed(seed).withScale(scale), drop);
      step(out, "generate", String.format(Locale.ROOT, "seed %d scale %s: %d events, %d order events, %d transactions, %d users",
          seed, scale, manifest.clickstream().records(), manifest.orders().records(), manifest.transactions().records(), manifest.users().records()));
    }
    Path lake = workdir.resolve("lakehouse");
    try (EmbeddedKafka kafka = new EmbeddedKafka()) {
      kafka.createTopic(LakeLayout.ORDERS_TOPIC, 3);
      step(out, "kafka", "broker up at " + kafka.bootstrapServers());
      DropLander.Landed landed = DropLander.land(drop, lake.resolve("lake"), kafka);
      step(out, "land", landed.clickstreamFiles() + " clickstream files, " + landed.transactionFiles() + " payment files, "
          + landed.userFiles() + " users extracts, " + landed.orderMessages() + " order events on Kafka");

      JobConfig config = JobConfig.of(Map.of(
          "catalog", "local",
          "warehouse", lake.resolve("warehouse").toUri().toString(),
          "lake-root", lake.resolve("lake").toUri().toString(),
          "spark-master", "local[2]",
          "spark-local-dir", workdir.resolve("spark-tmp").toString(),
          "shuffle-partitions", "8",
          "kafka-bootstrap", kafka.bootstrapServers()));
      SparkSession spark = LakehouseSpark.session(config);
      try {
        new TableMigrator(spark, config).migrateAll();
        step(out, "migrate", "tables ready");
        step(out, "bronze orders", new OrdersBronzeJob(spark, config).run() + " rows");
        for (Source s : List.of(Source.CLICKSTREAM, Source.TRANSACTIONS, Source.USERS)) {
          step(out, "bronze " + s.id(), new LandedFilesBronzeJob(spark, config, s).run() + " rows");
        }
        List<SilverJob.Result> results = new ArrayList<>();
        for (SilverJob job : List.of(new ClickstreamSilverJob(spark, config), new OrdersSilverJob(spark, config),
            new TransactionsSilverJob(spark, config), new UsersSilverJob(spark, config))) {
          SilverJob.Result r = job.run();
          results.add(r);
          step(out, job.jobName(), r.skipped() ? "no new bronze data" : r.counts().toString());
        }
        GoldJob.Result gold = new GoldJob(spark, config).run();
        step(out, "gold", gold.tablesPublished() + " tables published from " + gold.windowStart()
            + (gold.backfill() ? " (first run: all history)" : "") + "; late rows not applied: orders " + gold.lateOrders()
            + ", clickstream " + gold.lateClickstream() + ", transactions " + gold.lateTransactions());
        summary(out, spark, results);
      } finally {
        spark.stop();
      }
    }
    return 0;
  }

  private void step(PrintStream out, String stage, String detail) {
    out.printf(Locale.ROOT, "[%6.1fs] %-20s %s%n", (System.nanoTime() - started) / 1e9, stage, detail);
    out.flush();
  }

  private void summary(PrintStream out, SparkSession spark, List<SilverJob.Result> results) {
    out.println();
    out.println("source        bronze    silver  rejected  duplicates  balanced");
    for (SilverJob.Result r : results) {
      if (r.skipped()) {
        continue;
      }
      var c = r.counts();
      out.printf(Locale.ROOT, "%-12s %7d %9d %9d %11d  %s%n", c.source(), c.bronzeRows(), c.silverRows(), c.rejectedRows(),
          c.duplicatesRemoved(), c.balanced() ? "yes" : "NO");
    }
    out.println();
    out.println("rejected rows by reason:");
    for (Source s : Source.values()) {
      for (Row row : spark.sql("SELECT reason_code, count(*) FROM " + s.rejected() + " GROUP BY 1 ORDER BY 2 DESC").collectAsList()) {
        out.printf(Locale.ROOT, "  %-42s %s%n", s.rejected() + " " + row.getString(0), row.getLong(1));
      }
    }
    long dqFailures = spark.sql("SELECT count(*) FROM ops.dq_results WHERE status <> 'Success' AND check_level = 'error'").first().getLong(0);
    long dqChecks = spark.sql("SELECT count(*) FROM ops.dq_results").first().getLong(0);
    out.printf(Locale.ROOT, "%ndata quality: %d constraints evaluated, %d error-level failures%n", dqChecks, dqFailures);
    out.println();
    out.println("gold tables:");
    for (TableId t : GoldJob.TABLES) {
      out.printf(Locale.ROOT, "  %-34s %8d rows%n", t, spark.table(t.toString()).count());
    }
    out.printf(Locale.ROOT, "lakehouse: %s (query it with Spark SQL on the Iceberg catalog there)%n", workdir.resolve("lakehouse"));
    out.printf(Locale.ROOT, "total %.1fs%n", (System.nanoTime() - started) / 1e9);
  }
}
