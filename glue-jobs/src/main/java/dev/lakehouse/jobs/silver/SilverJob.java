package dev.lakehouse.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.TableId;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.ops.JobStateStore;
import dev.lakehouse.jobs.ops.ReconciliationRecorder;
import dev.lakehouse.jobs.ops.Sql;
import dev.lakehouse.jobs.quality.QualityGate;
import dev.lakehouse.jobs.quality.QualityRule;
import dev.lakehouse.jobs.spark.LakehouseSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bronze → silver for one source, incrementally: reads the bronze rows appended since the last
 * processed snapshot, sends rule failures to the rejected table, deduplicates, checks data quality
 * (before committing), MERGEs into silver, reconciles the counts, then records the snapshot.
 *
 * <p>Re-running is safe at every step: rejected rows and silver rows are merged by key, and the
 * bronze range is only marked done after everything else committed.
 */
public abstract class SilverJob {
  private static final Logger LOG = LoggerFactory.getLogger(SilverJob.class);

  private static final String SOURCE_REF = "_source_ref";
  private static final String RAW = "_raw";
  /** Key sets up to this size are broadcast to the wide side instead of shuffling it. */
  private static final long BROADCAST_MAX_KEYS = 2_000_000;

  protected final SparkSession spark;
  protected final JobConfig config;
  protected final Pii pii;

  protected SilverJob(SparkSession spark, JobConfig config) {
    this.spark = spark;
    this.config = config;
    this.pii = new Pii(config.piiHashKey());
  }

  public abstract Source source();

  public String jobName() {
    return "silver-" + source().id();
  }

  /** Adds typed columns and {@link Rules#REASONS} (empty when the row passes every blocking rule). */
  protected abstract Dataset<Row> classify(Dataset<Row> bronze, Timestamp runTime);

  /** The silver table's columns computed from classified rows (masking PII), in table order. */
  protected abstract List<Column> silverColumns(Timestamp runTime);

  /** Silver key columns (the dedup key). */
  protected abstract List<String> keyColumns();

  /** Columns that order the rows of one key, all descending: the first row is kept. */
  protected abstract List<String> latestFirst();

  /** A silver column with good file-level min/max stats, used to prune the MERGE target; empty for none. */
  protected Optional<String> pruneColumn() {
    return Optional.empty();
  }

  /** Declarative data-quality rules for the batch bound for silver. */
  protected abstract List<QualityRule> qualityRules();

  /** The record as received, for the rejected table (scrubbed of PII there). */
  protected Column rawRecord() {
    return col("raw_value");
  }

  protected Column sourceRef() {
    return col("source_file");
  }

  /** Outcome of one run, with where the time went. */
  public record Result(
      String runId,
      boolean skipped,
      ReconciliationRecorder.Counts counts,
      List<QualityGate.Outcome> quality,
      Map<String, Double> phaseSeconds) {}

