package dev.lakehouse.jobs.quality;

import java.util.List;

/**
 * One declarative data-quality rule on a batch bound for a silver table. An {@code ERROR} rule
 * that fails stops the job before it commits; a {@code WARNING} is recorded only.
 */
public record QualityRule(Level level, Kind kind, List<String> columns, List<String> values, double minRatio, String name) {
  public enum Level { ERROR, WARNING }

  public enum Kind { COMPLETE, UNIQUE, CONTAINED_IN, NON_NEGATIVE, SATISFIES }

  public static QualityRule complete(Level level, String column) {
    return new QualityRule(level, Kind.COMPLETE, List.of(column), List.of(), 1.0, "complete(" + column + ")");
  }

  /** The listed columns together are unique (a primary key). */
  public static QualityRule unique(Level level, String... columns) {
    return new QualityRule(level, Kind.UNIQUE, List.of(columns), List.of(), 1.0, "unique(" + String.join(",", columns) + ")");
  }

  public static QualityRule containedIn(Level level, String column, List<String> allowed) {
    return new QualityRule(level, Kind.CONTAINED_IN, List.of(column), allowed, 1.0, "contained_in(" + column + ")");
  }

  public static QualityRule nonNegative(Level level, String column) {
    return new QualityRule(level, Kind.NON_NEGATIVE, List.of(column), List.of(), 1.0, "non_negative(" + column + ")");
  }

  /** A SQL predicate that at least {@code minRatio} of the rows satisfy. */
  public static QualityRule satisfies(Level level, String name, String sqlPredicate, double minRatio) {
    return new QualityRule(level, Kind.SATISFIES, List.of(), List.of(sqlPredicate), minRatio, name);
  }
}
