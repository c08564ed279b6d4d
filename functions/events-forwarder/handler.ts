// functions/events-forwarder: the table's stream (new outbox items only, by the event source's filter;
// locally infra/local/stream-poller.ts) → forwardEvents → PutEvents to the stage's bus. Answers the
// records to deliver again as batch item failures (ReportBatchItemFailures), so the shard resumes there.
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { outboxRecordsOf } from '../../shared/adapters/dynamodb/dynamodb-event-outbox.js';
import { forwardEventsDeps } from '../../shared/adapters/wiring/forward-events.js';
import { functionLogger } from '../../shared/adapters/wiring/logger.js';
import { forwardEvents } from '../../shared/domain/events/forward-events.js';

// Once per container.
const forward = forwardEvents(forwardEventsDeps());

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const { outbox, skipped } = outboxRecordsOf(event.Records);
  if (skipped.length > 0) functionLogger.warn('outbox records skipped', { count: skipped.length });
  const { failedRecordIds } = await forward(outbox);
  return { batchItemFailures: failedRecordIds.map((itemIdentifier) => ({ itemIdentifier })) };
};
