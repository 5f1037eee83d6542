package dev.lakehouse.jobs.dr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Registers every table of the source catalog in the DR catalog from its replicated files, with
 * Iceberg's own procedures: {@code rewrite_table_path} stages the newest metadata (and its
 * history) with the source prefix replaced by the replica's, the staged files are copied over the
 * replica's byte copies, and {@code register_table} makes the rewritten metadata the DR table.
 * A table the DR catalog already has is left as it is (after a failover the DR table is the live
 * one: registering again would drop what was written to it); the report says so, and whether the
 * source has moved on since. A table that fails is reported and the others go on.
 */
public final class CatalogFailover {
  private static final int PARALLEL_TABLES = 3;
  private final SparkSession spark;
  private final FailoverPlan plan;

  public CatalogFailover(SparkSession spark, FailoverPlan plan) {
    this.spark = spark;
    this.plan = plan;
    FailoverCatalogs.sparkConf(plan.dr(), plan.drProperties()).forEach(spark.conf()::set);
  }

  /** Fails every table over, reporting each to {@code progress} as it is done; the same list is returned. */
  public List<FailedOverTable> run(Consumer<FailedOverTable> progress) {
    // Spark resolves catalogs through the active session's settings: make it this one while it runs
    scala.Option<SparkSession> before = SparkSession.getActiveSession();
    SparkSession.setActiveSession(spark);
    try {
      return runActive(progress);
    } finally {
      if (before.isDefined()) {
        SparkSession.setActiveSession(before.get());
      } else {
        SparkSession.clearActiveSession();
      }
    }
  }

  private List<FailedOverTable> runActive(Consumer<FailedOverTable> progress) {
    Catalog source = Spark3Util.loadIcebergCatalog(spark, plan.source());
    Catalog dr = Spark3Util.loadIcebergCatalog(spark, plan.dr());
    List<TableIdentifier> tables = new ArrayList<>();
    for (String ns : plan.namespaces()) {
      if (source instanceof SupportsNamespaces s && !s.namespaceExists(Namespace.of(ns))) {
        continue; // nothing written there yet
      }
      List<TableIdentifier> in = source.listTables(Namespace.of(ns));
      if (!in.isEmpty() && dr instanceof SupportsNamespaces d && !d.namespaceExists(Namespace.of(ns))) {
        d.createNamespace(Namespace.of(ns));
      }
      in.stream().sorted(java.util.Comparator.comparing(Object::toString)).forEach(tables::add);
    }
    // each table is many small Spark jobs that leave the cores idle in between: a few tables at once
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_TABLES);
    try (FileIO replica = CatalogUtil.loadFileIO(plan.drProperties().get("io-impl"), plan.drProperties(),
        spark.sparkContext().hadoopConfiguration())) {
      List<Future<FailedOverTable>> running = new ArrayList<>();
      for (TableIdentifier id : tables) {
        running.add(pool.submit(() -> {
          SparkSession.setActiveSession(spark);
          FailedOverTable t = failOver(source, dr, replica, id);
          progress.accept(t);
          return t;
        }));
      }
      List<FailedOverTable> done = new ArrayList<>();
      for (Future<FailedOverTable> f : running) {
        done.add(f.get());
      }
      return done;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while failing over", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("failing a table over broke: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private FailedOverTable failOver(Catalog source, Catalog dr, FileIO replica, TableIdentifier id) {
    String name = id.toString();
    try {
      Table original = source.loadTable(id);
      if (dr.tableExists(id)) {
        Table existing = dr.loadTable(id);
        Long now = snapshotId(original);
        Long there = snapshotId(existing);
        String note = java.util.Objects.equals(now, there) ? "" : "the source is now at snapshot " + now
            + "; drop the DR table to fail it over again";
        return new FailedOverTable(name, FailedOverTable.Outcome.ALREADY_REGISTERED, metadataFile(existing), there, note);
      }
      // Iceberg rewrites the location with a regex, silently leaving one outside the prefix: refuse it instead
      if (!original.location().startsWith(plan.sourcePrefix())) {
        return failed(name, "its location " + original.location() + " is not under the source prefix " + plan.sourcePrefix());
      }
      String staging = plan.stagingLocation() + name.replace('.', '/') + "/";
      Row rewritten = spark.sql(String.format("CALL %s.system.rewrite_table_path(table => '%s', source_prefix => '%s', target_prefix => '%s',"
          + " staging_location => '%s')", plan.source(), name, plan.sourcePrefix(), plan.targetPrefix(), staging)).first();
      StagedMetadata files = StagedMetadata.read(spark, rewritten.getString(1), staging);
      List<String> missing = files.missingFromReplica(replica);
      if (!missing.isEmpty()) {
        return failed(name, missing.size() + " data or delete files are not in the replica (replication behind?), e.g. " + missing.get(0));
      }
      files.copy(original.io(), replica);
      String metadata = files.target(rewritten.getString(0));
      spark.sql(String.format("CALL %s.system.register_table(table => '%s', metadata_file => '%s')", plan.dr(), name, metadata));
      Table registered = dr.loadTable(id);
      return new FailedOverTable(name, FailedOverTable.Outcome.REGISTERED, metadataFile(registered), snapshotId(registered), "");
    } catch (RuntimeException e) {
      return failed(name, e.getMessage() != null ? e.getMessage() : e.toString());
    }
  }

  private static FailedOverTable failed(String name, String why) {
    return new FailedOverTable(name, FailedOverTable.Outcome.FAILED, null, null, why);
  }

  private static Long snapshotId(Table t) {
    Snapshot s = t.currentSnapshot();
    return s == null ? null : s.snapshotId();
  }

  private static String metadataFile(Table t) {
    return ((org.apache.iceberg.HasTableOperations) t).operations().current().metadataFileLocation();
  }
}
