// shared/adapters/dynamodb: the single table's shape. infra/constructs/signet-table.ts deploys it with
// CDK and infra/local creates it in DynamoDB Local from the same object, so the two cannot drift.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** Key attribute names, TTL attribute and the one sparse global secondary index. */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB TTL deletes the item some time after it passes. */
  ttlAttribute: 'expiresAt',
  /** Sparse index for housekeeping (the retention sweeper): only items that set gsi1pk appear. */
  index: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;

/** CreateTable input for DynamoDB Local (on-demand, same keys and index as the deployed table). */
const createTableInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: TABLE.partitionKey, AttributeType: 'S' },
    { AttributeName: TABLE.sortKey, AttributeType: 'S' },
    { AttributeName: TABLE.index.partitionKey, AttributeType: 'S' },
    { AttributeName: TABLE.index.sortKey, AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
    { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: TABLE.index.name,
      KeySchema: [
        { AttributeName: TABLE.index.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    },
  ],
});

export { createTableInput };
