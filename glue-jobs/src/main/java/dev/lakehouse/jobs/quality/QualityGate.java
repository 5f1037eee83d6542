package dev.lakehouse.jobs.quality;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analysis;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Compliance;
import com.amazon.deequ.analyzers.InMemoryStateProvider;
import com.amazon.deequ.analyzers.NumMatchesAndCount;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.amazon.deequ.metrics.Metric;
import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Runs declarative rules with Deequ (the engine behind AWS Glue Data Quality) on a batch, writes
 * every constraint result to {@code ops.dq_results}, and throws before anything is committed when
 * an error-level rule fails, naming the rule and the observed value.
 */
public final class QualityGate {
  private final SparkSession spark;

  public QualityGate(SparkSession spark) {
    this.spark = spark;
  }

  /** One evaluated constraint. */
  public record Outcome(QualityRule rule, boolean passed, double observed, String message) {}

  /** The data-quality SLO's numbers of one run: checks evaluated and checks failed (any level). */
  public static Map<String, Double> metrics(List<Outcome> outcomes) {
    return Map.of(dev.lakehouse.contract.pipeline.JobMetrics.QUALITY_CHECKS, (double) outcomes.size(),
        dev.lakehouse.contract.pipeline.JobMetrics.QUALITY_FAILURES, (double) outcomes.stream().filter(o -> !o.passed()).count());
  }

  /**
   * What the caller already knows about uniqueness on {@code columns}: only the {@code rows} (a
   * subset of the batch) can share a value; every other row of the {@code batchRows} is unique.
   * A uniqueness rule on exactly these columns is then checked on those rows alone.
   */
  public record UniquenessCandidates(List<String> columns, Dataset<Row> rows, long batchRows) {}

  /**
   * Counts a job took itself, in a pass it makes anyway, for the rules {@link #isCountable}: of the
   * batch's {@code rows}, {@code matches.get(rule)} count as matches of {@link #matches(QualityRule)}.
   * Deequ turns them into its states and evaluates the checks on those, as it would after its own
   * scan ({@code schema}: the batch's, for the checks' preconditions).
   */
  public record Counted(StructType schema, long rows, Map<QualityRule, Long> matches) {}

  /** One table's batch and the rules it is checked against. */
  public record Batch(TableId target, Dataset<Row> rows, List<QualityRule> rules) {}

  public List<Outcome> verify(String runId, String job, TableId target, Dataset<Row> batch, List<QualityRule> rules) {
    return verify(runId, job, target, batch, rules, null);
  }

  /**
   * Checks several tables' batches, records every result in one write to {@code ops.dq_results}
   * (one commit, not one per table), then throws naming every failed error-level rule of every table.
   */
  public List<Outcome> verifyAll(String runId, String job, List<Batch> batches) {
    Map<TableId, List<Outcome>> byTable = new LinkedHashMap<>();
    for (Batch b : batches) {
      byTable.computeIfAbsent(b.target(), t -> new ArrayList<>()).addAll(evaluate(b.rows(), b.rules()));
    }
    return recordAndEnforce(runId, job, byTable);
  }

  /**
   * As {@link #verify(String, String, TableId, Dataset, List)}; a uniqueness rule covered by
   * {@code candidates} runs on the candidate rows only, sparing a grouping of the whole batch.
   */
  public List<Outcome> verify(
      String runId, String job, TableId target, Dataset<Row> batch, List<QualityRule> rules, UniquenessCandidates candidates) {
    return verify(runId, job, target, batch, rules, candidates, null);
  }

  /**
   * As {@link #verify(String, String, TableId, Dataset, List, UniquenessCandidates)}; the rules in
   * {@code counted} (when given) are evaluated from its counts, with no scan of the batch.
   */
  public List<Outcome> verify(
      String runId, String job, TableId target, Dataset<Row> batch, List<QualityRule> rules, UniquenessCandidates candidates, Counted counted) {
    return verify(runId, job, target, batch, rules, candidates, counted, List.of());
  }

