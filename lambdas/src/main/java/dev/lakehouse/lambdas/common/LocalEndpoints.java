package dev.lakehouse.lambdas.common;

import java.util.HashMap;
import java.util.Map;

/** The settings that point the handlers at local stand-ins instead of AWS (tests, local mode). */
public final class LocalEndpoints {
  private LocalEndpoints() {}

  public static Map<String, String> environment(String s3Endpoint, String dynamoDbEndpoint, String accessKey, String secretKey) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("LAKEHOUSE_ENDPOINT_S3", s3Endpoint);
    env.put("LAKEHOUSE_ENDPOINT_DYNAMODB", dynamoDbEndpoint);
    env.put("LAKEHOUSE_LOCAL_ACCESS_KEY", accessKey);
    env.put("LAKEHOUSE_LOCAL_SECRET_KEY", secretKey);
    return env;
  }
}
