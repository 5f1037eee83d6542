package dev.lakehouse.jobs.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.contract.schema.TableRegistry;
import dev.lakehouse.jobs.LakehouseJob;
import dev.lakehouse.jobs.catalog.TableFiles;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.ops.JobStateStore;
import dev.lakehouse.jobs.ops.ReconciliationRecorder;
import dev.lakehouse.jobs.ops.Sql;
import dev.lakehouse.jobs.quality.QualityGate;
import dev.lakehouse.jobs.quality.QualityRule;
import dev.lakehouse.jobs.spark.Detached;
import dev.lakehouse.jobs.spark.LakehouseSpark;
import dev.lakehouse.jobs.spark.ShuffledBatch;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
public abstract class SilverJob implements LakehouseJob {
  private static final Logger LOG = LoggerFactory.getLogger(SilverJob.class);

  private static final String SOURCE_REF = "_source_ref";
  private static final String RAW = "_raw";
  private static final String COPIES = "_copies";
  private static final String KEEP = "_keep";
  private static final String KEY_HASH = "_key_hash";
  /** Bit i set: the row matches countable quality rule i (see {@link QualityGate#matches}). */
  private static final String DQ_BITS = "_dq_bits";
  private static final String TOTALS = "silver_batch_totals";
  /**
   * Where the rule-match counts start among the {@value #TOTALS} fields: rows, rejected, the valid
   * rows' prune-column range (low, high), the rejected rows' ingestion-time range, then the rules.
   */
  private static final int FIRST_DQ = 6;
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
    return PipelineJob.of(PipelineJob.Stage.SILVER, source()).id();
  }

  /**
   * Adds typed columns and {@link Rules#REASONS} (empty when the row passes every blocking rule).
   *
   * <p>Convert each field once, into its own column, and let the rules read that column. Rules
   * written on the conversion expressions themselves are evaluated as written: orders' optimized
   * plan held the quantity check seven times, the timestamp parse three and each decimal parse
   * four or five times per row (Spark shares a subexpression only where it is always evaluated,
   * and most rules sit in conditional branches).
   */
  protected abstract Dataset<Row> classify(Dataset<Row> bronze, Timestamp runTime);

  /** The silver table's columns computed from classified rows (masking PII), in table order. */
  protected abstract List<Column> silverColumns(Timestamp runTime);

  /** Silver key columns (the dedup key), as the silver table declares them. */
  protected final List<String> keyColumns() {
    return TableRegistry.spec(source().silver()).requireMergeKeys();
  }

  /** Columns that order the rows of one key, all descending: the first row is kept. */
  protected abstract List<String> latestFirst();

  /** The silver table's time column, with good file-level min/max stats: prunes the MERGE target; empty for none. */
  protected final Optional<String> pruneColumn() {
    return TableRegistry.spec(source().silver()).timeColumn();
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
      Map<String, Double> phaseSeconds) implements LakehouseJob.Outcome {
    @Override
    public String summary() {
      return skipped ? "no new bronze data" : counts.toString();
    }

    /** The reconciliation's numbers: bronze rows in = silver rows out + rejected + duplicates. */
    @Override
    public Map<String, Double> metrics() {
      Map<String, Double> m = new java.util.LinkedHashMap<>(QualityGate.metrics(quality));
      if (skipped) {
        m.putAll(Map.of("RowsIn", 0.0, "RowsOut", 0.0, "RowsRejected", 0.0, "RowsDuplicate", 0.0, "RowsSuppressed", 0.0));
      } else {
        m.putAll(Map.of("RowsIn", (double) counts.bronzeRows(), "RowsOut", (double) counts.silverRows(),
            "RowsRejected", (double) counts.rejectedRows(), "RowsDuplicate", (double) counts.duplicatesRemoved(),
            "RowsSuppressed", (double) counts.suppressedRows()));
      }
      return m;
    }
  }

  @Override
  public final Result run() {
    String runId = config.runId();
    Timestamp runTime = Timestamp.from(Instant.now());
    PhaseTimer timer = new PhaseTimer(jobName());
    HashedTables.requireSameKeys(spark, source().silver(), pii);
    Table bronzeTable = TableFiles.load(spark, source().bronze());
    Snapshot current = bronzeTable.currentSnapshot();
    JobStateStore state = new JobStateStore(spark);
    boolean reprocess = config.get(JobArgs.REPROCESS).map(Boolean::parseBoolean).orElse(false);
    Optional<Long> from = reprocess ? Optional.empty() : state.lastSnapshot(jobName());
    if (reprocess) {
      LOG.info("{}: reprocessing the whole of {}", jobName(), source().bronze());
    }
    if (current == null || (from.isPresent() && from.get() == current.snapshotId())) {
      LOG.info("{}: no new bronze data", jobName());
      return new Result(runId, true, null, List.of(), timer.phases());
    }

    Dataset<Row> increment = readIncrement(from, current.snapshotId());
    // rows of erased people a source sent again: counted, and nothing of them goes further
    long suppressed = 0;
    Optional<Column> erased = ErasedSubjects.rowsOf(spark, pii, TableRegistry.spec(source().bronze()));
    if (erased.isPresent()) {
      suppressed = increment.where(erased.get()).count();
      increment = increment.where(not(erased.get()));
    }
    // One pass over bronze: rules and the silver projection together; rejected rows also keep
    // their raw record and source reference. Kept narrow (silver shape; raw text and source
    // reference only where rejected) in shuffle files partitioned by the key's hash: every later
    // step reads this batch, the dedup groups it without another shuffle, and the rejected rows
    // (null hash) all sit in one partition.
    List<Column> prepared = new java.util.ArrayList<>(silverColumns(runTime));
    prepared.add(col(Rules.REASONS));
    prepared.add(when(Rules.isRejected(), sourceRef()).as(SOURCE_REF));
    prepared.add(when(Rules.isRejected(), rawRecord()).as(RAW));
    Column valid = Rules.isValid();
    Column prune = pruneColumn().map(org.apache.spark.sql.functions::col).orElse(lit(null).cast("timestamp"));
    // The quality rules Deequ measures by counting matching rows are counted in this pass too:
    // each valid row keeps one bit per rule, so the rows the dedup drops can be taken off the
    // counts afterwards, and the gate needs no scan of its own.
    List<QualityRule> countable = qualityRules().stream().filter(QualityGate::isCountable).toList();
    if (countable.size() > 63) {
      throw new IllegalStateException(jobName() + ": more than 63 countable quality rules");
    }
    Column bits = lit(0L);
    for (int i = 0; i < countable.size(); i++) {
      bits = bits.bitwiseOR(when(QualityGate.matches(countable.get(i)), lit(1L << i)).otherwise(lit(0L)));
    }
    // Measured during that pass: totals, the valid rows' range of the prune column, rule matches.
    List<Column> measured = new java.util.ArrayList<>(List.of( // after "rows": fields 1 to 5, then FIRST_DQ + i
        sum(when(Rules.isRejected(), 1).otherwise(0)).as("rejected"),
        min(when(valid, prune)).as("low"),
        max(when(valid, prune)).as("high"),
        min(when(Rules.isRejected(), col("ingestion_timestamp"))).as("rejected_low"),
        max(when(Rules.isRejected(), col("ingestion_timestamp"))).as("rejected_high")));
    for (int i = 0; i < countable.size(); i++) {
      measured.add(sum(bit(i)).as("dq_" + i));
    }
    Dataset<Row> plan =
        classify(increment, runTime)
            .select(prepared.toArray(Column[]::new))
            .withColumn(KEY_HASH, when(valid, keyHash()))
            .withColumn(DQ_BITS, when(valid, bits))
            .observe(TOTALS, count(lit(1)).as("rows"), measured.toArray(Column[]::new));
    // The pass evaluates one wide projection once per batch. Compiled as a single whole-stage
    // method, the JIT spends seconds of the executors' CPU on it before it pays off (orders, 5M
    // rows, local[2]: 36 s cold with it, 27–29 s without; the same once warm), so this one pass
    // runs on per-expression generated code.
    ShuffledBatch batch =
        LakehouseSpark.withConf(
            spark, "spark.sql.codegen.wholeStage", "false",
            () -> ShuffledBatch.compute(spark, plan, KEY_HASH, spark.sessionState().conf().numShufflePartitions()));
    Dataset<Row> classified = batch.rows();
    Detached repeatedHashes = null;
    Detached candidates = null;
    Detached duplicates = null;
    Detached dropped = null;
    try {
      Row totals = batch.observed(TOTALS);
      long bronzeRows = totals.getLong(0);
      long rejectedClassified = totals.isNullAt(1) ? 0 : totals.getLong(1);
      TargetRange range =
          pruneColumn().isEmpty() || totals.isNullAt(2)
              ? new TargetRange(null, null, null)
              : new TargetRange(pruneColumn().get(), totals.getTimestamp(2), totals.getTimestamp(3));
      timer.lap("read+classify");

      Dataset<Row> rejected = batch.nullPartition().where(Rules.isRejected());
      long rejectedRows =
          rejectedClassified == 0
              ? 0
              : new RejectedWriter(spark, source().rejected())
                  .write(rejected(rejected, runId, runTime), new RejectedWriter.Batch(rejectedClassified, totals.getTimestamp(4), totals.getTimestamp(5)));
      timer.lap("rejected");

      Dataset<Row> validWithHash = classified.where(col(KEY_HASH).isNotNull());
      repeatedHashes = Detached.of(spark, repeatedKeyHashes(validWithHash));
      // The rows whose key hash repeats: every duplicate is among them, and they are few.
      // Narrow: the key, the ordering and the row id are all the dedup and the uniqueness check read.
      candidates =
          Detached.of(spark, semiJoin(validWithHash.select(cols(dedupColumns(KEY_HASH, DQ_BITS))), repeatedHashes.rows(), List.of(KEY_HASH), repeatedHashes.count()));
      duplicates = Detached.of(spark, duplicateKeys(candidates.rows()));
      long duplicateKeys = duplicates.count();
      long removed = duplicateKeys == 0 ? 0 : duplicates.rows().agg(sum(col(COPIES).minus(1))).first().getLong(0);
      // Not kept again: each later read is the kept batch minus a (broadcast) lookup of the few
      // dropped rows, measured cheaper than materialising a second copy of the batch.
      dropped = duplicateKeys == 0 ? null : Detached.of(spark, droppedRows(candidates.rows(), duplicates.rows(), duplicateKeys));
      Dataset<Row> deduped = (dropped == null ? validWithHash : without(validWithHash, dropped)).drop(Rules.REASONS, SOURCE_REF, RAW, KEY_HASH, DQ_BITS);
      long validCount = bronzeRows - rejectedClassified;
      long uniqueRows = validCount - removed;
      timer.lap("dedup");

      // Only candidate rows can share a key, so the key's uniqueness is checked on them alone.
      QualityGate.UniquenessCandidates keyCandidates =
          new QualityGate.UniquenessCandidates(
              keyColumns(), (dropped == null ? candidates.rows() : without(candidates.rows(), dropped)).drop(KEY_HASH, DQ_BITS), uniqueRows);
      List<QualityGate.Outcome> accepted = List.of(QualityGate.acceptedShare(bronzeRows, rejectedClassified));
      List<QualityGate.Outcome> quality =
          uniqueRows == 0
              ? new QualityGate(spark).record(runId, jobName(), source().silver(), accepted)
              : new QualityGate(spark).verify(
                  runId, jobName(), source().silver(), deduped, qualityRules(), keyCandidates, counted(countable, totals, dropped, deduped, uniqueRows),
                  accepted);
      timer.lap("quality");

      long before = tableCount(source().silver());
      long alreadyInSilver = uniqueRows == 0 ? 0 : write(deduped, runId, range);
      long after = tableCount(source().silver());
      timer.lap("write");

      ReconciliationRecorder.Counts counts =
          new ReconciliationRecorder.Counts(
              runId,
              jobName(),
              source().id(),
              from.orElse(null),
              current.snapshotId(),
              bronzeRows + suppressed,
              after - before,
              rejectedRows,
              removed + alreadyInSilver,
              suppressed);
      new ReconciliationRecorder(spark).record(counts);
      state.commit(jobName(), source().bronze(), current.snapshotId(), runId);
      timer.lap("reconcile+state");
      LOG.info("{} run {}: {} | {}", jobName(), runId, counts, timer);
      return new Result(runId, false, counts, quality, timer.phases());
    } finally {
      for (Detached kept : java.util.Arrays.asList(dropped, duplicates, candidates, repeatedHashes)) {
        if (kept != null) {
          kept.close();
        }
      }
      batch.close();
    }
  }

  private static Column bit(int i) {
    return shiftright(col(DQ_BITS), i).bitwiseAND(1L);
  }

  /**
   * The countable rules' matches among the deduplicated rows: those counted over the valid rows in
   * the build pass, less those of the rows the dedup dropped (one small aggregate over them).
   */
  private static QualityGate.Counted counted(List<QualityRule> countable, Row totals, Detached dropped, Dataset<Row> deduped, long uniqueRows) {
    Row droppedMatches = null;
    if (dropped != null && !countable.isEmpty()) {
      Column[] sums = new Column[countable.size()];
      for (int i = 0; i < sums.length; i++) {
        sums[i] = sum(bit(i));
      }
      droppedMatches = dropped.rows().agg(sums[0], Arrays.copyOfRange(sums, 1, sums.length)).first();
    }
    Map<QualityRule, Long> matches = new java.util.LinkedHashMap<>();
    for (int i = 0; i < countable.size(); i++) {
      long all = totals.isNullAt(FIRST_DQ + i) ? 0 : totals.getLong(FIRST_DQ + i);
      long removed = droppedMatches == null || droppedMatches.isNullAt(i) ? 0 : droppedMatches.getLong(i);
      matches.put(countable.get(i), all - removed);
    }
    return new QualityGate.Counted(deduped.schema(), uniqueRows, matches);
  }

  /** Bronze is append-only, so the rows added after {@code from} are an incremental append scan. */
  Dataset<Row> readIncrement(Optional<Long> from, long to) {
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
    Table table = TableFiles.load(spark, source().bronze());
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

  /** The key columns, then the ordering columns and the bronze record id (each once), then {@code extra}. */
  private String[] dedupColumns(String... extra) {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(keyColumns());
    names.addAll(latestFirst());
    names.add("bronze_record_id");
    names.addAll(Arrays.asList(extra));
    return names.toArray(String[]::new);
  }

  /**
   * 64-bit hashes of the key seen more than once in the batch: a superset of the duplicated keys
   * (a collision adds a candidate, never hides one), found by a hash aggregate over fixed-width
   * keys and counters, Spark's fastest kind.
   */
  private Dataset<Row> repeatedKeyHashes(Dataset<Row> rows) {
    // The batch is partitioned by this hash: a per-partition aggregate, no shuffle. (A count over
    // a window partitioned by the hash, which sorts instead, measured no faster.)
    return rows.groupBy(KEY_HASH).agg(count(lit(1)).as(COPIES)).where(col(COPIES).gt(1)).select(KEY_HASH);
  }

  private Column keyHash() {
    return xxhash64(cols(keyColumns().toArray(String[]::new)));
  }

  /**
   * Keys that occur more than once among {@code candidates} (the rows whose key hash repeats), with
   * how often ({@value #COPIES}) and the bronze record id of the row to keep ({@value #KEEP}: the
   * first by {@link #latestFirst}). Grouped by the real key, so exact whatever the hashes collide on.
   */
  Dataset<Row> duplicateKeys(Dataset<Row> candidates) {
    java.util.List<Column> order = new java.util.ArrayList<>();
    for (String c : latestFirst()) {
      order.add(col(c));
    }
    if (!latestFirst().contains("bronze_record_id")) {
      order.add(col("bronze_record_id")); // unique: makes the winner deterministic
    }
    // max over a struct compares field by field, nulls lowest: the same row a descending,
    // nulls-last ordering puts first.
    return candidates.groupBy(cols(keyColumns().toArray(String[]::new)))
        .agg(count(lit(1)).as(COPIES), max(struct(order.toArray(Column[]::new))).getField("bronze_record_id").as(KEEP))
        .where(col(COPIES).gt(1));
  }

  /**
   * The rows the dedup drops ({@value #KEY_HASH}, bronze_record_id, {@value #DQ_BITS}): every row of
   * a duplicated key but its kept one. An equi-join on the key is enough: valid rows never have a null key (each
   * job's blocking rules reject it).
   */
  private Dataset<Row> droppedRows(Dataset<Row> candidates, Dataset<Row> duplicates, long duplicateKeys) {
    String[] keyAndKeep = java.util.stream.Stream.concat(keyColumns().stream(), java.util.stream.Stream.of(KEEP)).toArray(String[]::new);
    return candidates.join(smallSide(duplicates.select(cols(keyAndKeep)), duplicateKeys), scala.collection.JavaConverters.asScalaBuffer(keyColumns()).toSeq())
        .where(col(KEEP).notEqual(col("bronze_record_id")))
        .select(KEY_HASH, "bronze_record_id", DQ_BITS);
  }

  /**
   * {@code rows} (with {@value #KEY_HASH}) without the {@code drop} rows. The join key is the hash
   * alone, so the lookup every row of the batch pays is a long-keyed one (a lookup by the string
   * key was a tenth of the silver write's time when profiled); only the few rows whose hash
   * matches compare their record id. The comparison sits in a {@code coalesce} so the planner
   * keeps it out of the join keys.
   */
  private static Dataset<Row> without(Dataset<Row> rows, Detached drop) {
    Dataset<Row> d = smallSide(drop.rows().select(KEY_HASH, "bronze_record_id").toDF("_drop_hash", "_drop_id"), drop.count());
    Column sameRecord = coalesce(rows.col("bronze_record_id").equalTo(d.col("_drop_id")), lit(false));
    return rows.join(d, rows.col(KEY_HASH).equalTo(d.col("_drop_hash")).and(sameRecord), "left_anti");
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
   * no row-level rewrite); keys it already holds — in any earlier run, whatever their time — go
   * through a MERGE that replaces a row only with a later one (by {@link #latestFirst}) whose content
   * differs. Returns how many batch keys were already in silver.
   */
  protected long write(Dataset<Row> batch, String runId, TargetRange range) {
    String target = source().silver().toString();
    TargetRange lookup = keyLookupRange(range);
    if (!TableFiles.mayHoldRows(spark, source().silver(), lookup.column(), lookup.low(), lookup.high())) {
      append(batch, target); // no silver file can hold a batch key (a first load): nothing to look up
      return 0;
    }
    String[] keyNames = keyColumns().toArray(String[]::new);
    List<String> keyAndTime = new java.util.ArrayList<>(keyColumns());
    pruneColumn().filter(c -> !keyColumns().contains(c)).ifPresent(keyAndTime::add);
    // Which batch keys silver already holds, with the time of the held row: a narrow scan of the
    // key (and time) columns, joined with the batch's keys.
    Dataset<Row> existingKeys = lookup.filter(spark.table(target)).select(cols(keyAndTime.toArray(String[]::new)));
    try (Detached known = Detached.of(spark, existingKeys.join(batch.select(cols(keyNames)), scala.collection.JavaConverters.asScalaBuffer(keyColumns()).toSeq(), "left_semi"))) {
      long already = known.count();
      if (already > 0) {
        String view = "silver_known_" + source().id();
        semiJoin(batch, known.rows().select(cols(keyNames)), keyColumns(), already).createOrReplaceTempView(view);
        // The held rows' time range prunes the MERGE's target scan to the files that can hold them.
        TargetRange held = range.column() == null ? range : heldRange(known.rows(), range.column());
        String on = keyColumns().stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(Collectors.joining(" AND ")) + held.sql("t");
        spark.sql(
            "MERGE INTO " + target + " t USING " + view + " s ON " + on
                + " WHEN MATCHED AND s.record_hash <> t.record_hash AND " + later("s", "t")
                + " THEN UPDATE SET *");
      }
      Dataset<Row> fresh = already == 0 ? batch : antiJoin(batch, known.rows().select(cols(keyNames)), keyColumns(), already);
      append(fresh, target);
      return already;
    }
  }

  /**
   * Where silver may hold a batch key: the batch's time range when the time is part of the key
   * (orders), else anywhere — a re-send may carry a different time than the row it replaces.
   */
  private TargetRange keyLookupRange(TargetRange batchRange) {
    return batchRange.column() != null && keyColumns().contains(batchRange.column()) ? batchRange : TargetRange.NONE;
  }

  private static TargetRange heldRange(Dataset<Row> held, String column) {
    Row r = held.agg(min(col(column)), max(col(column))).first();
    return r.isNullAt(0) ? TargetRange.NONE : new TargetRange(column, r.getTimestamp(0), r.getTimestamp(1));
  }

  /** SQL: row {@code a} comes before row {@code b} in {@link #latestFirst} order (it is the later one). */
  protected String later(String a, String b) {
    String fields = latestFirst().stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
    return "struct(" + prefixed(a, fields) + ") > struct(" + prefixed(b, fields) + ")";
  }

  private static String prefixed(String alias, String fields) {
    return java.util.Arrays.stream(fields.split(", ")).map(f -> alias + "." + f).collect(Collectors.joining(", "));
  }


  /** Number of batch keys already present in silver. */
  protected long countExisting(Dataset<Row> batch, TargetRange range) {
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
    static final TargetRange NONE = new TargetRange(null, null, null);

    Dataset<Row> filter(Dataset<Row> target) {
      return column == null ? target : target.where(col(column).between(low, high));
    }

    String sql(String alias) {
      return column == null ? "" : " AND " + alias + ".`" + column + "` BETWEEN " + Sql.timestamp(low) + " AND " + Sql.timestamp(high);
    }
  }

  protected long tableCount(TableId table) {
    return spark.table(table.toString()).count();
  }


  protected static Column[] cols(String... names) {
    return Arrays.stream(names).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }
}
