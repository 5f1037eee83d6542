package dev.lakehouse.jobs.erasure;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.contract.Source;
import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.contract.schema.TableRegistry;
import dev.lakehouse.contract.schema.TableSpec;
import dev.lakehouse.jobs.LakehouseJob;
import dev.lakehouse.jobs.catalog.TableFiles;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.gold.GoldJob;
import dev.lakehouse.jobs.ops.JobStateStore;
import dev.lakehouse.jobs.ops.Sql;
import dev.lakehouse.jobs.silver.ErasedSubjects;
import dev.lakehouse.jobs.silver.HashedTables;
import dev.lakehouse.jobs.silver.PhaseTimer;
import dev.lakehouse.jobs.silver.Pii;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The right to erasure: removes one data subject from every layer. In order: the landed raw
 * objects that mention them (rewritten without those lines), their rows in every bronze, silver,
 * rejected and ops table (the tables that tie an email to an id go last, so a request stopped
 * midway resolves the same subject when run again), gold recomputed where silver still holds its
 * inputs, then the history of every table that held them expired so time travel cannot bring the
 * rows back, and the person listed so silver suppresses whatever a source sends of them again.
 * Each step is recorded in {@code ops.erasure_log}. Runs under the writer lease like every job.
 */
public final class ErasureJob implements LakehouseJob {
  private static final Logger LOG = LoggerFactory.getLogger(ErasureJob.class);
  /** Maintenance's default: older than the longest job timeout of any environment. */
  private static final int ORPHAN_AGE_HOURS = 72;
  /** Where the subject's email is tied to their id: read to resolve the subject, so erased last. */
  private static final List<TableId> RESOLVERS = List.of(Tables.BRONZE_USERS, Tables.BRONZE_ORDERS, Tables.SILVER_USERS, Tables.SILVER_ORDERS);

  /** What a request removed, per table and landed object. */
  public record Report(String requestId, String subject, Map<String, Long> rowsByTable, Map<String, Long> linesByObject,
      boolean goldRecomputed, int tablesExpired, List<TableId> historyKept) implements LakehouseJob.Outcome {
    public long rows() {
      return rowsByTable.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String summary() {
      if (rows() == 0 && linesByObject.isEmpty()) {
        return "request " + requestId + ": 0 rows: nothing in the lake matches " + subject
            + (goldRecomputed ? " (finished an earlier request stopped midway)" : "") + "; recorded in " + Tables.OPS_ERASURE_LOG;
      }
      long lines = linesByObject.values().stream().mapToLong(Long::longValue).sum();
      return "request " + requestId + ": " + rows() + " rows removed from " + rowsByTable.size() + " tables"
          + rowsByTable.entrySet().stream().map(e -> " " + e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","))
          + "; " + lines + " lines from " + linesByObject.size() + " landed objects; gold " + (goldRecomputed ? "recomputed" : "unchanged")
          + "; history expired on " + tablesExpired + " tables; recorded in " + Tables.OPS_ERASURE_LOG
          + (historyKept.isEmpty() ? "" : "\n  WARNING: the history of " + historyKept + " still holds the person: rows were appended"
              + " while the erasure ran and their silver job must read them first; run the pipeline, then this request again");
    }
  }

  private final SparkSession spark;
  private final JobConfig config;
  private java.util.function.Consumer<TableId> beforeDelete = t -> {};

  /** Test seam: runs just before each table's DELETE (a concurrent writer's commit lands there). */
  public ErasureJob onBeforeDelete(java.util.function.Consumer<TableId> hook) {
    this.beforeDelete = hook;
    return this;
  }

  public ErasureJob(SparkSession spark, JobConfig config) {
    this.spark = spark;
    this.config = config;
  }

