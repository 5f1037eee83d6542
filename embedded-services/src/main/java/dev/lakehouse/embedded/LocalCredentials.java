package dev.lakehouse.embedded;

/**
 * The one access key pair every HTTP stand-in accepts. Letters and digits only: DynamoDB Local
 * refuses any other character in an access key id.
 */
public final class LocalCredentials {
  public static final String ACCESS_KEY = "lakehouselocal";
  public static final String SECRET_KEY = "lakehouselocalsecret";

  private LocalCredentials() {}
}
