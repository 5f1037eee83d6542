package dev.lakehouse.jobs.gold;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.pipeline.JobArgs;
import dev.lakehouse.contract.pipeline.PipelineJob;
import dev.lakehouse.contract.schema.TableRegistry;
import dev.lakehouse.jobs.LakehouseJob;
import dev.lakehouse.jobs.config.JobConfig;
import dev.lakehouse.jobs.ops.Sql;
import dev.lakehouse.jobs.quality.QualityGate;
import dev.lakehouse.jobs.quality.QualityRule;
import dev.lakehouse.jobs.retention.RetentionHorizon;
import dev.lakehouse.jobs.silver.PhaseTimer;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Silver → gold, all fourteen gold tables in one run. Arguments: {@code --as-of-date} (default
 * today, UTC) and {@code --lookback-days} (default 2). The first run recomputes all history;
 * later runs recompute the look-back window, reaching further back to the earliest date that the
 * silver rows written since the last published run touch ({@link SilverChanges}), so late data
 * and outages longer than the look-back lose nothing.
 *
 * <p>Write–audit–publish: every table is merged on an audit branch, every branch is checked
 * (errors stop the run), and only then is {@code main} fast-forwarded, table by table. A run that
 * fails or dies before publishing leaves published gold exactly as it was; the next run, which
 * recomputes the same window from silver, completes the work. A run that dies while publishing
 * has journalled it first ({@code publishing} in {@code ops.gold_runs}): the next run starts by
 * fast-forwarding the tables still behind their audited branch ({@link PendingPublish}).
 */
