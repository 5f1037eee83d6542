package dev.lakehouse.lambdas.sftp;

import dev.lakehouse.contract.layout.LakeLayout;
import dev.lakehouse.lambdas.common.S3StreamingUpload;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.input.BOMInputStream;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.commons.io.input.TeeInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Moves new partner CSV files from SFTP to the landing layout, one file at a time: claim in the
 * ledger, stream SFTP → S3 (multipart) while validating, then commit the object and mark the
 * file done. A file that fails validation is streamed again, whole and unchanged, to quarantine.
 * A transport failure aborts the upload (no partial object) and gives the claim back.
 *
 * <p>A UTF-8 byte-order mark is the one change made to a landed file: it is dropped, so bronze
 * reads the header as the contract names it.
 */
public final class SftpExtractor {
  private static final Logger LOG = LoggerFactory.getLogger(SftpExtractor.class);

  /** What to do with a remote file once it is landed. */
  public enum AfterIngest { KEEP, MOVE }

  /** {@code maxAttempts}: landing attempts per file before it is quarantined as {@code LANDING_FAILED}. */
  public record Options(
      String remoteDir, String glob, AfterIngest afterIngest, String processedDir, String bucket,
      String kmsKeyId, long leaseSeconds, long minAgeSeconds, int maxFilesPerRun, int partSize, int maxAttempts) {}

  private final S3Client s3;
  private final FileLedger ledger;
  private final CsvFileCheck check;
  private final Options options;
  private final Clock clock;

  public SftpExtractor(S3Client s3, FileLedger ledger, CsvFileCheck check, Options options, Clock clock) {
    this.s3 = s3;
    this.ledger = ledger;
    this.check = check;
    this.options = options;
    this.clock = clock;
  }

  public SftpRunReport run(SftpConnection sftp) throws IOException {
    long start = System.nanoTime();
    SftpRunReport report = new SftpRunReport();
    List<SftpConnection.RemoteFile> files = sftp.list(options.remoteDir(), options.glob());
    report.listed = files.size();
    Map<String, FileLedger.Known> known = ledger.known(files.stream().map(SftpConnection.RemoteFile::path).toList());
    int attempted = 0;
    for (SftpConnection.RemoteFile f : files) {
      FileLedger.Known k = known.get(f.path());
      boolean finished = k != null && (k.status() == FileLedger.Status.DONE || k.status() == FileLedger.Status.QUARANTINED);
      // same size and mtime is not the same file: a partner may re-send other bytes with both unchanged, so the content decides
      Optional<String> otherContent = Optional.empty();
      if (finished && k.sameVersion(f.size(), f.mtimeEpochSecond())) {
        otherContent = k.contentSha256() == null ? Optional.empty() : Optional.of(sha256(sftp, f)).filter(h -> !h.equals(k.contentSha256()));
        if (otherContent.isEmpty()) {
          report.alreadyDone++;
          continue;
        }
      }
      Instant now = clock.instant();
      if (f.mtimeEpochSecond() > now.getEpochSecond() - options.minAgeSeconds()) {
        // the partner may still be writing it; take it on a later run
        report.skippedBusyOrYoung++;
        continue;
      }
      if (attempted++ >= options.maxFilesPerRun()) {
        break;
      }
      LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
      // a finished file listed with another size or mtime was re-delivered: its new content lands as a new object
      String version = Long.toString(f.mtimeEpochSecond(), 36) + otherContent.map(h -> "-" + h.substring(0, 12)).orElse("");
      Optional<FileLedger.Claim> claim =
          finished
              ? ledger.claimNewVersion(f.path(), f.size(), f.mtimeEpochSecond(), otherContent,
                  LakeLayout.transactionsFileKey(today, f.name(), version), now, options.leaseSeconds())
              : ledger.claim(f.path(), f.size(), f.mtimeEpochSecond(), LakeLayout.transactionsFileKey(today, f.name()), now,
                  options.leaseSeconds());
      if (claim.isEmpty()) {
        report.skippedBusyOrYoung++;
        continue;
      }
      if (finished) {
        report.redelivered++;
      }
      try {
        ingest(sftp, f, claim.get(), report);
      } catch (IOException | RuntimeException e) {
        report.failed++;
        report.errors.add(f.path() + ": " + e.getMessage());
        if (claim.get().attempt() >= options.maxAttempts()) {
          giveUp(sftp, f, claim.get(), e, report);
        } else {
          ledger.release(f.path(), e.toString(), clock.instant());
          LOG.warn("file {} not landed (attempt {} of {}), will be retried: {}", f.path(), claim.get().attempt(), options.maxAttempts(), e.toString());
        }
        if (e instanceof IOException) {
          // the connection is most likely gone; the remaining files wait for the next run
          break;
        }
      }
    }
    report.millis = (System.nanoTime() - start) / 1_000_000;
    return report;
  }

