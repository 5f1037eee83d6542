package dev.lakehouse.jobs.erasure;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import dev.lakehouse.contract.layout.LakeLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
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
  /** The raw files' own key (SSE-KMS): a rewritten object keeps it, not the job's default (the lake key). */
  private final java.util.Optional<String> rawKeyArn;

  LandedObjects(SparkSession spark, String lakeRoot, java.util.Optional<String> rawKeyArn) {
    this.spark = spark;
    this.lakeRoot = lakeRoot;
    this.rawKeyArn = rawKeyArn;
  }

  List<Rewritten> erase(Pattern subject) throws IOException {
    List<Rewritten> out = new ArrayList<>();
    for (String prefix : List.of(LakeLayout.LANDING, LakeLayout.QUARANTINE)) {
      Path dir = new Path(lakeRoot + "/" + prefix);
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
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

  /**
   * Where the record starting at {@code from} ends (after its {@code \n}). In a CSV object a field
   * that opens with {@code "} runs to its closing quote ({@code ""} inside is a quote), line
   * breaks included: RFC 4180, as bronze reads it ({@code multiLine}), so a record of the subject
   * leaves whole, never as fragments. Other objects are JSON lines.
   */
  static int recordEnd(String text, int from, boolean csv) {
    boolean quoted = false;
    boolean fieldStart = true;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '\n') {
        return i + 1;
      } else if (csv && c == '"' && fieldStart) {
        quoted = true;
        fieldStart = false;
      } else {
        fieldStart = c == ',';
      }
    }
    return text.length();
  }

  /**
   * Records ({@link #recordEnd}) are read as ISO-8859-1 so every other one is written back byte
   * for byte (any encoding, CRLF kept); the subject's identifiers are ASCII. Compressed as the
   * object was (Hadoop's codec for its extension).
   */
  private Rewritten rewrite(FileSystem fs, Path file, Pattern subject) throws IOException {
    CompressionCodec codec = new CompressionCodecFactory(spark.sparkContext().hadoopConfiguration()).getCodec(file);
    StringBuilder kept = new StringBuilder();
    long removed = 0;
    try (InputStream raw = fs.open(file); InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
      String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      boolean csv = file.getName().matches(".*\\.csv(\\..*)?");
      int from = 0;
      while (from < text.length()) {
        int to = recordEnd(text, from, csv);
        String record = text.substring(from, to);
        if (subject.matcher(record).find()) {
          removed += record.chars().filter(c -> c == '\n').count() + (record.endsWith("\n") ? 0 : 1);
        } else {
          kept.append(record);
        }
        from = to;
      }
    }
    byte[] bytes = kept.toString().getBytes(StandardCharsets.ISO_8859_1);
    if ("file".equals(file.toUri().getScheme())) {
      // a sibling moved over it atomically (java.nio: no Hadoop .crc files in the S3 stand-in's bucket)
      java.nio.file.Path local = java.nio.file.Path.of(file.toUri());
      java.nio.file.Path tmp = local.resolveSibling("." + local.getFileName() + ".erasing");
      try (OutputStream raw = java.nio.file.Files.newOutputStream(tmp); OutputStream out = codec == null ? raw : codec.createOutputStream(raw)) {
        out.write(bytes);
      }
      java.nio.file.Files.move(tmp, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } else if (rawKeyArn.isPresent()) {
      // one PUT replaces the object (a crash leaves the old or the new one), under the raw key: the
      // job's own writes get the lake key, which the landed files' readers are not meant to need
      java.io.ByteArrayOutputStream encoded = new java.io.ByteArrayOutputStream();
      try (OutputStream out = codec == null ? encoded : codec.createOutputStream(encoded)) {
        out.write(bytes);
      }
      URI uri = file.toUri();
      try (var s3 = software.amazon.awssdk.services.s3.S3Client.create()) {
        s3.putObject(b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1))
                .serverSideEncryption(software.amazon.awssdk.services.s3.model.ServerSideEncryption.AWS_KMS).ssekmsKeyId(rawKeyArn.get())
                .bucketKeyEnabled(true),
            software.amazon.awssdk.core.sync.RequestBody.fromBytes(encoded.toByteArray()));
      }
    } else {
      try (OutputStream raw = fs.create(file, true); OutputStream out = codec == null ? raw : codec.createOutputStream(raw)) {
        out.write(bytes);
      }
    }
    return new Rewritten(file.toUri().toString(), removed);
  }
}
