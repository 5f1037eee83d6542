package dev.lakehouse.jobs.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contract.Source;
import dev.lakehouse.jobs.silver.ClickstreamSilverJob;
import dev.lakehouse.jobs.support.LakeFixture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QualityGateTest {
  private final LakeFixture lake = LakeFixture.get();

  @BeforeEach
  void reset() {
    lake.reset();
  }

  @Test
  void recordsEveryConstraintAndFailsOnAnErrorNamingTheRuleAndTheValue() {
    var batch = lake.spark().sql("SELECT * FROM VALUES ('a', 1), ('a', 2), ('b', -1), (NULL, 3) AS t(id, amount)");
    List<QualityRule> rules = List.of(
        QualityRule.complete(QualityRule.Level.WARNING, "id"),
        QualityRule.nonNegative(QualityRule.Level.ERROR, "amount"),
        QualityRule.satisfies(QualityRule.Level.ERROR, "small", "amount < 10", 1.0));

    assertThatThrownBy(() -> new QualityGate(lake.spark()).verify("run-1", "test", Source.CLICKSTREAM.silver(), batch, rules))
        .isInstanceOf(QualityGate.DataQualityException.class)
        .hasMessageContaining("non_negative(amount): observed 0.7500, required 1.0")
        .hasMessageNotContaining("small:");

    // 3 of 4 ids present -> completeness 0.75 (warning); 3 of 4 amounts >= 0 -> 0.75 (error); all < 10 -> 1.0
    assertThat(lake.rows("SELECT constraint_name, check_level, status, metric_value FROM ops.dq_results WHERE run_id = 'run-1' ORDER BY check_description"))
        .extracting(r -> r.getString(0) + " " + r.getString(1) + " " + r.getString(2) + " " + r.getDouble(3))
        .containsExactly(
            "complete warning Failure 0.75",
            "non_negative error Failure 0.75",
            "satisfies error Success 1.0");
  }

  @Test
  void checkingSeveralTablesRecordsEveryResultInOneCommitAndNamesEveryFailure() {
    var gate = new QualityGate(lake.spark());
    var good = lake.spark().sql("SELECT * FROM VALUES ('a', 1), ('b', 2) AS t(id, amount)");
    var bad = lake.spark().sql("SELECT * FROM VALUES ('a', -1), ('b', 2), ('c', 3), ('d', -4) AS t(id, amount)");
    List<QualityRule> rules = List.of(QualityRule.nonNegative(QualityRule.Level.ERROR, "amount"));
    long commitsBefore = lake.rows("SELECT * FROM ops.dq_results.snapshots").size();

    assertThatThrownBy(() -> gate.verifyAll("run-all", "test", List.of(
            new QualityGate.Batch(Source.ORDERS.silver(), good, rules),
            new QualityGate.Batch(Source.CLICKSTREAM.silver(), bad, rules),
            new QualityGate.Batch(Source.USERS.silver(), bad, rules))))
        .isInstanceOf(QualityGate.DataQualityException.class)
        // 2 of 4 amounts >= 0 in each bad batch -> 0.5
        .hasMessageContaining("Data quality failed for " + Source.CLICKSTREAM.silver() + ", nothing committed:\n  - non_negative(amount): observed 0.5000")
        .hasMessageContaining("Data quality failed for " + Source.USERS.silver() + ", nothing committed:")
        .hasMessageNotContaining(Source.ORDERS.silver().toString())
        .satisfies(e -> assertThat(((QualityGate.DataQualityException) e).failures()).hasSize(2));

    assertThat(lake.rows("SELECT table_name, status, metric_value FROM ops.dq_results WHERE run_id = 'run-all'"))
        .extracting(r -> r.getString(0) + " " + r.getString(1) + " " + r.getDouble(2))
        .containsExactlyInAnyOrder(
            Source.ORDERS.silver() + " Success 1.0",
            Source.CLICKSTREAM.silver() + " Failure 0.5",
            Source.USERS.silver() + " Failure 0.5");
    assertThat(lake.rows("SELECT * FROM ops.dq_results.snapshots")).hasSize((int) commitsBefore + 1);
  }

  @Test
  void aUniquenessRuleCheckedOnCandidateRowsReportsTheWholeBatchesRatio() {
    var batch = lake.spark().sql("SELECT * FROM VALUES ('a', 1), ('a', 2), ('b', 3), ('c', 4), ('d', 5) AS t(id, n)");
    // 'a' twice, 'b' as a candidate that turns out unique (a hash collision would add it).
    var candidates = batch.where("id IN ('a', 'b')");
    List<QualityRule> rules = List.of(QualityRule.unique(QualityRule.Level.ERROR, "id"));
    QualityGate gate = new QualityGate(lake.spark());

    // Rows whose id occurs once: b, c, d = 3 of 5 -> 0.6, on the whole batch and via the candidates.
    assertThatThrownBy(() -> gate.verify("run-full", "test", Source.CLICKSTREAM.silver(), batch, rules))
        .hasMessageContaining("unique(id): observed 0.6000");
    assertThatThrownBy(() -> gate.verify("run-cand", "test", Source.CLICKSTREAM.silver(), batch, rules,
            new QualityGate.UniquenessCandidates(List.of("id"), candidates, 5)))
        .hasMessageContaining("unique(id): observed 0.6000")
        .hasMessageContaining("3 candidate rows");
    // No candidates: nothing can repeat.
    assertThat(gate.verify("run-none", "test", Source.CLICKSTREAM.silver(), batch.where("id <> 'a'"), rules,
            new QualityGate.UniquenessCandidates(List.of("id"), candidates.where("false"), 3)))
        .extracting(o -> o.passed() + " " + o.observed())
        .containsExactly("true 1.0");
    assertThat(lake.rows("SELECT run_id, status, metric_value FROM ops.dq_results ORDER BY run_id"))
        .extracting(r -> r.getString(0) + " " + r.getString(1) + " " + r.getDouble(2))
        .containsExactly("run-cand Failure 0.6", "run-full Failure 0.6", "run-none Success 1.0");
  }

  @Test
  void rulesCountedInAnotherPassAreEvaluatedAsDeequWouldOnTheBatch() {
    var batch = lake.spark().sql("SELECT * FROM VALUES ('a', 1, 'x'), ('a', 2, 'y'), ('b', -1, 'x'), (NULL, 3, 'z') AS t(id, amount, kind)");
    List<QualityRule> rules = List.of(
        QualityRule.complete(QualityRule.Level.WARNING, "id"),
        QualityRule.nonNegative(QualityRule.Level.WARNING, "amount"),
        QualityRule.containedIn(QualityRule.Level.WARNING, "kind", List.of("x", "y")),
        QualityRule.satisfies(QualityRule.Level.WARNING, "small", "amount < 3", 1.0),
        QualityRule.unique(QualityRule.Level.WARNING, "amount")); // not countable: scanned on the batch
    QualityGate gate = new QualityGate(lake.spark());
    // What a job counts in its own pass: the rows matching each countable rule, summed.
    Map<QualityRule, Long> matches = new LinkedHashMap<>();
    for (QualityRule rule : rules) {
      if (QualityGate.isCountable(rule)) {
        matches.put(rule, batch.where(QualityGate.matches(rule)).count());
      }
    }
    assertThat(matches.values()).containsExactly(3L, 3L, 3L, 3L); // by hand: one row misses each

    var counted = gate.verify("run-counted", "test", Source.CLICKSTREAM.silver(), batch, rules, null,
        new QualityGate.Counted(batch.schema(), 4, matches));
    var scanned = gate.verify("run-scanned", "test", Source.CLICKSTREAM.silver(), batch, rules);

    assertThat(counted).extracting(o -> o.rule().name() + " " + o.passed() + " " + o.observed())
        .containsExactly(
            "complete(id) false 0.75",
            "non_negative(amount) false 0.75",
            "contained_in(kind) false 0.75",
            "small false 0.75",
            "unique(amount) true 1.0");
    assertThat(counted).extracting(o -> o.rule().name() + " " + o.passed() + " " + o.observed() + " " + o.message())
        .containsExactlyElementsOf(scanned.stream().map(o -> o.rule().name() + " " + o.passed() + " " + o.observed() + " " + o.message()).toList());
  }

  @Test
  void theSilverJobsCountsLeaveOutTheDuplicatesItDrops() {
    // e1 twice: the earlier copy (dropped by the dedup) is a purchase, the kept one a click.
    lake.land(Source.CLICKSTREAM, "year=2026/month=11/day=01/hour=10/a.jsonl",
        "{\"event_id\":\"e1\",\"session_id\":\"s1\",\"user_id\":\"u1\",\"event_type\":\"purchase\",\"event_timestamp\":\"2026-11-01T10:00:00Z\"}\n"
            + "{\"event_id\":\"e1\",\"session_id\":\"s1\",\"user_id\":\"u1\",\"event_type\":\"click\",\"event_timestamp\":\"2026-11-01T10:05:00Z\"}\n"
            + "{\"event_id\":\"e2\",\"session_id\":\"s1\",\"user_id\":\"u1\",\"event_type\":\"purchase\",\"event_timestamp\":\"2026-11-01T10:06:00Z\"}\n");
    lake.runBronze(Source.CLICKSTREAM);
    ClickstreamSilverJob strict = onlyPurchasesJob();

    // Silver would hold e1 (click) and e2 (purchase): 1 of 2. Counting the dropped copy would say 2 of 2.
    assertThatThrownBy(strict::run).hasMessageContaining("only_purchases: observed 0.5000");
    assertThat(lake.rows("SELECT metric_value FROM ops.dq_results WHERE constraint_name = 'satisfies' AND check_level = 'error' AND status = 'Failure'"))
        .extracting(r -> r.getDouble(0))
        .containsExactly(0.5);
    assertThat(lake.count("silver.clickstream_events")).isZero();
  }

  @Test
  void aFailingErrorRuleStopsTheSilverJobBeforeItCommits() {
    lake.land(Source.CLICKSTREAM, "year=2026/month=11/day=01/hour=10/a.jsonl",
        "{\"event_id\":\"e1\",\"session_id\":\"s1\",\"user_id\":\"u1\",\"event_type\":\"click\",\"event_timestamp\":\"2026-11-01T10:00:00Z\"}\n");
    lake.runBronze(Source.CLICKSTREAM);
    ClickstreamSilverJob strict = onlyPurchasesJob();

    assertThatThrownBy(strict::run).hasMessageContaining("only_purchases: observed 0.0000");

    assertThat(lake.count("silver.clickstream_events")).isZero();
    assertThat(lake.count("ops.reconciliation")).isZero();
    assertThat(lake.count("ops.job_state")).isZero(); // the bronze range will be processed again
    assertThat(lake.rows("SELECT count(*) FROM ops.dq_results WHERE status = 'Failure' AND check_level = 'error'").get(0).getLong(0)).isEqualTo(1);
    // Once the rule is fixed, the same bronze rows go through.
    assertThat(new ClickstreamSilverJob(lake.spark(), lake.config()).run().counts().silverRows()).isEqualTo(1);
  }

  /** The clickstream silver job with one more error-level rule: every event is a purchase. */
  private ClickstreamSilverJob onlyPurchasesJob() {
    return new ClickstreamSilverJob(lake.spark(), lake.config()) {
      @Override
      protected List<QualityRule> qualityRules() {
        List<QualityRule> rules = new ArrayList<>(super.qualityRules());
        rules.add(QualityRule.satisfies(QualityRule.Level.ERROR, "only_purchases", "event_type = 'purchase'", 1.0));
        return rules;
      }
    };
  }
}
