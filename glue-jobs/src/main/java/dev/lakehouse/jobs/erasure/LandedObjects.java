package dev.lakehouse.jobs.erasure;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import dev.lakehouse.contract.layout.LakeLayout;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * The landed raw objects (Firehose, SFTP and RDS extracts, whole-file quarantine) that mention a
 * subject: found by one parallel scan of their lines, then each rewritten in place without those
 * lines, compressed as it was. The key stays, so bronze does not read the object again.
 */
final class LandedObjects {
  /** One rewritten object and the lines it lost. */
  record Rewritten(String path, long linesRemoved) {}

  private final SparkSession spark;
  private final String lakeRoot;

  LandedObjects(SparkSession spark, String lakeRoot) {
    this.spark = spark;
    this.lakeRoot = lakeRoot;
  }

  List<Rewritten> erase(Pattern subject) throws IOException {
    List<Rewritten> out = new ArrayList<>();
    for (String prefix : List.of(LakeLayout.LANDING, LakeLayout.QUARANTINE)) {
      Path dir = new Path(lakeRoot + "/" + prefix);
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.setWriteChecksum(false); // no .crc side files in the local S3 stand-in's bucket
      if (!fs.exists(dir)) {
        continue;
      }
      List<String> files = spark.read().option("recursiveFileLookup", "true").text(dir.toString())
          .where(col("value").rlike(subject.pattern())).select(input_file_name()).distinct().as(Encoders.STRING()).collectAsList();
      for (String file : files) {
        out.add(rewrite(fs, new Path(URI.create(file)), subject));
      }
    }
    return out;
  }

  private static Rewritten rewrite(FileSystem fs, Path file, Pattern subject) throws IOException {
    boolean gzip = file.getName().endsWith(".gz");
    List<String> kept = new ArrayList<>();
    long removed = 0;
    try (InputStream raw = fs.open(file);
        BufferedReader in = new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(raw) : raw, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (subject.matcher(line).find()) {
          removed++;
        } else {
          kept.add(line);
        }
      }
    }
    // written next to it, then renamed over it: a crash leaves the old object, never half of one
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".erasing");
    try (OutputStream raw = fs.create(tmp, true);
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(gzip ? new GZIPOutputStream(raw) : raw, StandardCharsets.UTF_8))) {
      for (String line : kept) {
        w.write(line);
        w.write('\n');
      }
    }
    fs.delete(file, false);
    fs.rename(tmp, file);
    return new Rewritten(file.toString(), removed);
  }
}