  public final Result run() {
    String runId = config.runId();
    Timestamp runTime = Timestamp.from(Instant.now());
    PhaseTimer timer = new PhaseTimer(jobName());
    Table bronzeTable = loadTable(source().bronze());
    Snapshot current = bronzeTable.currentSnapshot();
    JobStateStore state = new JobStateStore(spark);
    Optional<Long> from = state.lastSnapshot(jobName());
    if (current == null || (from.isPresent() && from.get() == current.snapshotId())) {
      LOG.info("{}: no new bronze data", jobName());
      return new Result(runId, true, null, List.of(), timer.phases());
    }

    Dataset<Row> increment = readIncrement(from, current.snapshotId());
    // One pass over bronze: rules and the silver projection together; rejected rows also keep
    // their raw record. Cached narrow (silver shape, raw text only where rejected) and uncompressed.
    List<Column> prepared = new java.util.ArrayList<>(silverColumns(runTime));
    prepared.add(col(Rules.REASONS));
    prepared.add(sourceRef().as(SOURCE_REF));
    prepared.add(when(Rules.isRejected(), rawRecord()).as(RAW));
    Dataset<Row> classified = classify(increment, runTime).select(prepared.toArray(Column[]::new)).persist(cacheLevel());
    try {
      Row totals =
          classified.agg(count(lit(1)), sum(when(Rules.isRejected(), 1).otherwise(0))).first();
      long bronzeRows = totals.getLong(0);
      long rejectedClassified = totals.isNullAt(1) ? 0 : totals.getLong(1);
      timer.lap("read+classify");

      Dataset<Row> rejected = classified.where(Rules.isRejected());
      long rejectedRows =
          rejectedClassified == 0 ? 0 : new RejectedWriter(spark, source().rejected()).write(rejected(rejected, runId, runTime));
      timer.lap("rejected");

      Dataset<Row> valid = classified.where(Rules.isValid()).drop(Rules.REASONS, SOURCE_REF, RAW);
      Dataset<Row> losers = duplicateLosers(valid).persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> deduped = null;
      try {
        long losersCount = losers.count();
        // Quality, range, known keys and the write all read the deduplicated batch: cache it once
        // and release the wider classified batch.
        deduped =
            (losersCount == 0 ? valid : antiJoin(valid, losers, List.of("bronze_record_id"), losersCount)).persist(cacheLevel());
        long validRows = bronzeRows - rejectedClassified;
        long uniqueRows = deduped.count();
        classified.unpersist();
        timer.lap("dedup");

        List<QualityGate.Outcome> quality =
            uniqueRows == 0 ? List.of() : new QualityGate(spark).verify(runId, jobName(), source().silver(), deduped, qualityRules());
        timer.lap("quality");

        long before = tableCount(source().silver());
        long alreadyInSilver = uniqueRows == 0 ? 0 : write(deduped, runId);
        long after = tableCount(source().silver());
        timer.lap("write");

        ReconciliationRecorder.Counts counts =
            new ReconciliationRecorder.Counts(
                runId,
                jobName(),
                source().id(),
                from.orElse(null),
                current.snapshotId(),
                bronzeRows,
                after - before,
                rejectedRows,
                (validRows - uniqueRows) + alreadyInSilver);
        new ReconciliationRecorder(spark).record(counts);
        state.commit(jobName(), source().bronze(), current.snapshotId(), runId);
        timer.lap("reconcile+state");
        LOG.info("{} run {}: {} | {}", jobName(), runId, counts, timer);
        return new Result(runId, false, counts, quality, timer.phases());
      } finally {
        losers.unpersist();
        if (deduped != null) {
          deduped.unpersist();
        }
      }
    } finally {
      classified.unpersist();
    }
  }

  /** How the classified batch is cached (job argument {@code --cache-level}, a Spark StorageLevel name). */
  private StorageLevel cacheLevel() {
    return StorageLevel.fromString(config.get("cache-level", "MEMORY_AND_DISK"));
  }

  /** Bronze is append-only, so the rows added after {@code from} are an incremental append scan. */
  private Dataset<Row> readIncrement(Optional<Long> from, long to) {
    // Size splits so the increment is read by every core, even when it is a handful of small files.
    var reader = spark.read().format("iceberg").option("split-size", String.valueOf(splitSize(from, to)));
    if (from.isPresent()) {
      reader = reader.option("start-snapshot-id", from.get()).option("end-snapshot-id", to);
    } else {
      reader = reader.option("snapshot-id", to);
    }
    return reader.load(LakehouseSpark.CATALOG + "." + source().bronze());
  }

  private long splitSize(Optional<Long> from, long to) {
    Table table = loadTable(source().bronze());
    long bytes = 0;
    for (Snapshot s = table.snapshot(to); s != null && (from.isEmpty() || s.snapshotId() != from.get());
        s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      bytes += Long.parseLong(s.summary().getOrDefault("added-files-size", "0"));
    }
    int slots = spark.sparkContext().defaultParallelism() * 4; // several splits per core evens out uneven tasks
    long split = Math.max(1L << 20, Math.min(128L << 20, bytes / Math.max(1, slots)));
    LOG.info("{}: bronze increment {} bytes, split size {}", jobName(), bytes, split);
    return split;
  }

  private Dataset<Row> rejected(Dataset<Row> rejected, String runId, Timestamp runTime) {
    return rejected.select(
        col("bronze_record_id"),
        col(SOURCE_REF).as("source_ref"),
        Pii.scrub(col(RAW)).as("raw_record"),
        substring_index(col(Rules.REASONS), ",", 1).as("reason_code"),
        split(col(Rules.REASONS), ",").as("reason_codes"),
        lit(runId).as("run_id"),
        lit(runTime).as("rejected_at"),
        col("ingestion_timestamp"));
  }

  /**
   * Bronze record ids of the rows a dedup drops (all but the latest per key). Only the narrow key
   * and ordering columns are shuffled; the wide rows are then filtered by a (broadcast) anti join.
   */
  Dataset<Row> duplicateLosers(Dataset<Row> rows) {
    java.util.LinkedHashSet<String> narrow = new java.util.LinkedHashSet<>(keyColumns());
    narrow.addAll(latestFirst());
    narrow.add("bronze_record_id");
    var window =
        Window.partitionBy(cols(keyColumns().toArray(String[]::new)))
            .orderBy(latestFirst().stream().map(c -> col(c).desc()).toArray(Column[]::new));
    return rows.select(cols(narrow.toArray(String[]::new)))
        .withColumn("_rn", row_number().over(window))
        .where(col("_rn").gt(1))
        .select("bronze_record_id");
  }

