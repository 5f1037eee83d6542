package dev.lakehouse.lambdas.support;

import dev.lakehouse.contract.ingest.ExtractorSettings;
import dev.lakehouse.embedded.EmbeddedDynamoDb;
import dev.lakehouse.embedded.EmbeddedS3;
import dev.lakehouse.embedded.LocalCredentials;
import dev.lakehouse.embedded.LocalEndpoints;
import dev.lakehouse.lambdas.common.AwsClients;
import dev.lakehouse.lambdas.common.LedgerTable;
import dev.lakehouse.lambdas.common.Settings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * s3proxy and DynamoDB Local for one test class, reached through the same {@link AwsClients}
 * wiring (endpoint overrides) that local mode uses. Each test gets a fresh bucket and table.
 */
public final class LocalAws implements AutoCloseable {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private final EmbeddedS3 s3 = EmbeddedS3.inMemory();
  private final EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.inMemory();
  public final AwsClients clients;
  public String bucket;
  public String table;

  public LocalAws() {
    clients = AwsClients.fromSettings(new Settings(baseEnv()));
  }

  /** A new bucket and ledger table; returns the settings a handler needs to use them. */
  public Map<String, String> freshEnvironment() {
    int n = SEQ.incrementAndGet();
    bucket = "lake-" + n;
    table = "ledger-" + n;
    clients.s3().createBucket(b -> b.bucket(bucket));
    LedgerTable.createIfMissing(clients.dynamo(), table);
    Map<String, String> env = new HashMap<>(baseEnv());
    env.put(ExtractorSettings.LAKE_BUCKET, bucket);
    env.put(ExtractorSettings.LEDGER_TABLE, table);
    return env;
  }

  public Map<String, String> baseEnv() {
    return LocalEndpoints.environment(s3.endpoint(), dynamo.endpoint(), LocalCredentials.ACCESS_KEY, LocalCredentials.SECRET_KEY);
  }

  public List<String> keys(String prefix) {
    List<String> out = new ArrayList<>();
    for (S3Object o : clients.s3().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      out.add(o.key());
    }
    return out;
  }

  public byte[] bytes(String key) {
    return object(key).asByteArray();
  }

  public ResponseBytes<GetObjectResponse> object(String key) {
    return clients.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key));
  }

  public boolean exists(String key) {
    try {
      clients.s3().headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    clients.s3().close();
    clients.dynamo().close();
    s3.close();
    dynamo.close();
  }
}
