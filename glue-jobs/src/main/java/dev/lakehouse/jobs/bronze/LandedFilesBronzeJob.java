package dev.lakehouse.jobs.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.jobs.LakehouseJob;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.lineage.TableActivity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.StructType;

/**
 * Newly landed files → bronze, for the file-based sources: clickstream (Firehose, JSON lines),
 * transactions (SFTP extractor, CSV) and users (RDS extractor, NDJSON, gzip). A Structured
 * Streaming file source with {@code Trigger.AvailableNow} and a checkpoint picks up each file once;
 * the object key is kept on every row.
 */
public final class LandedFilesBronzeJob implements LakehouseJob {
  private final SparkSession spark;
  private final JobConfig config;
  private final Source source;

  public LandedFilesBronzeJob(SparkSession spark, JobConfig config, Source source) {
    if (source == Source.ORDERS) {
      throw new IllegalArgumentException("orders arrive through Kafka: use OrdersBronzeJob");
    }
    this.spark = spark;
    this.config = config;
    this.source = source;
  }

  public String jobName() {
    return PipelineJob.of(PipelineJob.Stage.BRONZE, source).id();
  }

  public String landingDir() {
    return config.lakeRoot() + "/" + LakeLayout.landingPrefix(source);
  }

  /** Loads every file landed since the last run. */
  @Override
  public BronzeAppend run() throws TimeoutException, StreamingQueryException, IOException {
    Path landing = new Path(landingDir());
    TableActivity.readFrom(landingDir());
    FileSystem fs = landing.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(landing)) {
      return new BronzeAppend(source.bronze(), 0); // nothing has landed yet
    }
    Dataset<Row> stream = source == Source.TRANSACTIONS ? csvStream() : jsonLinesStream();
    BronzeAppender appender = new BronzeAppender(spark, source.bronze());
    AtomicLong appended = new AtomicLong();
    StreamingQuery query =
        stream.writeStream()
            .queryName(jobName())
            .trigger(Trigger.AvailableNow())
            .option("checkpointLocation", config.lakeRoot() + "/" + LakeLayout.checkpointPrefix(source))
            .foreachBatch(
                (VoidFunction2<Dataset<Row>, Long>)
                    (batch, batchId) -> appended.addAndGet(appender.appendFiles(finish(batch))))
            .start();
    query.awaitTermination();
    return new BronzeAppend(source.bronze(), appended.get());
  }

  private DataStreamReader files(String format) {
    return spark.readStream()
        .format(format)
        .option("recursiveFileLookup", "true")
        // remember every landed key, not only a week's: an object rewritten in place (erasure) gets
        // a new modification time and must not be read again as a new file
        .option("maxFileAge", "3650d")
        .option("maxFilesPerTrigger", String.valueOf(config.getInt(JobArgs.MAX_FILES_PER_TRIGGER, 10_000)));
  }

  /** JSON lines (gzip when the key ends in .gz): each non-blank line is one record. */
  private Dataset<Row> jsonLinesStream() {
    Dataset<Row> lines = files("text").load(landingDir());
    Column parsed =
        from_json(
            col("value"),
            BronzeSchemas.parseSchema(source),
            Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", BronzeSchemas.CORRUPT));
    Dataset<Row> withParsed =
        lines.where(trim(col("value")).notEqual(""))
            .select(col("_metadata.file_path").as("source_file"), col("value").as("raw_value"), parsed.as("p"));
    List<Column> out = new ArrayList<>();
    out.add(col("source_file"));
    out.add(col("raw_value"));
    for (String f : BronzeSchemas.fields(source)) {
      out.add(col("p." + f).as(f));
    }
    out.add(OrdersBronzeJob.parseError(col("p"), col("raw_value")).as("parse_error"));
    return withParsed.select(out.toArray(Column[]::new));
  }

  /**
   * CSV with a header line, RFC 4180 quoting (quoted newlines allowed). A row with the wrong
   * column count is kept with its raw text and a parse error.
   */
  private Dataset<Row> csvStream() {
    StructType schema = BronzeSchemas.parseSchema(source);
    Dataset<Row> rows =
        files("csv")
            .schema(schema)
            .option("header", "true")
            .option("multiLine", "true")
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", BronzeSchemas.CORRUPT)
            .load(landingDir());
    List<Column> out = new ArrayList<>();
    out.add(col("_metadata.file_path").as("source_file"));
    out.add(col(BronzeSchemas.CORRUPT).as("raw_value"));
    for (String f : BronzeSchemas.fields(source)) {
      out.add(col(f));
    }
    out.add(when(col(BronzeSchemas.CORRUPT).isNotNull(), lit("malformed_csv_row")).as("parse_error"));
    return rows.select(out.toArray(Column[]::new));
  }

  /** Per micro-batch: a row id within its file and the ingestion metadata. */
  private static Dataset<Row> finish(Dataset<Row> batch) {
    return batch
        .withColumn("record_id", concat(col("source_file"), lit("#"), monotonically_increasing_id().cast("string")))
        .withColumn("ingestion_timestamp", current_timestamp())
        .withColumn("ingestion_date", to_date(current_timestamp()));
  }
}