  @Override
  public Report run() throws Exception {
    // the identifiers wait in the request's own object; arguments naming them directly are for tests
    ErasureRequest request = config.get(JobArgs.ERASE_EMAILS).isPresent() || config.get(JobArgs.ERASE_IDS).isPresent()
        ? ErasureRequest.from(config) : ErasureRequests.get(spark, config.lakeRoot(), config.require(JobArgs.REQUEST_ID));
    Pii pii = new Pii(config.piiHashKey());
    PhaseTimer timer = new PhaseTimer("erasure");
    Optional<String> failAt = config.get(JobArgs.FAIL_AT);
    HashedTables.requireAllWithKeys(spark, pii);
    refuseWhileSilverIsBehind();
    List<String> hashes = new ArrayList<>();
    request.emails().forEach(e -> hashes.add(pii.hash(e)));
    request.ids().forEach(id -> hashes.add(pii.hash(id)));
    // a request stopped midway is finished by a request for the same person, and only by that:
    // its last tables still hold what ties the person's email to their id
    List<String> resumed = new ArrayList<>();
    List<LocalDate> since = new ArrayList<>();
    for (ErasureLog.Unfinished u : ErasureLog.unfinished(spark)) {
      if (!new java.util.HashSet<>(u.subjectHashes()).equals(new java.util.HashSet<>(hashes))) {
        throw new IllegalStateException("erasure request " + u.requestId() + " stopped midway and names another person: run it"
            + " again with its identifiers first (ops.erasure_log has its subject hashes)");
      }
      resumed.add(u.requestId());
      u.earliest().ifPresent(since::add);
    }
    Subject subject = Subject.resolve(spark, request, pii);
    // the tables whose history holds the person: only theirs is expired, every other table keeps its rollback points
    Set<TableId> held = new LinkedHashSet<>(ErasureLog.tables(spark, resumed));
    held.addAll(goldHolding(subject));
    // a stopped request may have deleted the rows that date the subject: its recorded day counts too
    earliestDate(subject).ifPresent(since::add);
    Optional<LocalDate> earliest = since.stream().min(Comparator.naturalOrder());
    ErasureLog log = new ErasureLog(spark, request, hashes, Timestamp.from(Instant.now()));
    log.started(earliest, "subject resolved to " + subject.describe() + (resumed.isEmpty() ? "" : "; finishing stopped requests " + resumed));
    LOG.info("erasure {}: subject resolved to {}", request.requestId(), subject.describe());
    timer.lap("resolve");

    Map<String, Long> lines = new LinkedHashMap<>();
    Optional<ObjectVersions> versions = ObjectVersions.forLake(config.lakeRoot(), config.get(JobArgs.REPLICA_BUCKET));
    // objects a stopped request rewrote: their old versions may not have been deleted yet
    versions.ifPresent(v -> ErasureLog.objects(spark, resumed).forEach(v::keepOnlyCurrent));
    for (LandedObjects.Rewritten r : new LandedObjects(spark, config.lakeRoot(), config.get(JobArgs.RAW_KMS_KEY_ARN)).erase(subject.textPattern())) {
      lines.put(r.path(), r.linesRemoved());
      log.record("objects", r.path(), r.linesRemoved(), null, null, "rewritten without the subject's lines");
      versions.ifPresent(v -> v.keepOnlyCurrent(r.path()));
    }
    versions.ifPresent(ObjectVersions::close);
    timer.lap("objects");

    Map<String, Long> rows = new LinkedHashMap<>();
    for (TableSpec spec : erasureOrder()) {
      Optional<String> where = subject.predicate(spec);
      if (where.isEmpty()) {
        continue;
      }
      if (failAt.filter(spec.id().toString()::equals).isPresent()) {
        throw new IllegalStateException("erasure stopped before " + spec.id() + ": forced with --" + JobArgs.FAIL_AT);
      }
      long n = delete(spec, where.get(), log);
      if (n > 0) {
        rows.put(spec.id().toString(), n);
        held.add(spec.id());
      }
    }

    timer.lap("tables");
    boolean gold = !rows.isEmpty() || !lines.isEmpty() || !resumed.isEmpty();
    List<TableId> kept = List.of();
    if (gold) {
      recomputeGold(request, subject, earliest, log);
      timer.lap("gold");
      kept = expireHistory(List.copyOf(held));
      timer.lap("history");
    }
    if (!kept.isEmpty()) {
      // not finished: the same request, run after the pipeline has read the append, expires what is left
      log.record("history", kept.toString(), 0, null, null, "history kept: its silver job has not read an append made meanwhile");
      return new Report(request.requestId(), subject.describe(), rows, lines, gold, held.size(), kept);
    }
    // the person stays erased: silver suppresses whatever a source sends of them again
    ErasedSubjects.add(spark, pii, subject.ids(), subject.emails(), request.requestId());
    resumed.forEach(log::finishedEarlier);
    // the pending requests' identifiers go, every version of them
    List<String> done = new ArrayList<>(resumed);
    done.add(request.requestId());
    ErasureRequests.delete(spark, config.lakeRoot(), done);
    try (var v = ObjectVersions.forLake(config.lakeRoot(), config.get(JobArgs.REPLICA_BUCKET)).orElse(null)) {
      if (v != null) {
        v.purgeDeleted(URI.create(config.lakeRoot()).getHost(), dev.lakehouse.contract.layout.LakeLayout.ERASURE_REQUESTS);
      }
    }
    log.record(ErasureLog.FINISHED, "*", rows.values().stream().mapToLong(Long::longValue).sum(), null, null,
        rows.isEmpty() && lines.isEmpty() ? "0 rows: nothing matched" : rows.size() + " tables, " + lines.size() + " landed objects");
    LOG.info("erasure {}: {}", request.requestId(), timer);
    return new Report(request.requestId(), subject.describe(), rows, lines, gold, held.size(), List.of());
  }

