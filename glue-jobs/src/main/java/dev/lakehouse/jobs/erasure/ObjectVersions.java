package dev.lakehouse.jobs.erasure;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Old versions of objects in a versioned bucket: an erased object's earlier versions, and the
 * versions Iceberg's deletes left behind a delete marker, in the lake bucket and its DR replica
 * (S3 replication does not replicate a delete of a version). Only for {@code s3://} lakes: the local
 * S3 stand-in keeps no versions.
 */
final class ObjectVersions implements AutoCloseable {
  private final S3Client s3;
  private final Optional<String> replicaBucket;
  private long deleted;

  private ObjectVersions(S3Client s3, Optional<String> replicaBucket) {
    this.s3 = s3;
    this.replicaBucket = replicaBucket;
  }

  /** Empty when {@code lakeRoot} is not in S3. */
  static Optional<ObjectVersions> forLake(String lakeRoot, Optional<String> replicaBucket) {
    String scheme = URI.create(lakeRoot).getScheme();
    if (scheme == null || !scheme.startsWith("s3")) {
      return Optional.empty();
    }
    return Optional.of(new ObjectVersions(S3Client.create(), replicaBucket));
  }

  /** Every version of {@code uri}'s key but the current one, here and in the replica. */
  void keepOnlyCurrent(String uri) {
    URI u = URI.create(uri);
    String key = u.getPath().substring(1);
    String current = s3.headObject(b -> b.bucket(u.getHost()).key(key)).versionId();
    for (String bucket : buckets(u.getHost())) {
      purge(bucket, key, v -> v.key().equals(key) && !v.versionId().equals(current));
    }
  }

  /** Under {@code prefix}: every version of each key whose latest version is a delete marker. */
  void purgeDeleted(String bucket, String prefix) {
    List<String> deletedKeys = new ArrayList<>();
    s3.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(prefix)).deleteMarkers().forEach(m -> {
      if (Boolean.TRUE.equals(m.isLatest())) {
        deletedKeys.add(m.key());
      }
    });
    for (String key : deletedKeys) {
      for (String b : buckets(bucket)) {
        purge(b, key, v -> v.key().equals(key));
        s3.listObjectVersionsPaginator(r -> r.bucket(b).prefix(key)).deleteMarkers().stream()
            .filter(m -> m.key().equals(key))
            .forEach(m -> s3.deleteObject(d -> d.bucket(b).key(key).versionId(m.versionId())));
      }
    }
  }

  long deleted() {
    return deleted;
  }

  private List<String> buckets(String lakeBucket) {
    List<String> buckets = new ArrayList<>(List.of(lakeBucket));
    replicaBucket.ifPresent(buckets::add);
    return buckets;
  }

  private void purge(String bucket, String prefix, java.util.function.Predicate<ObjectVersion> which) {
    List<ObjectIdentifier> ids = new ArrayList<>();
    s3.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(prefix)).versions().stream().filter(which)
        .forEach(v -> ids.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
    for (int i = 0; i < ids.size(); i += 1000) { // DeleteObjects takes at most 1000 keys
      List<ObjectIdentifier> batch = ids.subList(i, Math.min(ids.size(), i + 1000));
      s3.deleteObjects(d -> d.bucket(bucket).delete(x -> x.objects(batch).quiet(true)));
      deleted += batch.size();
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