  /** As above, recording {@code measured} (outcomes the job measured itself) with the batch's results. */
  public List<Outcome> verify(
      String runId, String job, TableId target, Dataset<Row> batch, List<QualityRule> rules, UniquenessCandidates candidates, Counted counted,
      List<Outcome> measured) {
    Map<QualityRule, Long> matches = counted == null ? Map.of() : counted.matches();
    List<Outcome> outcomes = new ArrayList<>(evaluateCounted(counted, rules.stream().filter(matches::containsKey).toList()));
    List<QualityRule> onBatch = new ArrayList<>();
    for (QualityRule rule : rules) {
      if (matches.containsKey(rule)) {
        continue;
      }
      if (candidates != null && rule.kind() == QualityRule.Kind.UNIQUE && rule.columns().equals(candidates.columns())) {
        outcomes.add(uniqueAmongCandidates(rule, candidates));
      } else {
        onBatch.add(rule);
      }
    }
    outcomes.addAll(evaluate(batch, onBatch));
    outcomes.sort(java.util.Comparator.comparingInt(o -> rules.indexOf(o.rule()))); // in the rules' order
    outcomes.addAll(measured);
    return recordAndEnforce(runId, job, Map.of(target, outcomes));
  }

  /** Records outcomes a job measured itself (a batch with no rows to check) and enforces them. */
  public List<Outcome> record(String runId, String job, TableId target, List<Outcome> measured) {
    return recordAndEnforce(runId, job, Map.of(target, measured));
  }

  /** Most of a batch rejected is a broken source or format, not bad luck: a warning-level failure, so it is seen. */
  public static final QualityRule ACCEPTED_SHARE =
      QualityRule.satisfies(QualityRule.Level.WARNING, "rows_accepted", "share of the batch's bronze rows not rejected", 0.5);

  public static Outcome acceptedShare(long bronzeRows, long rejectedRows) {
    double share = bronzeRows == 0 ? 1.0 : (bronzeRows - rejectedRows) / (double) bronzeRows;
    boolean passed = share >= ACCEPTED_SHARE.minRatio();
    return new Outcome(ACCEPTED_SHARE, passed, share,
        passed ? "" : rejectedRows + " of " + bronzeRows + " rows rejected: see the rejected table's reason codes");
  }

  /** Whether Deequ measures the rule by counting matching rows in one scan (completeness, compliance). */
  public static boolean isCountable(QualityRule rule) {
    return rule.kind() != QualityRule.Kind.UNIQUE;
  }

  /**
   * The per-row outcome Deequ's analyzer for a {@link #isCountable} rule counts: non-null for
   * completeness, the check's SQL predicate for compliance (a null predicate is no match).
   */
  public static Column matches(QualityRule rule) {
    Analyzer<?, ?> analyzer = onlyAnalyzer(toCheck(rule));
    if (analyzer instanceof Completeness c && c.where().isEmpty()) {
      return org.apache.spark.sql.functions.col(c.column()).isNotNull();
    }
    if (analyzer instanceof Compliance c && c.where().isEmpty()) {
      return org.apache.spark.sql.functions.coalesce(org.apache.spark.sql.functions.expr(c.predicate()), org.apache.spark.sql.functions.lit(false));
    }
    throw new IllegalArgumentException(rule.name() + " is not measured by counting rows (" + analyzer + ")");
  }