  /** Every non-gold table (gold is recomputed), the ones that resolve the subject last. */
  private static List<TableSpec> erasureOrder() {
    return TableRegistry.all().stream().filter(s -> !s.id().namespace().equals(Namespaces.GOLD))
        .sorted(Comparator.comparingInt(s -> RESOLVERS.indexOf(s.id()))).toList();
  }

  /**
   * Deletes the rows, rewriting the files that held them (copy-on-write for this one delete: a
   * merge-on-read delete would only mark them deleted, and the file would keep them). A bronze
   * table's silver job is moved past the delete, which adds no rows.
   */
  private long delete(TableSpec spec, String where, ErasureLog log) {
    TableId t = spec.id();
    long n = spark.sql("SELECT count(*) FROM " + t + " WHERE " + where).first().getLong(0);
    if (n == 0) {
      return 0;
    }
    Long before = TableFiles.currentSnapshotId(spark, t);
    String mode = TableFiles.load(spark, t).properties().getOrDefault("write.delete.mode", "copy-on-write");
    boolean switched = !mode.equals("copy-on-write");
    if (switched) {
      spark.sql("ALTER TABLE " + t + " SET TBLPROPERTIES ('write.delete.mode' = 'copy-on-write')");
    }
    Long after;
    try {
      beforeDelete.accept(t);
      spark.sql("DELETE FROM " + t + " WHERE " + where);
      after = TableFiles.currentSnapshotId(spark, t);
    } finally {
      if (switched) {
        spark.sql("ALTER TABLE " + t + " SET TBLPROPERTIES ('write.delete.mode' = " + Sql.literal(mode) + ")");
      }
    }
    new JobStateStore(spark).advancePastNoRowCommits(t, before, config.runId());
    log.record("table", t.toString(), n, before, after, "deleted");
    LOG.info("erasure: {} rows deleted from {}", n, t);
    return n;
  }

  /**
   * A bronze table's history is expired below, so its silver job must have read all of it: the
   * snapshot it would start from next would be gone, and so would the rows it had not read.
   */
  private void refuseWhileSilverIsBehind() {
    JobStateStore state = new JobStateStore(spark);
    for (Source s : Source.values()) {
      state.unread(s.bronze()).ifPresent(u -> {
        throw new IllegalStateException(s.bronze() + " has rows " + u.job() + " has not processed yet: run the pipeline to the end"
            + " first, then the erasure (it expires the history silver would read them from)");
      });
    }
  }

  /** The gold tables with a row of the subject now (gold is recomputed below, so they are looked for before). */
  private List<TableId> goldHolding(Subject subject) {
    List<TableId> out = new ArrayList<>();
    for (TableSpec spec : TableRegistry.all()) {
      Optional<String> where = spec.id().namespace().equals(Namespaces.GOLD) ? subject.predicate(spec) : Optional.empty();
      if (where.isPresent() && !spark.sql("SELECT 1 FROM " + spec.id() + " WHERE " + where.get() + " LIMIT 1").isEmpty()) {
        out.add(spec.id());
      }
    }
    return out;
  }

  /**
   * The oldest date of the subject's rows that gold derives from (orders, sessions, payments), read
   * before anything is deleted; gold still holds them when a stopped request runs again.
   */
  private Optional<LocalDate> earliestDate(Subject subject) {
    List<String> dates = new ArrayList<>();
    Map<TableId, String> dated = Map.of(Tables.SILVER_ORDERS, "CAST(timestamp AS DATE)",
        Tables.SILVER_CLICKSTREAM, "CAST(event_timestamp AS DATE)", Tables.SILVER_TRANSACTIONS, "CAST(transaction_timestamp AS DATE)",
        Tables.GOLD_ORDER_FACTS, "order_date", Tables.GOLD_USER_SESSION_ANALYSIS, "session_date");
    dated.forEach((t, date) -> subject.predicate(TableRegistry.spec(t))
        .ifPresent(where -> dates.add("SELECT min(" + date + ") AS d FROM " + t + " WHERE " + where)));
    Row min = spark.sql("SELECT CAST(min(d) AS STRING) FROM (" + String.join(" UNION ALL ", dates) + ")").first();
    return min.isNullAt(0) ? Optional.empty() : Optional.of(LocalDate.parse(min.getString(0)));
  }

