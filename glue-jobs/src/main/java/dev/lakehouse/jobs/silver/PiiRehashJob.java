package dev.lakehouse.jobs.silver;

import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.schema.TableSpec;
import dev.lakehouse.jobs.LakehouseJob;
import dev.lakehouse.jobs.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a PII key rotation (a new key appended to the key list): moves every stored hash onto the
 * new chain, HMAC(new key, stored hash), one UPDATE per table whose commit carries the new key count
 * (so a re-run never applies a key twice). Run while no pipeline run writes; until it has run, the
 * silver jobs refuse to write the tables it has not moved.
 */
public final class PiiRehashJob implements LakehouseJob {
  private static final Logger LOG = LoggerFactory.getLogger(PiiRehashJob.class);

  /** Per table: the key count before and after. */
  public record Report(Map<String, String> tables) implements LakehouseJob.Outcome {
    @Override
    public String summary() {
      return "PII hashes: " + tables.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
  }

  private final SparkSession spark;
  private final JobConfig config;

  public PiiRehashJob(SparkSession spark, JobConfig config) {
    this.spark = spark;
    this.config = config;
  }

  @Override
  public Report run() {
    Pii pii = new Pii(config.piiHashKey());
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (TableSpec spec : HashedTables.all()) {
      TableId t = spec.id();
      int stored = HashedTables.keyCount(spark, t);
      if (stored > pii.keyCount()) {
        throw new IllegalStateException(t + " holds hashes of " + stored + " keys, more than the " + pii.keyCount()
            + " configured: a key was removed from the list; restore it (keys are only ever appended)");
      }
      if (stored < pii.keyCount()) {
        List<String> set = new ArrayList<>();
        for (String c : HashedTables.hashColumns(spec)) {
          set.add(c + " = " + (c.endsWith("_hashes") ? "transform(" + c + ", h -> pii_rehash(h))" : "pii_rehash(" + c + ")"));
        }
        spark.udf().register("pii_rehash", pii.rehashFunction(stored));
        // until the property below is set, the UPDATE's own mark is the count: nothing may expire it
        spark.sql("ALTER TABLE " + t + " SET TBLPROPERTIES ('" + HashedTables.PENDING_PROPERTY + "' = '" + pii.keyCount() + "')");
        CommitMetadata.withCommitProperties(Map.of(Pii.KEY_COUNT_PROPERTY, String.valueOf(pii.keyCount())), () -> {
          spark.sql("UPDATE " + t + " SET " + String.join(", ", set));
          return 0;
        }, RuntimeException.class);
        LOG.info("{}: hashes moved from {} to {} keys", t, stored, pii.keyCount());
      }
      spark.sql("ALTER TABLE " + t + " SET TBLPROPERTIES ('" + Pii.KEY_COUNT_PROPERTY + "' = '" + pii.keyCount() + "')");
      spark.sql("ALTER TABLE " + t + " UNSET TBLPROPERTIES IF EXISTS ('" + HashedTables.PENDING_PROPERTY + "')");
      out.put(t.toString(), stored == pii.keyCount() ? "already at " + stored + " keys" : stored + " -> " + pii.keyCount() + " keys");
    }
    return new Report(out);
  }
}