  private static Analyzer<?, ?> onlyAnalyzer(Check check) {
    List<Analyzer<?, ?>> analyzers = new ArrayList<>(JavaConverters.seqAsJavaList(check.requiredAnalyzers().toSeq()));
    if (analyzers.size() != 1) {
      throw new IllegalArgumentException("expected one analyzer for " + check.description() + ", found " + analyzers);
    }
    return analyzers.get(0);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private List<Outcome> evaluateCounted(Counted counted, List<QualityRule> rules) {
    if (rules.isEmpty()) {
      return List.of();
    }
    InMemoryStateProvider states = new InMemoryStateProvider();
    List<Check> checks = new ArrayList<>();
    for (QualityRule rule : rules) {
      Check check = toCheck(rule);
      checks.add(check);
      states.persist((Analyzer) onlyAnalyzer(check), new NumMatchesAndCount(counted.matches().get(rule), counted.rows(), Option.empty()));
    }
    VerificationResult result =
        new VerificationSuite().runOnAggregatedStates(
            counted.schema(),
            JavaConverters.asScalaBuffer(checks).toSeq(),
            JavaConverters.asScalaBuffer(List.<com.amazon.deequ.analyzers.StateLoader>of(states)).toSeq(),
            new Analysis(JavaConverters.asScalaBuffer(new ArrayList<Analyzer<?, Metric<?>>>()).toSeq()),
            Option.empty(),
            Option.empty(),
            Option.empty());
    return outcomes(result, checks, rules);
  }

  private List<Outcome> recordAndEnforce(String runId, String job, Map<TableId, List<Outcome>> byTable) {
    write(runId, job, byTable);
    Map<TableId, List<Outcome>> failedErrors = new LinkedHashMap<>();
    List<Outcome> all = new ArrayList<>();
    byTable.forEach((target, outcomes) -> {
      all.addAll(outcomes);
      List<Outcome> failed = outcomes.stream().filter(o -> !o.passed() && o.rule().level() == QualityRule.Level.ERROR).toList();
      if (!failed.isEmpty()) {
        failedErrors.put(target, failed);
      }
    });
    if (!failedErrors.isEmpty()) {
      throw new DataQualityException(failedErrors);
    }
    return all;
  }

  /**
   * Deequ's uniqueness (the share of rows whose value occurs once) measured on the candidates and
   * restated for the whole batch: every non-candidate row counts as unique, so
   * {@code batch ratio = (batchRows - n + ratio × n) / batchRows} for {@code n} candidate rows.
   */
  private Outcome uniqueAmongCandidates(QualityRule rule, UniquenessCandidates candidates) {
    long n = candidates.rows().count();
    if (n == 0) {
      return new Outcome(rule, true, 1.0, "");
    }
    Outcome onCandidates = evaluate(candidates.rows(), List.of(rule)).get(0);
    double uniqueCandidates = onCandidates.observed() * n;
    double observed = (candidates.batchRows() - n + uniqueCandidates) / candidates.batchRows();
    boolean passed = onCandidates.passed() && observed >= rule.minRatio();
    String message = passed ? "" : onCandidates.message() + " (measured on the " + n + " candidate rows; the other " + (candidates.batchRows() - n) + " are unique)";
    return new Outcome(rule, passed, observed, message);
  }

  private List<Outcome> evaluate(Dataset<Row> batch, List<QualityRule> rules) {
    List<Outcome> outcomes = new ArrayList<>();
    if (rules.isEmpty()) {
      return outcomes;
    }
    // One Deequ check per rule, so each result maps back to its rule; Deequ shares the scans.
    VerificationSuite suite = new VerificationSuite();
    var builder = suite.onData(batch);
    List<Check> checks = new ArrayList<>();
    for (QualityRule rule : rules) {
      Check check = toCheck(rule);
      checks.add(check);
      builder = builder.addCheck(check);
    }
    return outcomes(builder.run(), checks, rules);
  }

  private static List<Outcome> outcomes(VerificationResult result, List<Check> checks, List<QualityRule> rules) {
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      CheckResult cr = result.checkResults().apply(checks.get(i));
      for (ConstraintResult c : JavaConverters.seqAsJavaList(cr.constraintResults())) {
        boolean passed = c.status() == ConstraintStatus.Success();
        double observed = observed(c.metric());
        String message = c.message().isDefined() ? c.message().get() : "";
        outcomes.add(new Outcome(rules.get(i), passed, observed, message));
      }
    }
    return outcomes;
  }

