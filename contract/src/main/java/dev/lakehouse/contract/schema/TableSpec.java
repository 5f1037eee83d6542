package dev.lakehouse.contract.schema;

import dev.lakehouse.contract.TableId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The single declaration of a table: columns, Iceberg partition transforms and table properties.
 * Jobs create and evolve tables from it (a migrate step); infra and docs read it.
 */
public final class TableSpec {
  /** Properties every table carries: Iceberg v2, Parquet + zstd, and the row-level write modes. */
  public static final Map<String, String> BASE_PROPERTIES = baseProperties();

  private static Map<String, String> baseProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("format-version", "2");
    p.put("write.format.default", "parquet");
    p.put("write.parquet.compression-codec", "zstd");
    // zstd level 1: about snappy's speed with better ratios; these tables are written every run.
    p.put("write.parquet.compression-level", "1");
    // Parquet dictionary-encodes every string column until its dictionary reaches this size. For
    // the many unique columns (ids, raw records, hashes) that is wasted work: 2 MB (the default) of
    // values per file went through the dictionary's hash map first, a fifth of a bronze append's
    // CPU when profiled. 64 KB still keeps codes, statuses, cities and product ids dictionary-encoded.
    p.put("write.parquet.dict-size-bytes", "65536");
    return Collections.unmodifiableMap(p);
  }

  private final TableId id;
  private final String comment;
  private final List<Column> columns;
  private final List<String> partitionFields;
  private final Map<String, String> properties;
  private final List<String> mergeKeys;
  private final Optional<String> timeColumn;
  private final List<String> sourceFields;
  private final List<String> notCompared;

  private TableSpec(Builder b) {
    this.id = b.id;
    this.comment = b.comment;
    this.columns = List.copyOf(b.columns);
    this.partitionFields = List.copyOf(b.partitionFields);
    Map<String, String> props = new LinkedHashMap<>(BASE_PROPERTIES);
    props.putAll(b.properties);
    this.properties = Collections.unmodifiableMap(props);
    this.mergeKeys = List.copyOf(b.mergeKeys);
    this.timeColumn = Optional.ofNullable(b.timeColumn);
    this.sourceFields = List.copyOf(b.sourceFields);
    this.notCompared = List.copyOf(b.notCompared);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("Table " + id + " declares no columns");
    }
    long distinct = columns.stream().map(Column::name).distinct().count();
    if (distinct != columns.size()) {
      throw new IllegalArgumentException("Table " + id + " declares a column twice");
    }
    List<String> named = new ArrayList<>(mergeKeys);
    timeColumn.ifPresent(named::add);
    named.addAll(notCompared);
    for (String n : named) {
      if (column(n).isEmpty()) {
        throw new IllegalArgumentException("Table " + id + " names a key, time or untracked column it lacks: " + n);
      }
    }
  }

  public static Builder builder(TableId id) {
    return new Builder(id);
  }

  public TableId id() {
    return id;
  }

  public String comment() {
    return comment;
  }

  public List<Column> columns() {
    return columns;
  }

  public Optional<Column> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  /** Iceberg partition transforms, e.g. {@code days(event_timestamp)} or {@code status}. */
  public List<String> partitionFields() {
    return partitionFields;
  }

  public Map<String, String> properties() {
    return properties;
  }

  /** The columns that identify a row: the MERGE / dedup key. Empty for append-only tables. */
  public List<String> mergeKeys() {
    return mergeKeys;
  }

  /** The mergeKeys, failing when the table has none (a job that MERGEs into it needs them). */
  public List<String> requireMergeKeys() {
    if (mergeKeys.isEmpty()) {
      throw new IllegalStateException("Table " + id + " declares no merge keys");
    }
    return mergeKeys;
  }

  /**
   * The column that places a row in time, with good file-level min/max statistics: silver MERGEs
   * prune their target by it, gold refreshes and audits the window by it.
   */
  public Optional<String> timeColumn() {
    return timeColumn;
  }

  /** Bronze: the received record's fields, in order, parsed as text (between raw_value and parse_error). */
  public List<String> sourceFields() {
    return sourceFields;
  }

  /** Columns whose change makes an update: every column but the keys and write metadata (e.g. processing time). */
  public List<String> comparedColumns() {
    return columns.stream().map(Column::name).filter(c -> !mergeKeys.contains(c) && !notCompared.contains(c)).toList();
  }

  /**
   * {@code CREATE TABLE IF NOT EXISTS} for this table.
   *
   * @param location explicit table location (Glue); empty for catalogs that place tables themselves
   */
  public String createTableSql(Optional<String> location) {
    StringBuilder sb = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(id).append(" (\n  ");
    sb.append(columns.stream().map(Column::ddl).collect(Collectors.joining(",\n  ")));
    sb.append("\n) USING iceberg");
    if (!comment.isEmpty()) {
      sb.append("\nCOMMENT '").append(comment.replace("'", "\\'")).append('\'');
    }
    if (!partitionFields.isEmpty()) {
      sb.append("\nPARTITIONED BY (").append(String.join(", ", partitionFields)).append(')');
    }
    location.ifPresent(l -> sb.append("\nLOCATION '").append(l).append('\''));
    sb.append("\nTBLPROPERTIES (")
        .append(
            properties.entrySet().stream()
                .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
                .collect(Collectors.joining(", ")))
        .append(')');
    return sb.toString();
  }

  @Override
  public String toString() {
    return id.toString();
  }

  /** Fluent builder; columns are declared in order. */
  public static final class Builder {
    private final TableId id;
    private String comment = "";
    private final List<Column> columns = new ArrayList<>();
    private final List<String> partitionFields = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> mergeKeys = new ArrayList<>();
    private String timeColumn;
    private final List<String> sourceFields = new ArrayList<>();
    private final List<String> notCompared = new ArrayList<>();

    private Builder(TableId id) {
      this.id = id;
    }

    public Builder comment(String comment) {
      this.comment = comment;
      return this;
    }

    public Builder column(String name, String type, String comment) {
      columns.add(new Column(name, type, true, comment));
      return this;
    }

    /** A field of the received record (bronze), kept as text. */
    public Builder sourceField(String name, String type, String comment) {
      sourceFields.add(name);
      return column(name, type, comment);
    }

    public Builder mergeKeys(String... names) {
      mergeKeys.addAll(List.of(names));
      return this;
    }

    public Builder timeColumn(String name) {
      timeColumn = name;
      return this;
    }

    /** Write metadata, not compared when deciding whether a row changed. */
    public Builder notCompared(String... names) {
      notCompared.addAll(List.of(names));
      return this;
    }

    public Builder required(String name, String type, String comment) {
      columns.add(new Column(name, type, false, comment));
      return this;
    }

    public Builder columns(List<Column> more) {
      columns.addAll(more);
      return this;
    }

    public Builder partitionedBy(String... fields) {
      partitionFields.addAll(List.of(fields));
      return this;
    }

    public Builder properties(Map<String, String> more) {
      new java.util.TreeMap<>(more).forEach(properties::put);
      return this;
    }

    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    public TableSpec build() {
      return new TableSpec(this);
    }
  }
}