  /**
   * The last attempt failed: the file is quarantined as {@code LANDING_FAILED} with the error, so
   * it stops being retried silently and someone looks at it (runbook: landing-failures). The raw
   * copy to quarantine is best effort: the read that failed may fail again; the ledger keeps the reason either way.
   */
  private void giveUp(SftpConnection sftp, SftpConnection.RemoteFile f, FileLedger.Claim claim, Exception error, SftpRunReport report) {
    String qKey = LakeLayout.transactionsQuarantineKey(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), f.name());
    Map<String, AttributeValue> details = new HashMap<>();
    details.put("reason", AttributeValue.fromS(CsvFileCheck.Reason.LANDING_FAILED.name()));
    details.put("reason_detail", AttributeValue.fromS(asciiOnly(String.valueOf(error))));
    try {
      quarantine(sftp, f, qKey, new CsvFileCheck.Result(CsvFileCheck.Reason.LANDING_FAILED, asciiOnly(String.valueOf(error)), 0, 0, 0));
      details.put("quarantine_key", AttributeValue.fromS(qKey));
      report.quarantinedKeys.add(qKey);
    } catch (IOException | RuntimeException copyFailed) {
      LOG.warn("could not copy {} to quarantine either: {}", f.path(), copyFailed.toString());
    }
    ledger.finish(f.path(), FileLedger.Status.QUARANTINED, details, clock.instant());
    report.quarantined++;
    LOG.error("file {} failed to land {} times; quarantined as LANDING_FAILED: {}", f.path(), claim.attempt(), error.toString());
  }

  private void ingest(SftpConnection sftp, SftpConnection.RemoteFile f, FileLedger.Claim claim, SftpRunReport report)
      throws IOException {
    Map<String, String> meta = Map.of("source-path", f.path(), "source-size", Long.toString(f.size()));
    CsvFileCheck.Result result;
    long rawBytes;
    long landedBytes;
    MessageDigest sha = sha256();
    try (InputStream raw = new DigestInputStream(sftp.read(f.path()), sha);
        BoundedInputStream counted = BoundedInputStream.builder().setInputStream(raw).get();
        BOMInputStream bomless = BOMInputStream.builder().setInputStream(counted).get();
        S3StreamingUpload upload =
            new S3StreamingUpload(s3, options.bucket(), claim.targetKey(), meta, options.kmsKeyId(), options.partSize());
        InputStream tee = new TeeInputStream(bomless, upload, false)) {
      // the check's parser closes what it reads: shielded, so the rest can be drained and counted
      result = check.check(org.apache.commons.io.input.CloseShieldInputStream.wrap(tee));
      // a file is judged only when read whole: a stream that ended short is a transport failure, not malformed CSV
      bomless.transferTo(java.io.OutputStream.nullOutputStream());
      rawBytes = counted.getCount();
      if (rawBytes != f.size()) {
        upload.abort();
        throw new IOException("read " + rawBytes + " bytes but the listing said " + f.size()
            + (rawBytes < f.size() ? "; the stream ended early" : "; the file changed while being read"));
      }
      if (result.passed()) {
        landedBytes = upload.bytes();
        upload.commit();
      } else {
        upload.abort();
        landedBytes = 0;
      }
    }
    Instant now = clock.instant();
    String contentSha256 = HexFormat.of().formatHex(sha.digest());
    if (result.passed()) {
      Map<String, AttributeValue> details = new HashMap<>();
      details.put(FileLedger.CONTENT_SHA256, AttributeValue.fromS(contentSha256));
      details.put("landed_key", AttributeValue.fromS(claim.targetKey()));
      details.put("row_count", AttributeValue.fromN(Long.toString(result.rows())));
      details.put("invalid_rows", AttributeValue.fromN(Long.toString(result.invalidRows())));
      details.put("landed_bytes", AttributeValue.fromN(Long.toString(landedBytes)));
      if (!ledger.finish(f.path(), FileLedger.Status.DONE, details, now)) {
        LOG.warn("claim on {} was taken over while landing it; the object was rewritten under the same key", f.path());
      }
      report.landed++;
      report.rows += result.rows();
      report.invalidRows += result.invalidRows();
      report.bytes += landedBytes;
      report.landedKeys.add(claim.targetKey());
      LOG.info("landed {} → s3://{}/{} ({} rows, {} invalid rows, {} bytes)", f.path(), options.bucket(),
          claim.targetKey(), result.rows(), result.invalidRows(), landedBytes);
      if (options.afterIngest() == AfterIngest.MOVE) {
        try {
          sftp.move(f.path(), options.processedDir());
        } catch (IOException e) {
          LOG.warn("landed {} but could not move it to {}: {}", f.path(), options.processedDir(), e.toString());
        }
      }
    } else {
      String qKey = LakeLayout.transactionsQuarantineKey(LocalDate.ofInstant(now, ZoneOffset.UTC), f.name());
      quarantine(sftp, f, qKey, result);
      Map<String, AttributeValue> details = new HashMap<>();
      details.put("quarantine_key", AttributeValue.fromS(qKey));
      details.put(FileLedger.CONTENT_SHA256, AttributeValue.fromS(contentSha256));
      details.put("reason", AttributeValue.fromS(result.reason().name()));
      details.put("reason_detail", AttributeValue.fromS(result.detail()));
      ledger.finish(f.path(), FileLedger.Status.QUARANTINED, details, now);
      report.quarantined++;
      report.quarantinedKeys.add(qKey);
      LOG.warn("quarantined {} → s3://{}/{}: {} ({})", f.path(), options.bucket(), qKey, result.reason(), result.detail());
    }
  }

  /** The whole file, byte for byte, with the reason in the object's metadata. */
  private void quarantine(SftpConnection sftp, SftpConnection.RemoteFile f, String key, CsvFileCheck.Result result)
      throws IOException {
    Map<String, String> meta =
        Map.of("source-path", f.path(), "reject-reason", result.reason().name(),
            "reject-detail", asciiOnly(result.detail()));
    try (InputStream raw = sftp.read(f.path());
        S3StreamingUpload upload = new S3StreamingUpload(s3, options.bucket(), key, meta, options.kmsKeyId(), options.partSize())) {
      raw.transferTo(upload);
      upload.commit();
    }
  }

  /** The SHA-256 (hex) of the remote file's bytes, read whole and discarded. */
  private static String sha256(SftpConnection sftp, SftpConnection.RemoteFile f) throws IOException {
    MessageDigest sha = sha256();
    try (InputStream in = new DigestInputStream(sftp.read(f.path()), sha)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** S3 user metadata travels as HTTP headers: keep it printable ASCII and short. */
  private static String asciiOnly(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7E]", "?");
    return clean.length() > 1024 ? clean.substring(0, 1024) : clean;
  }
}
