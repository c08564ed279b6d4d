// shared/adapters/dynamodb: the EventOutbox port on the single table, and the outbox records of a stream
// batch. (forwardEvents) --> EventOutbox --> DynamoDB. Marking an item forwarded shortens its TTL; the
// stream then carries a MODIFY of it (and later TTL's REMOVE), which the forwarder's filter leaves out, so
// it never loops.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue as LambdaAttributeValue, DynamoDBRecord } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { OutboxRecord } from '../../domain/events/forward-events.js';
import type { EventOutbox } from '../../domain/events/ports.js';
import { decodeOutboxItem, epochSeconds, OUTBOX_PREFIX, outboxKey } from './items/index.js';

/**
 * The event source filter (Lambda's FilterCriteria pattern): new outbox items only. Modifications (the
 * forwarder's own TTL update) and removals (TTL) never reach the forwarder.
 */
const OUTBOX_STREAM_FILTER = {
  eventName: ['INSERT'],
  dynamodb: { Keys: { pk: { S: [{ prefix: OUTBOX_PREFIX }] } } },
} as const;

/** The same filter in code: what the local stream poller hands over, and a second check in the forwarder. */
const isOutboxInsert = (record: DynamoDBRecord): boolean =>
  record.eventName === 'INSERT' && (record.dynamodb?.Keys?.pk?.S ?? '').startsWith(OUTBOX_PREFIX);

/**
 * The outbox records of a stream batch, in order, named by their sequence numbers. A record of another
 * kind, or an outbox item that does not decode, is left out (and named in `skipped`: nothing can make it
 * forwardable, so it must not block the shard).
 */
const outboxRecordsOf = (
  records: readonly DynamoDBRecord[],
): { readonly outbox: OutboxRecord[]; readonly skipped: string[] } => {
  const outbox: OutboxRecord[] = [];
  const skipped: string[] = [];
  for (const record of records) {
    const recordId = record.dynamodb?.SequenceNumber ?? '';
    const image = record.dynamodb?.NewImage;
    if (!isOutboxInsert(record) || image === undefined) continue;
    const event = decodeOutboxItem(
      unmarshall(image as Record<string, AttributeValue> & Record<string, LambdaAttributeValue>),
    );
    if (event === undefined) skipped.push(recordId);
    else outbox.push({ recordId, event });
  }
  return { outbox, skipped };
};

/**
 * @example
 * const outbox = createDynamoDbEventOutbox({ client: documentClient, tableName });
 * await outbox.markForwarded(eventId, new Date());
 */
const createDynamoDbEventOutbox = (options: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): EventOutbox => ({
  markForwarded: async (eventId, at) => {
    try {
      await options.client.send(
        new UpdateCommand({
          TableName: options.tableName,
          Key: outboxKey(eventId),
          // Never earlier than it was: a second delivery does not push the expiry back.
          UpdateExpression: 'SET expiresAt = :at, forwardedAt = if_not_exists(forwardedAt, :iso)',
          ConditionExpression: 'attribute_exists(pk) AND expiresAt > :at',
          ExpressionAttributeValues: { ':at': epochSeconds(at), ':iso': at.toISOString() },
        }),
      );
    } catch (error) {
      // Gone already, or marked by an earlier delivery.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  },
});

export { createDynamoDbEventOutbox, isOutboxInsert, OUTBOX_STREAM_FILTER, outboxRecordsOf };
