package dev.lakehouse.jobs.dr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.io.FileIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The copy plan {@code rewrite_table_path} leaves behind: a CSV of (source, target) pairs. Pairs
 * whose source is under the staging location are the rewritten metadata files (metadata JSON,
 * manifest lists, manifests) and are copied to their targets; every other pair is a data or delete
 * file, which replication already put at its target, so it is only checked to be there.
 */
final class StagedMetadata {
  private final List<String[]> staged = new ArrayList<>();
  private final List<String> replicated = new ArrayList<>();

  private StagedMetadata(String stagingLocation, List<Row> pairs) {
    for (Row r : pairs) {
      String source = r.getString(0);
      String target = r.getString(1);
      if (source.startsWith(stagingLocation)) {
        staged.add(new String[] {source, target});
      } else {
        replicated.add(target);
      }
    }
  }

  static StagedMetadata read(SparkSession spark, String fileListLocation, String stagingLocation) {
    return new StagedMetadata(stagingLocation, spark.read().csv(fileListLocation).collectAsList());
  }

  /** The target of the staged metadata JSON named {@code latestVersion}: the file to register. */
  String target(String latestVersion) {
    return staged.stream().map(p -> p[1]).filter(t -> t.endsWith("/" + latestVersion)).findFirst()
        .orElseThrow(() -> new IllegalStateException("rewrite_table_path staged no " + latestVersion));
  }

  /** The data and delete files the metadata references that are not in the replica (yet). */
  List<String> missingFromReplica(FileIO replica) {
    return replicated.stream().filter(t -> !replica.newInputFile(t).exists()).toList();
  }

  /** Copies each staged file to its target; returns how many. */
  int copy(FileIO staging, FileIO replica) {
    for (String[] p : staged) {
      try (InputStream in = staging.newInputFile(p[0]).newStream();
          OutputStream out = replica.newOutputFile(p[1]).createOrOverwrite()) {
        in.transferTo(out);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy " + p[0] + " to " + p[1], e);
      }
    }
    return staged.size();
  }
}