public final class GoldJob implements LakehouseJob {
  static final String JOB = PipelineJob.GOLD.id();
  private static final int DEFAULT_LOOKBACK_DAYS = Integer.parseInt(PipelineJob.GOLD.defaultArguments().get(JobArgs.LOOKBACK_DAYS));
  private static final double DEFAULT_MAX_DELETE_SHARE = Double.parseDouble(PipelineJob.GOLD.defaultArguments().get(JobArgs.MAX_DELETE_SHARE));
  /** So few deletions pass whatever their share (one erased customer's only day of a product). */
  private static final long DELETES_ALWAYS_ALLOWED = 10;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GoldJob.class);

  /** Every gold table, in the order they are built (order facts first: the others read it). */
  public static final List<TableId> TABLES = tables();

  public record Result(String runId, LocalDate windowStart, boolean backfill, LateData late, int tablesPublished,
      List<QualityGate.Outcome> quality, List<String> completedInterruptedRuns) implements LakehouseJob.Outcome {
    @Override
    public String summary() {
      return tablesPublished + " tables published from " + windowStart + (backfill ? " (first run: all history)" : "")
          + "; late rows applied from before the look-back: orders " + lateOrders() + ", clickstream " + lateClickstream() + ", transactions "
          + lateTransactions()
          + (late.beyondHorizon() > 0 ? "; " + late.beyondHorizon() + " changed silver rows dated before silver's retention horizon"
              + " (" + windowStart + ") not applied: gold keeps those days as they are" : "");
    }

    @Override
    public Map<String, Double> metrics() {
      Map<String, Double> m = new java.util.LinkedHashMap<>(QualityGate.metrics(quality));
      m.put("TablesPublished", (double) tablesPublished);
      m.put("LateRows", (double) (lateOrders() + lateClickstream() + lateTransactions()));
      m.put("RowsBeyondHorizon", (double) late.beyondHorizon());
      return m;
    }

    /** A run that ends has every gold table current with silver, published or found unchanged: the freshness SLO's signal. */
    @Override
    public Map<String, Map<String, Double>> tableMetrics() {
      Map<String, Map<String, Double>> m = new java.util.LinkedHashMap<>();
      TABLES.forEach(t -> m.put(t.toString(), Map.of(dev.lakehouse.contract.pipeline.JobMetrics.REFRESHED, 1.0)));
      return m;
    }

    public long lateOrders() {
      return late.orders();
    }

    public long lateClickstream() {
      return late.clickstream();
    }

    public long lateTransactions() {
      return late.transactions();
    }
  }

  private final SparkSession spark;
  private final JobConfig config;
  private Map<String, Double> phases = Map.of();

  public GoldJob(SparkSession spark, JobConfig config) {
    this.spark = spark;
    this.config = config;
  }

  private static List<TableId> tables() {
    List<TableId> t = new ArrayList<>();
    t.add(Tables.GOLD_ORDER_FACTS);
    t.addAll(SalesPerformance.TABLES);
    t.addAll(CustomerAnalytics.TABLES);
    t.add(Tables.GOLD_USER_SESSION_ANALYSIS);
    return List.copyOf(t);
  }

  @Override
  public Result run() {
    Timestamp startedAt = Timestamp.from(Instant.now());
    LocalDate asOf = config.get(JobArgs.AS_OF_DATE).map(LocalDate::parse).orElse(LocalDate.now(ZoneOffset.UTC));
    int lookback = config.getInt(JobArgs.LOOKBACK_DAYS, DEFAULT_LOOKBACK_DAYS);
    if (lookback < 0) {
      throw new IllegalArgumentException("Job argument --lookback-days must not be negative, got " + lookback);
    }
    // An earlier run that died while publishing is completed first: its window then counts as published.
    List<String> completed = PendingPublish.complete(spark, TABLES);
    Optional<Timestamp> previous = previousRun();
    boolean backfill = previous.isEmpty() || config.get(JobArgs.BACKFILL).map(Boolean::parseBoolean).orElse(false);
    LocalDate start = backfill ? LocalDate.of(1970, 1, 1) : asOf.minusDays(lookback);
    Optional<LocalDate> horizon = RetentionHorizon.silver(spark);
    GoldWindow lookbackWindow = new GoldWindow(config.runId(), asOf, start, backfill, previous).notBefore(horizon);

    PhaseTimer timer = new PhaseTimer(JOB);
    AuditBranch.dropStale(spark, TABLES);
    timer.lap("stale-branches");
    LateData late = LateData.NONE;
    GoldWindow window = lookbackWindow;
    if (!backfill) {
      // late data is applied, not only counted: the window reaches back to the earliest date silver changed
      SilverChanges changes = SilverChanges.since(spark, previous.get(), lookbackWindow.start(), horizon);
      late = changes.late();
      window = lookbackWindow.reachingBack(changes.earliest()).notBefore(horizon);
    }
    timer.lap("late-data");
    AuditBranch branch = new AuditBranch(spark, window.runId());
    List<QualityGate.Outcome> outcomes = new ArrayList<>();
    int changedCount;
    boolean publishing = false;
    try {
      OrderFacts.refresh(spark, window, branch);
      timer.lap("order-facts");
      SalesPerformance.refresh(spark, window, branch);
      OrderFacts.release(spark);
      timer.lap("sales");
      CustomerAnalytics.refresh(spark, window, branch);
      timer.lap("customers");
      SessionAnalysis.refresh(spark, window, branch);
      timer.lap("sessions");
      failpoint("before-audit");
      outcomes.addAll(audit(window, branch));
      timer.lap("audit");
      failpoint("before-publish");
      changedCount = branch.changed().size();
      if (changedCount > 0) {
        // the journal entry: from here on this run is rolled forward, never discarded
        record(window, startedAt, late, PendingPublish.PUBLISHING, changedCount, "audited; fast-forwarding main");
        publishing = true;
      }
      branch.publish(t -> failpoint("mid-publish"));
      timer.lap("publish");
    } catch (RuntimeException e) {
      OrderFacts.release(spark);
      if (publishing) {
        // audited branches and the journal stay: the next gold run completes this publish
        record(window, startedAt, late, "failed", 0, "interrupted while publishing; the next run completes it: " + e.getMessage());
        throw e;
      }
      branch.discard();
      record(window, startedAt, late, "failed", 0, String.valueOf(e.getMessage()));
      throw e;
    }
    int published = changedCount;
    record(window, startedAt, late, PendingPublish.PUBLISHED, published, "");
    timer.lap("record");
    phases = timer.phases();
    LOG.info("gold run {}: window from {}, {} tables published | {}", window.runId(), window.start(), published, timer);
    return new Result(window.runId(), window.start(), backfill, late, published, outcomes, completed);
  }

  /** Seconds per phase of the last run (for benchmarks and logs). */
  public Map<String, Double> phases() {
    return phases;
  }

  /**
   * Checks each branch the run wrote: windowed tables on the window's rows, the small all-time
   * tables whole. A table the run did not change still equals what an earlier audit passed.
   */
  private List<QualityGate.Outcome> audit(GoldWindow w, AuditBranch branch) {
    refuseMassDeletes(w, branch);
    List<QualityGate.Batch> batches = new ArrayList<>();
    for (Map.Entry<TableId, List<QualityRule>> e : GoldQuality.rules().entrySet()) {
      if (!branch.changed().contains(e.getKey())) {
        continue;
      }
      Dataset<Row> rows = spark.table(branch.of(e.getKey()));
      Optional<String> timeColumn = TableRegistry.spec(e.getKey()).timeColumn();
      if (timeColumn.isPresent()) {
        rows = rows.where(timeColumn.get() + " >= " + w.startDateSql());
      }
      if (rows.isEmpty()) {
        continue; // Deequ fails every constraint on an empty frame; there is nothing to check
      }
      batches.add(new QualityGate.Batch(e.getKey(), rows, e.getValue()));
    }
    // every changed table checked and recorded, then the run stops if any error-level rule failed
    return new QualityGate(spark).verifyAll(w.runId(), JOB, batches);
  }

  /**
   * A run that would delete more than {@code --max-delete-share} of a table's rows in its window
   * stops before publishing: gold rows vanish in bulk only when silver lost what they came from.
   */
  private void refuseMassDeletes(GoldWindow w, AuditBranch branch) {
    double allowed = config.getShare(JobArgs.MAX_DELETE_SHARE, DEFAULT_MAX_DELETE_SHARE);
    for (AuditBranch.Deletion d : branch.deletions()) {
      if (d.deleted() > DELETES_ALWAYS_ALLOWED && d.share() > allowed) {
        throw new IllegalStateException(String.format(java.util.Locale.ROOT, "gold audit: %s would lose %d of its %d rows from %s on"
            + " (%.1f %%, more than --%s %s allows): nothing published. Does silver still hold what they were computed from?"
            + " A deliberate removal runs with a higher --%s.", d.table(), d.deleted(), d.inScope(), w.start(), d.share() * 100,
            JobArgs.MAX_DELETE_SHARE, allowed, JobArgs.MAX_DELETE_SHARE));
      }
    }
  }

  /**
   * Test hook: {@code --fail-at before-audit|before-publish|mid-publish} simulates a crash at that
   * point ({@code mid-publish}: after the first table was fast-forwarded).
   */
  private void failpoint(String name) {
    if (config.get(JobArgs.FAIL_AT).map(name::equals).orElse(false)) {
      throw new IllegalStateException("injected failure at " + name);
    }
  }

  private Optional<Timestamp> previousRun() {
    List<Row> r = spark.sql("SELECT max(started_at) FROM " + Tables.OPS_GOLD_RUNS + " WHERE status = 'published'").collectAsList();
    return r.isEmpty() || r.get(0).isNullAt(0) ? Optional.empty() : Optional.of(r.get(0).getTimestamp(0));
  }

  private void record(GoldWindow w, Timestamp startedAt, LateData late, String status, int published, String message) {
    spark.sql("INSERT INTO " + Tables.OPS_GOLD_RUNS + " VALUES (" + Sql.literal(w.runId()) + ", " + w.asOfSql() + ", "
        + w.startDateSql() + ", " + Sql.timestamp(startedAt) + ", current_timestamp(), " + Sql.literal(status) + ", "
        + late.orders() + ", " + late.clickstream() + ", " + late.transactions() + ", " + published + ", "
        + Sql.literal(message.length() > 2000 ? message.substring(0, 2000) : message) + ", " + late.beyondHorizon() + ")");
  }
}
