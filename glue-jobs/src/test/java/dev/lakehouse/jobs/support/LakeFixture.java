package dev.lakehouse.jobs.support;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.jobs.bronze.BronzeAppender;
import dev.lakehouse.jobs.bronze.LandedFilesBronzeJob;
import dev.lakehouse.jobs.bronze.OrdersBronzeJob;
import dev.lakehouse.jobs.catalog.TableMigrator;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.spark.LakehouseSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A real local lakehouse for tests: one SparkSession per JVM (Spark starts once), an Iceberg Hadoop
 * catalog in target/, and helpers to land files and feed Kafka-shaped records. {@link #reset()}
 * empties every table and deletes every checkpoint so each test starts from an empty lake.
 */
public final class LakeFixture {
  /** The PII hash key of the test lake (tests compute expected hashes with it independently). */
  public static final String PII_HASH_KEY = "test-pii-hash-key-0123456789";

  private static LakeFixture instance;

  private final Path root;
  private final SparkSession spark;
  private final java.util.Map<String, String> settings;
  private final JobConfig config;

  private LakeFixture(Path root) {
    this.root = root;
    this.settings =
            java.util.Map.of(
                JobArgs.CATALOG, JobArgs.CATALOG_LOCAL,
                JobArgs.WAREHOUSE, root.resolve("warehouse").toUri().toString(),
                JobArgs.LAKE_ROOT, root.resolve("lake").toUri().toString(),
                JobArgs.SPARK_MASTER, "local[2]",
                JobArgs.SPARK_LOCAL_DIR, root.resolve("spark-tmp").toString(),
                JobArgs.SHUFFLE_PARTITIONS, "4",
                JobArgs.PII_HASH_KEY, PII_HASH_KEY);
    this.config = JobConfig.of(settings);
    this.spark = LakehouseSpark.session(config);
    spark.sparkContext().setLogLevel("WARN");
  }

  public static synchronized LakeFixture get() {
    if (instance == null) {
      try {
        Path base = Path.of("target", "lake-tests").toAbsolutePath();
        Files.createDirectories(base);
        instance = new LakeFixture(Files.createTempDirectory(base, "lake"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  public SparkSession spark() {
    return spark;
  }

  /** This lake's configuration as job arguments ({@code --key value}), then {@code extra} key/value pairs. */
  public String[] args(String... extra) {
    List<String> args = new ArrayList<>();
    settings.forEach((k, v) -> args.addAll(List.of(JobArgs.flag(k), v)));
    for (int i = 0; i < extra.length; i += 2) {
      args.addAll(List.of(JobArgs.flag(extra[i]), extra[i + 1]));
    }
    return args.toArray(String[]::new);
  }

  public JobConfig config() {
    return config;
  }

  public Path lakeDir() {
    return root.resolve("lake");
  }

  /**
   * Empty lake: every table as the migrate step creates it, no landing files or checkpoints. The
   * first reset drops every table and migrates, then saves the migrated catalog; later resets
   * restore it, which costs far less than dropping and creating some thirty tables before each test.
   */
  public void reset() {
    if (restore("as-migrated")) {
      return;
    }
    spark.catalog().clearCache();
    deleteTree(lakeDir());
    for (String ns : Namespaces.ALL) {
      if (spark.catalog().databaseExists(ns)) {
        for (Row t : spark.sql("SHOW TABLES IN " + ns).collectAsList()) {
          spark.sql("DROP TABLE IF EXISTS " + ns + "." + t.getString(1) + " PURGE");
        }
      }
    }
    new TableMigrator(spark, config).migrateAll();
    save("as-migrated");
  }

  /** Keeps a copy of every table as it is now (the catalog's files, in place of the warehouse), for {@link #restore}. */
  public void save(String name) {
    Path copy = root.resolve("saved-" + name);
    deleteTree(copy);
    copyTree(root.resolve("warehouse"), copy);
  }

  /**
   * Puts every table back as {@link #save} kept it (tables created since are gone) and deletes
   * landing files and checkpoints; false if nothing was saved under {@code name}.
   */
  public boolean restore(String name) {
    Path copy = root.resolve("saved-" + name);
    if (!Files.isDirectory(copy)) {
      return false;
    }
    spark.catalog().clearCache();
    deleteTree(lakeDir());
    deleteTree(root.resolve("warehouse"));
    copyTree(copy, root.resolve("warehouse"));
    return true;
  }

  private static void copyTree(Path from, Path to) {
    try {
      org.apache.commons.io.FileUtils.copyDirectory(from.toFile(), to.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a landed file under the source's landing prefix (relative key below it). */
  public Path land(Source source, String relativeKey, String content) {
    Path file = lakeDir().resolve(LakeLayout.landingPrefix(source)).resolve(relativeKey);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long runBronze(Source source) {
    try {
      return new LandedFilesBronzeJob(spark, config, source).run().rows();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Kafka-shaped rows (topic, partition, offset, key, value, timestamp) for the orders bronze transformation. */
  public Dataset<Row> kafkaRows(String topic, int partition, long firstOffset, List<String> values) {
    StructType schema =
        new StructType()
            .add("key", DataTypes.BinaryType)
            .add("value", DataTypes.BinaryType)
            .add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType);
    List<Row> rows = new ArrayList<>();
    long offset = firstOffset;
    for (String v : values) {
      rows.add(
          RowFactory.create(
              null,
              v == null ? null : v.getBytes(StandardCharsets.UTF_8),
              topic,
              partition,
              offset++,
              new Timestamp(System.currentTimeMillis())));
    }
    return spark.createDataFrame(rows, schema);
  }

  /** Appends order messages to bronze through the same transformation and guard as the streaming job. */
  public long appendOrders(int partition, long firstOffset, List<String> values) {
    return new BronzeAppender(spark, Source.ORDERS.bronze())
        .appendKafka(OrdersBronzeJob.toBronze(kafkaRows(LakeLayout.ORDERS_TOPIC, partition, firstOffset, values)));
  }

  public List<Row> rows(String sql) {
    return spark.sql(sql).collectAsList();
  }

  public long count(String table) {
    return spark.table(table).count();
  }

  /**
   * Inserts the rows of {@code sql} into {@code table} by column name; the table's columns the
   * query does not give are null. Lets tests and benchmarks write only the columns they mean.
   */
  public static void insertByName(SparkSession spark, dev.lakehouse.contract.TableId table, String sql) {
    spark.sql(sql).createOrReplaceTempView("insert_by_name");
    java.util.List<String> given = java.util.List.of(spark.table("insert_by_name").columns());
    java.util.List<String> select = new java.util.ArrayList<>();
    for (org.apache.spark.sql.types.StructField f : spark.table(table.toString()).schema().fields()) {
      String source = given.contains(f.name()) ? "`" + f.name() + "`" : "NULL";
      select.add("CAST(" + source + " AS " + f.dataType().sql() + ") AS `" + f.name() + "`");
    }
    spark.sql("INSERT INTO " + table + " SELECT " + String.join(", ", select) + " FROM insert_by_name");
  }

  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
