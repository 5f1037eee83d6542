package dev.lakehouse.jobs.gold;

import static dev.lakehouse.jobs.quality.QualityRule.Level.ERROR;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.Tables;
import dev.lakehouse.contract.schema.TableRegistry;
import dev.lakehouse.contract.schema.TableSpec;
import dev.lakehouse.jobs.quality.QualityRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit of write–audit–publish: error-level rules per gold table, checked on the branch. */
final class GoldQuality {
  private GoldQuality() {}

  static Map<TableId, List<QualityRule>> rules() {
    Map<TableId, List<QualityRule>> m = new LinkedHashMap<>();
    m.put(Tables.GOLD_ORDER_FACTS, List.of(
        QualityRule.unique(ERROR, "order_id"),
        QualityRule.complete(ERROR, "order_date"),
        QualityRule.satisfies(ERROR, "shipped_after_created", "shipped_at IS NULL OR shipped_at >= created_at", 1.0)));
    m.put(Tables.GOLD_USER_SESSION_ANALYSIS, List.of(
        QualityRule.unique(ERROR, "session_id", "user_id"),
        QualityRule.complete(ERROR, "session_date"),
        QualityRule.nonNegative(ERROR, "session_duration_seconds"),
        QualityRule.satisfies(ERROR, "transaction_flag_consistent", "has_transaction = (transaction_id IS NOT NULL)", 1.0)));
    for (TableId t : java.util.stream.Stream.concat(SalesPerformance.TABLES.stream(), CustomerAnalytics.TABLES.stream()).toList()) {
      TableSpec spec = TableRegistry.spec(t);
      m.put(t, common(spec.requireMergeKeys(), spec.comparedColumns()));
    }
    return m;
  }

  /** Keys unique and complete; money and counts never negative; percentages within 0–100. */
  private static List<QualityRule> common(List<String> keys, List<String> metrics) {
    List<QualityRule> rules = new ArrayList<>();
    rules.add(QualityRule.unique(ERROR, keys.toArray(String[]::new)));
    for (String k : keys) {
      rules.add(QualityRule.complete(ERROR, k));
    }
    for (String c : metrics) {
      if (c.contains("revenue") || c.contains("count") || c.contains("total_") || c.contains("spent")) {
        rules.add(QualityRule.nonNegative(ERROR, c));
      }
      if (c.contains("percentage") || c.endsWith("_rate")) {
        rules.add(QualityRule.satisfies(ERROR, c + "_within_0_100", c + " IS NULL OR (" + c + " >= 0 AND " + c + " <= 100)", 1.0));
      }
    }
    return rules;
  }
}
