package dev.lakehouse.jobs.lineage;

import dev.lakehouse.jobs.spark.LakehouseSpark;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.metrics.CommitReport;
import org.apache.iceberg.metrics.CounterResult;
import org.apache.iceberg.metrics.MetricsReport;
import org.apache.iceberg.metrics.MetricsReporter;
import org.apache.iceberg.metrics.ScanReport;

/**
 * What the running job read from and wrote to the lakehouse's tables, as Iceberg itself reports
 * every table scan and commit to the catalog's metrics reporter (catalog property
 * {@code metrics-reporter-impl}): the job's lineage, with the snapshots it read and made, and the
 * bytes it wrote. Inputs that are not tables (landed files, a Kafka topic) are added by the job
 * that opens them ({@link #readFrom}). One job runs at a time in a session, as on Glue.
 */
public final class TableActivity implements MetricsReporter {
  /** A table's last snapshot read by the job. */
  public record Read(long snapshotId) {}

  /** What the job's commits to a table added, and the snapshots they made (oldest first). */
  public record Written(java.util.List<Long> snapshotIds, long bytes, long records) {
    Written plus(Written more) {
      java.util.List<Long> ids = new java.util.ArrayList<>(snapshotIds);
      ids.addAll(more.snapshotIds);
      return new Written(java.util.List.copyOf(ids), bytes + more.bytes, records + more.records);
    }

    /** The last snapshot the job made. */
    public long snapshotId() {
      return snapshotIds.get(snapshotIds.size() - 1);
    }
  }

  /** Everything one job run touched: tables as {@code silver.orders}, other inputs by their lakehouse name. */
  public record Activity(Map<String, Read> reads, Map<String, Written> writes, java.util.Set<String> otherInputs) {
    /** The bytes of every data and delete file the job's commits added. */
    public long bytesWritten() {
      return writes.values().stream().mapToLong(Written::bytes).sum();
    }
  }

  private static final Map<String, Read> READS = new TreeMap<>();
  private static final Map<String, Written> WRITES = new TreeMap<>();
  private static final java.util.Set<String> OTHER_INPUTS = new java.util.TreeSet<>();

  /** Iceberg instantiates the reporter per catalog. */
  public TableActivity() {}

  @Override
  public void report(MetricsReport report) {
    if (report instanceof ScanReport scan) {
      table(scan.tableName()).ifPresent(t -> record(() -> READS.put(t, new Read(scan.snapshotId()))));
    } else if (report instanceof CommitReport commit) {
      table(commit.tableName()).ifPresent(t -> {
        var m = commit.commitMetrics();
        Written w = new Written(java.util.List.of(commit.snapshotId()), count(m.addedFilesSizeInBytes()), count(m.addedRecords()));
        record(() -> WRITES.merge(t, w, Written::plus));
      });
    }
  }

  /** A non-table input the job opened: {@code landing/clickstream}, {@code kafka:ecommerce-sales}. */
  public static void readFrom(String dataset) {
    record(() -> OTHER_INPUTS.add(dataset));
  }

  /** Forgets what earlier jobs did: the job starting now is recorded afresh. */
  static void reset() {
    record(() -> {
      READS.clear();
      WRITES.clear();
      OTHER_INPUTS.clear();
    });
  }

  /** What the job did since {@link #reset()}. */
  public static synchronized Activity current() {
    return new Activity(Map.copyOf(READS), Map.copyOf(WRITES), java.util.Set.copyOf(OTHER_INPUTS));
  }

  private static synchronized void record(Runnable change) {
    change.run();
  }

  /** {@code lakehouse.silver.orders} → {@code silver.orders}; metadata tables and other catalogs' tables are not data. */
  static Optional<String> table(String icebergName) {
    String prefix = LakehouseSpark.CATALOG + ".";
    if (icebergName == null || !icebergName.startsWith(prefix)) {
      return Optional.empty();
    }
    String name = icebergName.substring(prefix.length());
    return name.chars().filter(c -> c == '.').count() == 1 ? Optional.of(name) : Optional.empty();
  }

  private static long count(CounterResult counter) {
    return counter == null ? 0 : counter.value();
  }
}