  /** Rows of {@code rows} without a match in {@code keys}; broadcast when the key set is small. */
  protected static Dataset<Row> antiJoin(Dataset<Row> rows, Dataset<Row> keys, List<String> on, long keyCount) {
    return rows.join(smallSide(keys, keyCount), scala.collection.JavaConverters.asScalaBuffer(on).toSeq(), "left_anti");
  }

  protected static Dataset<Row> semiJoin(Dataset<Row> rows, Dataset<Row> keys, List<String> on, long keyCount) {
    return rows.join(smallSide(keys, keyCount), scala.collection.JavaConverters.asScalaBuffer(on).toSeq(), "left_semi");
  }

  private static Dataset<Row> smallSide(Dataset<Row> keys, long count) {
    return count <= BROADCAST_MAX_KEYS ? org.apache.spark.sql.functions.broadcast(keys) : keys;
  }


  /**
   * Writes the deduplicated batch: keys silver has never seen are appended (the common case, and
   * no row-level rewrite); keys it already holds go through a MERGE that replaces a row only with a
   * later arrival whose content differs. Returns how many batch keys were already in silver.
   */
  protected long write(Dataset<Row> batch, String runId) {
    String target = source().silver().toString();
    TargetRange range = targetRange(batch);
    String[] keyNames = keyColumns().toArray(String[]::new);
    Dataset<Row> existingKeys = range.filter(spark.table(target)).select(cols(keyNames));
    // Which batch keys silver already holds: a narrow join on the key columns only.
    Dataset<Row> knownKeys =
        batch.select(cols(keyNames)).join(existingKeys, scala.collection.JavaConverters.asScalaBuffer(keyColumns()).toSeq(), "left_semi")
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long already = knownKeys.count();
      if (already > 0) {
        String view = "silver_known_" + source().id();
        semiJoin(batch, knownKeys, keyColumns(), already).createOrReplaceTempView(view);
        String on = keyColumns().stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(Collectors.joining(" AND ")) + range.sql("t");
        spark.sql(
            "MERGE INTO " + target + " t USING " + view + " s ON " + on
                + " WHEN MATCHED AND s.record_hash <> t.record_hash AND s.ingestion_timestamp > t.ingestion_timestamp"
                + " THEN UPDATE SET *");
      }
      Dataset<Row> fresh = already == 0 ? batch : antiJoin(batch, knownKeys, keyColumns(), already);
      append(fresh, target);
      return already;
    } finally {
      knownKeys.unpersist();
    }
  }


  /** Number of batch keys already present in silver. */
  protected long countExisting(Dataset<Row> batch) {
    TargetRange range = targetRange(batch);
    Dataset<Row> existingKeys = range.filter(spark.table(source().silver().toString())).select(cols(keyColumns().toArray(String[]::new)));
    return batch.join(existingKeys, scala.collection.JavaConverters.asScalaBuffer(keyColumns()).toSeq(), "left_semi").count();
  }

  protected void append(Dataset<Row> rows, String table) {
    try {
      rows.writeTo(table).append();
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("Table " + table + " is missing: run the migrate step first", e);
    }
  }

  /** The batch's range of the prune column: lets the target scan skip files by their min/max stats. */
  protected record TargetRange(String column, Timestamp low, Timestamp high) {
    Dataset<Row> filter(Dataset<Row> target) {
      return column == null ? target : target.where(col(column).between(low, high));
    }

    String sql(String alias) {
      return column == null ? "" : " AND " + alias + ".`" + column + "` BETWEEN " + Sql.timestamp(low) + " AND " + Sql.timestamp(high);
    }
  }

  protected TargetRange targetRange(Dataset<Row> batch) {
    if (pruneColumn().isEmpty()) {
      return new TargetRange(null, null, null);
    }
    String c = pruneColumn().get();
    Row r = batch.agg(min(c), max(c)).first();
    return r.isNullAt(0) ? new TargetRange(null, null, null) : new TargetRange(c, r.getTimestamp(0), r.getTimestamp(1));
  }

  protected long tableCount(TableId table) {
    return spark.table(table.toString()).count();
  }

  protected Table loadTable(TableId id) {
    try {
      Table table = Spark3Util.loadIcebergTable(spark, id.toString());
      table.refresh();
      return table;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot load table " + id + ": " + e.getMessage(), e);
    }
  }

  protected static Column[] cols(String... names) {
    return Arrays.stream(names).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }
}
