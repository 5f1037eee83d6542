package dev.lakehouse.lambdas.common;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * An {@link OutputStream} onto one S3 object of unknown length, never holding the whole object:
 * bytes fill a part buffer; each full part is uploaded (multipart) on a background thread while
 * the caller keeps writing, with at most one part in flight, so memory stays at two parts.
 *
 * <p>Nothing is visible under the key until {@link #commit()}. {@link #abort()} (or a failed
 * commit) aborts the multipart upload, so a failure mid-stream leaves no partial object. An
 * object smaller than one part is written with a single PutObject at commit.
 */
public final class S3StreamingUpload extends OutputStream {
  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final Map<String, String> metadata;
  private final String kmsKeyId;
  private final int partSize;
  private final ExecutorService uploader;
  private final List<Future<CompletedPart>> parts = new ArrayList<>();

  private byte[] buffer;
  private int filled;
  private long bytes;
  private String uploadId;
  private boolean finished;

  public S3StreamingUpload(
      S3Client s3, String bucket, String key, Map<String, String> metadata, String kmsKeyId, int partSize) {
    if (partSize < 5 * 1024 * 1024) {
      throw new IllegalArgumentException("S3 parts must be at least 5 MiB, got " + partSize);
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.metadata = Map.copyOf(metadata);
    this.kmsKeyId = kmsKeyId;
    this.partSize = partSize;
    this.buffer = new byte[partSize];
    // one worker, a queue of one: the writer blocks rather than piling parts up in memory
    this.uploader =
        new ThreadPoolExecutor(
            1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1), new ThreadPoolExecutor.CallerRunsPolicy());
  }

  public String key() {
    return key;
  }

  /** Bytes written so far. */
  public long bytes() {
    return bytes;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] src, int off, int len) throws IOException {
    ensureOpen();
    while (len > 0) {
      int n = Math.min(len, partSize - filled);
      System.arraycopy(src, off, buffer, filled, n);
      filled += n;
      off += n;
      len -= n;
      bytes += n;
      if (filled == partSize) {
        shipPart();
      }
    }
  }

  /** Makes the object visible under its key; aborts and rethrows if that fails. */
  public void commit() throws IOException {
    ensureOpen();
    finished = true;
    try {
      if (uploadId == null) {
        byte[] body = java.util.Arrays.copyOf(buffer, filled);
        s3.putObject(
            b -> {
              b.bucket(bucket).key(key).metadata(metadata);
              encryption(b);
            },
            RequestBody.fromBytes(body));
      } else {
        if (filled > 0) {
          shipPart();
        }
        List<CompletedPart> done = new ArrayList<>();
        for (Future<CompletedPart> f : parts) {
          done.add(f.get());
        }
        s3.completeMultipartUpload(
            b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(done)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abortQuietly();
      throw new IOException("interrupted while completing s3://" + bucket + "/" + key, e);
    } catch (ExecutionException | RuntimeException e) {
      abortQuietly();
      throw new IOException("upload of s3://" + bucket + "/" + key + " failed: " + rootMessage(e), e);
    } finally {
      release();
    }
  }

  /** Drops everything written; no object appears. Safe to call more than once. */
  public void abort() {
    if (!finished) {
      finished = true;
      abortQuietly();
      release();
    }
  }

  /** Closing without {@link #commit()} aborts: an unfinished stream must not become an object. */
  @Override
  public void close() {
    abort();
  }

  private void shipPart() throws IOException {
    if (uploadId == null) {
      try {
        uploadId =
            s3.createMultipartUpload(
                    b -> {
                      b.bucket(bucket).key(key).metadata(metadata);
                      if (kmsKeyId != null) {
                        b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
                      }
                    })
                .uploadId();
      } catch (RuntimeException e) {
        throw new IOException("cannot start upload of s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
      }
    }
    int partNumber = parts.size() + 1;
    byte[] body = buffer;
    int length = filled;
    parts.add(
        uploader.submit(
            () -> {
              String etag =
                  s3.uploadPart(
                          b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                          RequestBody.fromBytes(length == body.length ? body : java.util.Arrays.copyOf(body, length)))
                      .eTag();
              return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
            }));
    failFastOnEarlierParts();
    buffer = new byte[partSize];
    filled = 0;
  }

  private void failFastOnEarlierParts() throws IOException {
    for (Future<CompletedPart> f : parts) {
      if (f.isDone()) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
          throw new IOException("part upload to s3://" + bucket + "/" + key + " failed: " + rootMessage(e), e);
        }
      }
    }
  }

  private void encryption(software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder b) {
    if (kmsKeyId != null) {
      b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
    }
  }

  private void abortQuietly() {
    if (uploadId != null) {
      for (Future<CompletedPart> f : parts) {
        f.cancel(true);
      }
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (RuntimeException ignored) {
        // the bucket's AbortIncompleteMultipartUpload lifecycle rule collects what is left
      }
    }
  }

  private void release() {
    uploader.shutdownNow();
    buffer = null;
  }

  private void ensureOpen() throws IOException {
    if (finished) {
      throw new IOException("upload of s3://" + bucket + "/" + key + " is already finished");
    }
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
