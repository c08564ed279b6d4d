// shared/adapters/dynamodb: the single table's shape. infra/constructs/signet-table.ts deploys it with
// CDK and infra/local creates it in DynamoDB Local from the same object, so the two cannot drift.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * Key attribute names and the TTL attribute. The table has no secondary index: every read is by key,
 * and the retention sweeper scans (shared/adapters/dynamodb/items lists every item kind).
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB TTL deletes the item some time after it passes. */
  ttlAttribute: 'expiresAt',
  /**
   * The stream the events forwarder reads (functions/events-forwarder; locally infra/local/stream-poller.ts):
   * new images only, since an outbox item is all it needs and an old image would only add data to the stream.
   */
  streamViewType: 'NEW_IMAGE',
} as const;

/** CreateTable input for DynamoDB Local (on-demand, same keys and stream as the deployed table). */
const createTableInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: TABLE.partitionKey, AttributeType: 'S' },
    { AttributeName: TABLE.sortKey, AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
    { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
  ],
  StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.streamViewType },
});

export { createTableInput };