  /**
   * The subject's rows leave gold's per-order and per-session tables at any date (gold keeps more
   * history than silver), then gold is recomputed from the subject's earliest date, so aggregates
   * over those days and the all-time tables (computed from order facts) no longer count them. Gold
   * never recomputes a day before silver's retention horizon: the daily aggregates of such days keep
   * the subject's share as sums and counts, which name nobody.
   */
  private void recomputeGold(ErasureRequest request, Subject subject, Optional<LocalDate> earliest, ErasureLog log) {
    List<Row> last = spark.sql("SELECT CAST(as_of_date AS STRING) FROM " + Tables.OPS_GOLD_RUNS
        + " WHERE status = 'published' ORDER BY finished_at DESC LIMIT 1").collectAsList();
    if (last.isEmpty()) {
      return; // gold never published: nothing derived yet
    }
    for (TableId t : List.of(Tables.GOLD_ORDER_FACTS, Tables.GOLD_USER_SESSION_ANALYSIS)) {
      Optional<String> where = subject.predicate(TableRegistry.spec(t));
      if (where.isPresent()) {
        delete(TableRegistry.spec(t), where.get(), log);
      }
    }
    LocalDate asOf = LocalDate.parse(last.get(0).getString(0));
    long days = earliest.map(d -> java.time.temporal.ChronoUnit.DAYS.between(d, asOf)).orElse(0L);
    JobConfig gold = config.withDefaults(PipelineJob.GOLD.defaultArguments()).with(JobArgs.AS_OF_DATE, asOf.toString())
        .with(JobArgs.LOOKBACK_DAYS, String.valueOf(Math.max(days, Long.parseLong(PipelineJob.GOLD.defaultArguments()
            .get(JobArgs.LOOKBACK_DAYS))))).with(JobArgs.RUN_ID, "erasure-" + request.requestId());
    LOG.info("erasure: gold recomputed: {}", new GoldJob(spark, gold).run().summary());
  }

  /**
   * Every table that held the subject keeps only its current snapshot; files of the rest are
   * deleted. A file with rows deleted by a merge-on-read delete (gold's MERGE, silver's re-sends)
   * still holds them, so such files are rewritten first. Orphan files are removed when older than
   * {@code --orphan-age-hours}, as maintenance does: a younger one may belong to a write in progress.
   * Tables that never held the subject keep their history and so every rollback point.
   */
  private List<TableId> expireHistory(List<TableId> tables) throws Exception {
    // one table per thread: the steps are mostly metadata reads and file listings, little CPU
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> rewritten = new ArrayList<>();
      for (TableId t : tables) {
        rewritten.add(pool.submit(() -> rewrite(t)));
      }
      // the rewrites committed snapshots that add no rows: a bronze table's silver job moves past them
      // before the older snapshots expire (one job-state commit after another: concurrent ones only conflict)
      JobStateStore state = new JobStateStore(spark);
      for (int i = 0; i < tables.size(); i++) {
        state.advancePastNoRowCommits(tables.get(i), rewritten.get(i).get(), config.runId());
      }
      Instant now = Instant.now(); // after the rewrites: their own intermediate snapshots expire too
      List<Future<?>> expired = new ArrayList<>();
      for (TableId t : tables) {
        expired.add(pool.submit(() -> expire(t, now)));
      }
      for (Future<?> f : expired) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    try (var versions = ObjectVersions.forLake(config.warehouse(), config.get(JobArgs.REPLICA_BUCKET)).orElse(null)) {
      if (versions != null) {
        String bucket = URI.create(config.warehouse()).getHost();
        for (String ns : Namespaces.ALL) {
          versions.purgeDeleted(bucket, ns + "/");
        }
      }
    }
    // an append made during the erasure is not read yet: the snapshot silver reads on from stays, and with it the person
    JobStateStore state = new JobStateStore(spark);
    return tables.stream().filter(t -> state.unread(t).isPresent()).toList();
  }

  /**
   * Rewrites the files with merge-on-read deletes and the manifests (they list removed files with
   * their column bounds: an id or email prefix); returns the snapshot before.
   */
  private Long rewrite(TableId t) {
    Snapshot current = TableFiles.load(spark, t).currentSnapshot();
    if (current != null && Long.parseLong(current.summary().getOrDefault("total-delete-files", "0")) > 0) {
      TableFiles.rewriteFilesWithDeletes(spark, t);
    }
    spark.sql("CALL lakehouse.system.rewrite_manifests(table => '" + t + "')");
    return current == null ? null : current.snapshotId();
  }

  /** Only the current snapshot stays; every file no longer in it is deleted. */
  private void expire(TableId t, Instant now) {
    spark.sql("CALL lakehouse.system.expire_snapshots(table => '" + t + "', older_than => TIMESTAMP '"
        + new JobStateStore(spark).expireBefore(t, now) + "', retain_last => 1)");
    Instant orphansBefore = now.minus(config.getInt(JobArgs.ORPHAN_AGE_HOURS, ORPHAN_AGE_HOURS), java.time.temporal.ChronoUnit.HOURS);
    spark.sql("CALL lakehouse.system.remove_orphan_files(table => '" + t + "', older_than => TIMESTAMP '" + orphansBefore + "')");
  }
}
