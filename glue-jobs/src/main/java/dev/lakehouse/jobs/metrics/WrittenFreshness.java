package dev.lakehouse.jobs.metrics;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.schema.TableRegistry;
import dev.lakehouse.contract.schema.TableSpec;
import dev.lakehouse.jobs.catalog.TableFiles;
import dev.lakehouse.jobs.lineage.TableActivity;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;

/**
 * The freshness of what a job wrote: per table with a time column ({@link TableSpec#timeColumn()}),
 * how old the newest row its commits added is when the job ends. Read from the upper bounds Iceberg
 * keeps for every data file the job's snapshots added, so no data is scanned; a date column counts
 * from the start of its day.
 */
final class WrittenFreshness {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WrittenFreshness.class);

  private WrittenFreshness() {}

  /** Seconds from each table's newest written row to {@code now}, by table. */
  static Map<String, Double> newestRowAgeSeconds(SparkSession spark, Map<String, TableActivity.Written> writes, Instant now) {
    Map<String, Double> ages = new TreeMap<>();
    writes.forEach((table, written) -> {
      try {
        newestRow(spark, table, written).ifPresent(newest -> ages.put(table, (now.toEpochMilli() - newest.toEpochMilli()) / 1000.0));
      } catch (RuntimeException e) {
        // a metric must not fail the job that wrote the data
        LOG.warn("no freshness for {}: {}", table, e.toString());
      }
    });
    return ages;
  }

  private static Optional<Instant> newestRow(SparkSession spark, String table, TableActivity.Written written) {
    TableId id = TableId.of(table);
    Optional<String> column = TableRegistry.all().stream().filter(s -> s.id().equals(id)).findFirst().flatMap(TableSpec::timeColumn);
    if (column.isEmpty()) {
      return Optional.empty();
    }
    Table t = TableFiles.load(spark, id);
    Types.NestedField field = t.schema().findField(column.get());
    Optional<Instant> newest = Optional.empty();
    for (long snapshotId : written.snapshotIds()) {
      Snapshot snapshot = t.snapshot(snapshotId);
      if (snapshot == null) {
        continue;
      }
      for (DataFile file : snapshot.addedDataFiles(t.io())) {
        ByteBuffer upper = file.upperBounds() == null ? null : file.upperBounds().get(field.fieldId());
        if (upper != null) {
          Instant at = instant(field.type(), Conversions.fromByteBuffer(field.type(), upper));
          newest = newest.filter(n -> n.isAfter(at)).or(() -> Optional.of(at));
        }
      }
    }
    return newest;
  }

  private static Instant instant(Type type, Object bound) {
    return switch (type.typeId()) {
      case TIMESTAMP -> Instant.EPOCH.plusNanos((Long) bound * 1000);
      case DATE -> LocalDate.ofEpochDay((Integer) bound).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      default -> throw new IllegalArgumentException("time column of type " + type + " is neither a timestamp nor a date");
    };
  }
}