  private static double observed(Option<Metric<?>> metric) {
    if (metric.isEmpty() || metric.get().value().isFailure()) {
      return Double.NaN;
    }
    Object v = metric.get().value().get();
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static Check toCheck(QualityRule rule) {
    scala.Enumeration.Value level = rule.level() == QualityRule.Level.ERROR ? CheckLevel.Error() : CheckLevel.Warning();
    Check check = new Check(level, rule.name(), JavaConverters.asScalaBuffer(new ArrayList<com.amazon.deequ.constraints.Constraint>()).toSeq());
    double min = rule.minRatio();
    Function1<Object, Object> atLeast = v -> ((Double) v) >= min;
    return switch (rule.kind()) {
      case COMPLETE -> check.isComplete(rule.columns().get(0), Option.empty(), Option.empty());
      case UNIQUE -> rule.columns().size() == 1
          ? check.isUnique(rule.columns().get(0), Option.empty(), Option.empty())
          : check.isPrimaryKey(
              rule.columns().get(0),
              JavaConverters.asScalaBuffer(rule.columns().subList(1, rule.columns().size())).toSeq());
      case CONTAINED_IN -> check.isContainedIn(rule.columns().get(0), rule.values().toArray(new String[0]));
      case NON_NEGATIVE -> check.isNonNegative(rule.columns().get(0), Check.IsOne(), Option.empty());
      case SATISFIES -> check.satisfies(
          rule.values().get(0),
          rule.name(),
          atLeast,
          Option.empty(),
          scala.collection.immutable.List$.MODULE$.empty(),
          Option.empty());
    };
  }

  private void write(String runId, String job, Map<TableId, List<Outcome>> byTable) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    byTable.forEach((target, outcomes) -> {
      for (Outcome o : outcomes) {
        rows.add(
          RowFactory.create(
              runId,
              job,
              target.toString(),
              o.rule().level().name().toLowerCase(java.util.Locale.ROOT),
              o.rule().name(),
              o.rule().kind().name().toLowerCase(java.util.Locale.ROOT),
              o.passed() ? "Success" : "Failure",
              o.message(),
              o.observed(),
              now));
      }
    });
    if (rows.isEmpty()) {
      return;
    }
    StructType schema = spark.table(Tables.OPS_DQ_RESULTS.toString()).schema();
    try {
      spark.createDataFrame(rows, schema).writeTo(Tables.OPS_DQ_RESULTS.toString()).append();
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("ops.dq_results is missing: run the migrate step first", e);
    }
  }

  /** An error-level data-quality rule failed; nothing was committed to the target table. */
  public static final class DataQualityException extends IllegalStateException {
    private final transient List<Outcome> failures;

    public DataQualityException(Map<TableId, List<Outcome>> failuresByTable) {
      super(describe(failuresByTable));
      this.failures = failuresByTable.values().stream().flatMap(List::stream).toList();
    }

    public List<Outcome> failures() {
      return failures;
    }

    private static String describe(Map<TableId, List<Outcome>> failuresByTable) {
      return failuresByTable.entrySet().stream().map(e -> describe(e.getKey(), e.getValue())).collect(java.util.stream.Collectors.joining("\n"));
    }

    private static String describe(TableId target, List<Outcome> failures) {
      StringBuilder sb = new StringBuilder("Data quality failed for ").append(target).append(", nothing committed:");
      for (Outcome o : failures) {
        sb.append("\n  - ").append(o.rule().name()).append(": observed ")
            .append(String.format(java.util.Locale.ROOT, "%.4f", o.observed()))
            .append(", required ").append(o.rule().minRatio());
        if (!o.message().isEmpty()) {
          sb.append(" (").append(o.message()).append(')');
        }
      }
      return sb.toString();
    }
  }
}
