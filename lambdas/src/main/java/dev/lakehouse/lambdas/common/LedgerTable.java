package dev.lakehouse.lambdas.common;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one DynamoDB table both extractors keep their state in: file ledger items ({@code
 * file#...}) and watermarks ({@code watermark#...}), keyed by the string {@code pk}. In AWS the
 * infra stack creates it (on-demand, PITR, KMS); locally and in tests this creates it.
 */
public final class LedgerTable {
  public static final String PARTITION_KEY = "pk";

  private LedgerTable() {}

  public static void createIfMissing(DynamoDbClient dynamo, String table) {
    try {
      dynamo.createTable(
          b -> b.tableName(table)
              .billingMode(BillingMode.PAY_PER_REQUEST)
              .attributeDefinitions(AttributeDefinition.builder().attributeName(PARTITION_KEY).attributeType(ScalarAttributeType.S).build())
              .keySchema(KeySchemaElement.builder().attributeName(PARTITION_KEY).keyType(KeyType.HASH).build()));
      dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
    } catch (ResourceInUseException exists) {
      // created by an earlier run
    }
  }
}
