// test/unit/functions/events-forwarder: the forwarder's Lambda handler with EventBridge and DynamoDB mocked
// (aws-sdk-client-mock): which stream records become PutEvents entries, their exact parameters, the outbox
// item's TTL update, and which records come back as batch item failures.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OUTBOX_FALLBACK_SECONDS } from '../../../../shared/adapters/dynamodb/items/index.js';

const events = mockClient(EventBridgeClient);
const table = mockClient(DynamoDBDocumentClient);

let handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
beforeAll(async () => {
  process.env.SIGNET_EVENT_BUS_NAME = 'signet-test';
  process.env.SIGNET_TABLE_NAME = 'signet-test-table';
  process.env.AWS_REGION = 'eu-west-2';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  ({ handler } = await import('../../../../functions/events-forwarder/handler.js'));
});
afterEach(() => {
  events.reset();
  table.reset();
});

const OCCURRED = '2027-01-02T03:04:05.678Z';
let sequence = 100;

/** A stream record of an outbox item, as Lambda hands it over. */
const outboxRecord = (
  eventType: string,
  detail: Record<string, string>,
  eventName: DynamoDBRecord['eventName'] = 'INSERT',
): DynamoDBRecord => {
  sequence += 1;
  const item = {
    pk: `OUTBOX#${detail.eventId}`,
    sk: 'EVENT',
    eventType,
    detail,
    expiresAt: Math.floor(Date.parse(OCCURRED) / 1000) + OUTBOX_FALLBACK_SECONDS,
  };
  return {
    eventID: `e-${sequence}`,
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
      NewImage: marshall(item) as never,
      SequenceNumber: String(sequence),
      StreamViewType: 'NEW_IMAGE',
    },
  };
};

const confirmed = (n: number) =>
  outboxRecord('AccountConfirmed', { eventId: `0000000${n}-aaaa-4bbb-8ccc-dddddddddddd`, accountId: `acc-${n}`, occurredAt: OCCURRED });

describe('Function: events-forwarder handler', () => {
  it('sends each new outbox item to the bus with exactly these parameters, and leaves every other record out', async () => {
    // Prepare
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-1' }, { EventId: 'eb-2' }] });
    table.on(UpdateCommand).resolves({});
    const erased = outboxRecord('AccountErased', {
      eventId: '11111111-aaaa-4bbb-8ccc-dddddddddddd',
      accountId: 'acc-9',
      occurredAt: OCCURRED,
      reason: 'inactivity',
      // Not an AccountErased key: never forwarded, whatever the item holds.
      accountName: 'ada.lovelace',
    });
    const account: DynamoDBRecord = {
      eventName: 'INSERT',
      dynamodb: {
        Keys: marshall({ pk: 'ACCOUNT#acc-1', sk: 'ACCOUNT' }) as never,
        NewImage: marshall({ pk: 'ACCOUNT#acc-1', sk: 'ACCOUNT', status: 'pending' }) as never,
        SequenceNumber: '1',
      },
    };
    const modified = { ...confirmed(2), eventName: 'MODIFY' as const };

    // Act
    const answer = await handler({ Records: [account, confirmed(1), modified, erased] });

    // Assess
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(events.commandCalls(PutEventsCommand).map((call) => call.args[0].input)).toEqual([
      {
        Entries: [
          {
            EventBusName: 'signet-test',
            Source: 'signet',
            DetailType: 'AccountConfirmed',
            Detail: JSON.stringify({
              eventId: '00000001-aaaa-4bbb-8ccc-dddddddddddd',
              accountId: 'acc-1',
              occurredAt: OCCURRED,
            }),
            Time: new Date(OCCURRED),
          },
          {
            EventBusName: 'signet-test',
            Source: 'signet',
            DetailType: 'AccountErased',
            Detail: JSON.stringify({
              eventId: '11111111-aaaa-4bbb-8ccc-dddddddddddd',
              accountId: 'acc-9',
              occurredAt: OCCURRED,
              reason: 'inactivity',
            }),
            Time: new Date(OCCURRED),
          },
        ],
      },
    ]);
    const updates = table.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(updates.map((input) => input.Key)).toEqual([
      { pk: 'OUTBOX#00000001-aaaa-4bbb-8ccc-dddddddddddd', sk: 'EVENT' },
      { pk: 'OUTBOX#11111111-aaaa-4bbb-8ccc-dddddddddddd', sk: 'EVENT' },
    ]);
    expect(updates[0]).toMatchObject({
      TableName: 'signet-test-table',
      UpdateExpression: 'SET expiresAt = :at, forwardedAt = if_not_exists(forwardedAt, :iso)',
      ConditionExpression: 'attribute_exists(pk) AND expiresAt > :at',
    });
    const at = updates[0]?.ExpressionAttributeValues?.[':at'] as number;
    expect(Math.abs(at - Date.now() / 1000)).toBeLessThan(5);
  });

  it('answers a refused entry and every record after it as batch item failures, and marks only those before it', async () => {
    // Prepare
    events.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ EventId: 'eb-1' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }, { EventId: 'eb-3' }],
    });
    table.on(UpdateCommand).resolves({});
    const records = [confirmed(1), confirmed(2), confirmed(3)];

    // Act
    const answer = await handler({ Records: records });

    // Assess
    expect(answer.batchItemFailures).toEqual([
      { itemIdentifier: records[1]?.dynamodb?.SequenceNumber },
      { itemIdentifier: records[2]?.dynamodb?.SequenceNumber },
    ]);
    expect(table.commandCalls(UpdateCommand).map((call) => call.args[0].input.Key?.pk)).toEqual([
      'OUTBOX#00000001-aaaa-4bbb-8ccc-dddddddddddd',
    ]);
  });

  it('answers the whole batch failed when PutEvents fails, and puts 10 entries at most in one call', async () => {
    // Prepare
    const records = Array.from({ length: 12 }, (_, i) => confirmed(i + 1));
    events
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 0, Entries: Array.from({ length: 10 }, (_, i) => ({ EventId: `eb-${i}` })) })
      .rejectsOnce(Object.assign(new Error('Service unavailable'), { name: 'InternalException' }));
    table.on(UpdateCommand).resolves({});

    // Act
    const answer = await handler({ Records: records });

    // Assess
    expect(events.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries?.length)).toEqual([10, 2]);
    expect(answer.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(
      records.slice(10).map((record) => record.dynamodb?.SequenceNumber),
    );
    expect(table.commandCalls(UpdateCommand)).toHaveLength(10);
  });

  it('still answers a published event as forwarded when its TTL update fails', async () => {
    // Prepare
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-1' }] });
    table.on(UpdateCommand).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));

    // Act
    const answer = await handler({ Records: [confirmed(1)] });

    // Assess
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(1);
  });
});
