package dev.lakehouse.embedded;

import dev.lakehouse.contract.ingest.ExtractorSettings;
import java.util.HashMap;
import java.util.Map;

/** The settings that point the extractor handlers at local stand-ins instead of AWS (tests, local mode). */
public final class LocalEndpoints {
  private LocalEndpoints() {}

  public static Map<String, String> environment(String s3Endpoint, String dynamoDbEndpoint, String accessKey, String secretKey) {
    Map<String, String> env = new HashMap<>();
    env.put(ExtractorSettings.AWS_REGION, "us-east-1");
    env.put(ExtractorSettings.LOCAL_ENDPOINT_S3, s3Endpoint);
    env.put(ExtractorSettings.LOCAL_ENDPOINT_DYNAMODB, dynamoDbEndpoint);
    env.put(ExtractorSettings.LOCAL_ACCESS_KEY, accessKey);
    env.put(ExtractorSettings.LOCAL_SECRET_KEY, secretKey);
    return env;
  }
}
