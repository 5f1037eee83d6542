package dev.lakehouse.lambdas.rds;

import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.lambdas.common.BackgroundGzip;
import dev.lakehouse.lambdas.common.S3StreamingUpload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Incremental extract of one table by a composite watermark {@code (updated_at, key)}.
 *
 * <p>A run fixes an upper bound {@code now − safety lag} (in the database's clock), so rows of
 * transactions still in flight are left for a later run, and records that range in the
 * watermark item. It then pages through the range in {@code (updated_at, key)} order — rows that
 * share one {@code updated_at} are split across pages by key, never missed or repeated — writing
 * each page as one gzip NDJSON object whose key is a function of (range start, upper bound, page
 * number). Only after the object is committed does the watermark advance, conditionally on its
 * version. A crash between the two leaves the watermark and the range as they were, so the retry
 * writes that page again — to a key of its own, never over the first object: the table may have
 * changed in between, and bronze never reads an overwritten object again. A row both copies hold
 * is one row in silver (dedup by key).
 */
public final class RdsExtractor {
  private static final Logger LOG = LoggerFactory.getLogger(RdsExtractor.class);

  /** Where a test can inject a crash: after a page object is committed, before the watermark moves. */
  @FunctionalInterface
  interface AfterObjectWritten {
    void run(String key) throws IOException;
  }

  public record Options(
      String source, List<String> table, List<String> columns, String updatedAtColumn, String keyColumn,
      long safetyLagSeconds, int pageRows, int fetchSize, String bucket, String kmsKeyId, int partSize) {}

  private final SqlDialect dialect;
  private final S3Client s3;
  private final WatermarkStore watermarks;
  private final Options options;
  private final Clock clock;
  private final AfterObjectWritten afterObjectWritten;

  public RdsExtractor(SqlDialect dialect, S3Client s3, WatermarkStore watermarks, Options options, Clock clock) {
    this(dialect, s3, watermarks, options, clock, key -> {});
  }

  RdsExtractor(SqlDialect dialect, S3Client s3, WatermarkStore watermarks, Options options, Clock clock,
      AfterObjectWritten afterObjectWritten) {
    this.dialect = dialect;
    this.s3 = s3;
    this.watermarks = watermarks;
    this.options = options;
    this.clock = clock;
    this.afterObjectWritten = afterObjectWritten;
  }

  /** Runs until the range is exhausted or {@code remainingMillis} drops under {@code marginMillis}. */
  public RdsRunReport run(Connection db, LongSupplier remainingMillis, long marginMillis) throws SQLException, IOException {
    long start = System.nanoTime();
    RdsRunReport report = new RdsRunReport();
    db.setAutoCommit(false); // pgjdbc streams with a fetch size only inside a transaction
    try (Statement st = db.createStatement()) {
      for (String s : dialect.sessionSetup()) {
        st.execute(s);
      }
    }
    String src = options.source();
    Watermark wm = watermarks.read(src);
    if (!wm.inRange()) {
      String upper = upperBound(db);
      if (!watermarks.startRange(src, wm, upper, clock.instant())) {
        report.lostRace = true;
        return finish(report, watermarks.read(src), upper, db, start);
      }
      wm = watermarks.read(src);
    }
    String rangeUpper = wm.rangeUpper();
    String rangeToken = token(wm.rangeFromTs(), wm.rangeFromKey());
    String upperToken = token(wm.rangeUpper(), null);
    while (true) {
      if (remainingMillis.getAsLong() < marginMillis) {
        report.stoppedForTime = true;
        break;
      }
      String key = LakeLayout.usersExtractKey(tableName(), rangeToken, upperToken, (int) wm.rangePage());
      if (exists(key)) {
        // a retry of a page written before (a crash before its watermark commit): its own object, never an overwrite
        key = LakeLayout.usersExtractKey(tableName(), rangeToken, upperToken, (int) wm.rangePage(),
            Long.toString(clock.millis(), 36));
      }
      Page page = writePage(db, wm, key);
      if (page.rows == 0) {
        if (!watermarks.finishRange(src, wm, clock.instant())) {
          report.lostRace = true;
        }
        break;
      }
      afterObjectWritten.run(key);
      boolean rangeDone = page.rows < options.pageRows();
      if (!watermarks.commitPage(src, wm, page.lastTs, page.lastKey, page.rows, rangeDone, clock.instant())) {
        report.lostRace = true;
        LOG.warn("{}: another invocation advanced the watermark first; stopping (both wrote this page; silver keeps one copy of each row)", src);
        break;
      }
      report.rows += page.rows;
      report.bytes += page.bytes;
      report.objects++;
      report.keys.add(key);
      LOG.info("{}: page {} → s3://{}/{} ({} rows, {} bytes), watermark ({}, {})", src, wm.rangePage(), options.bucket(), key,
          page.rows, page.bytes, page.lastTs, page.lastKey);
      wm = watermarks.read(src);
      if (rangeDone) {
        break;
      }
    }
    return finish(report, watermarks.read(src), rangeUpper, db, start);
  }

  private record Page(long rows, long bytes, String lastTs, String lastKey) {}

  private Page writePage(Connection db, Watermark wm, String key) throws SQLException, IOException {
    boolean fromWatermark = wm.hasPosition();
    String sql = dialect.pageQuery(options.table(), options.columns(), options.updatedAtColumn(), options.keyColumn(), fromWatermark);
    long rows = 0;
    byte[] lastTs = null;
    byte[] lastKey = null;
    try (PreparedStatement ps = db.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      ps.setFetchSize(options.fetchSize());
      int i = 1;
      if (fromWatermark) {
        ps.setString(i++, wm.updatedAt());
        ps.setString(i++, wm.key());
      }
      ps.setString(i++, wm.rangeUpper());
      ps.setInt(i, options.pageRows());
      S3StreamingUpload upload =
          new S3StreamingUpload(s3, options.bucket(), key, Map.of("watermark-upper", wm.rangeUpper()), options.kmsKeyId(), options.partSize());
      BackgroundGzip gzip = new BackgroundGzip(upload);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          gzip.write(rs.getBytes(1));
          gzip.write('\n');
          lastTs = rs.getBytes(2);
          lastKey = rs.getBytes(3);
          rows++;
        }
        if (rows == 0) {
          gzip.abandon();
          upload.abort();
          return new Page(0, 0, null, null);
        }
        gzip.close();
        upload.commit();
      } catch (SQLException | IOException | RuntimeException e) {
        gzip.abandon();
        upload.abort();
        throw e;
      }
      db.commit();
      return new Page(rows, upload.bytes(), new String(lastTs, StandardCharsets.UTF_8), new String(lastKey, StandardCharsets.UTF_8));
    }
  }

  private String upperBound(Connection db) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(dialect.upperBoundQuery())) {
      ps.setLong(1, options.safetyLagSeconds());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private RdsRunReport finish(RdsRunReport report, Watermark wm, String upper, Connection db, long start) throws SQLException {
    report.watermarkUpdatedAt = wm.updatedAt();
    report.watermarkKey = wm.key();
    report.upperBound = upper;
    if (wm.hasPosition()) {
      try (PreparedStatement ps = db.prepareStatement(dialect.lagSecondsQuery())) {
        ps.setString(1, wm.updatedAt());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          report.watermarkLagSeconds = rs.getLong(1);
        }
      }
    }
    db.commit();
    report.millis = (System.nanoTime() - start) / 1_000_000;
    return report;
  }

  private boolean exists(String key) {
    try {
      s3.headObject(b -> b.bucket(options.bucket()).key(key));
      return true;
    } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private String tableName() {
    return options.table().get(options.table().size() - 1);
  }

  /**
   * A short, key-safe token for a watermark position: the time with its separators as dashes, plus
   * the key (or its hash). The separators stay so a key never holds a long digit run: the digits
   * of a timestamp run together look like a card number to PII scanners (ours, and Macie's).
   */
  static String token(String ts, String key) {
    if (ts == null) {
      return "start";
    }
    String t = ts.replaceAll("[^0-9A-Za-z]+", "-");
    if (key == null) {
      return t;
    }
    String k = key.matches("[A-Za-z0-9_-]{1,40}") ? key : sha(key);
    return t + "_" + k;
  }

  private static String sha(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return "h" + HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
