package dev.lakehouse.local.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The stand-in for S3 cross-region replication: a local run's lake (the Iceberg warehouse, which on
 * AWS is the lake bucket's root, and the lake bucket's own objects) copied byte for byte into a
 * second bucket of the S3 stand-in under the same keys. As with CRR, an object is replicated once:
 * keys already in the replica are left as they are (Iceberg never rewrites a file, and a failover
 * rewrote the replica's metadata in place).
 */
public final class LocalReplication {
  /** The replica bucket of the S3 stand-in ({@code lakehouse-<env>-replica-<account>-<drRegion>} on AWS). */
  public static final String REPLICA_BUCKET = "lake-replica";

  private LocalReplication() {}

  /** What one replication did. */
  public record Replicated(int copied, int alreadyThere) {}

  /** Copies what the replica does not have yet from {@code warehouse} and the lake bucket to {@link #REPLICA_BUCKET}. */
  public static Replicated replicate(S3Client s3, Path warehouse) throws Exception {
    if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(REPLICA_BUCKET))) {
      s3.createBucket(b -> b.bucket(REPLICA_BUCKET));
    }
    Set<String> there = keys(s3, REPLICA_BUCKET);
    List<Path> files;
    try (Stream<Path> all = Files.walk(warehouse)) {
      files = all.filter(Files::isRegularFile).toList();
    }
    List<String> lake = keys(s3, LocalPlatform.LAKE_BUCKET).stream().filter(k -> !there.contains(k)).toList();
    // many small files: a few requests in flight at once (the stand-in is on this machine)
    ExecutorService pool = Executors.newFixedThreadPool(4);
    int copied = 0;
    try {
      List<Future<?>> pending = new java.util.ArrayList<>();
      for (Path f : files) {
        String key = warehouse.relativize(f).toString().replace(java.io.File.separatorChar, '/');
        if (!there.contains(key)) {
          pending.add(pool.submit(() -> s3.putObject(b -> b.bucket(REPLICA_BUCKET).key(key), RequestBody.fromFile(f))));
        }
      }
      for (String key : lake) {
        pending.add(pool.submit(() -> s3.copyObject(b -> b.sourceBucket(LocalPlatform.LAKE_BUCKET).sourceKey(key)
            .destinationBucket(REPLICA_BUCKET).destinationKey(key))));
      }
      for (Future<?> p : pending) {
        p.get();
      }
      copied = pending.size();
    } finally {
      pool.shutdownNow();
    }
    return new Replicated(copied, there.size());
  }

  private static Set<String> keys(S3Client s3, String bucket) throws IOException {
    Set<String> keys = new HashSet<>();
    s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).forEach(keys::add);
    return keys;
  }
}
