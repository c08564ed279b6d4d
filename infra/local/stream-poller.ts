// infra/local: the local stand-in for Lambda's DynamoDB event source. It reads DynamoDB Local's stream of the
// table (DescribeStream, GetShardIterator from the oldest record, GetRecords, polling), keeps the records the
// deployed event source's filter keeps (new outbox items), and hands them in batches to the same forwarder
// handler Lambda runs (functions/events-forwarder). Records the handler answers as batch item failures (or a
// whole batch it throws on) are handed over again on the next poll, from the first failed one on.
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { isOutboxInsert } from '../../shared/adapters/dynamodb/dynamodb-event-outbox.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamodb-local.js';

/** What the poller calls: the forwarder's Lambda handler. */
export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

export interface StreamPollerOptions {
  readonly endpoint: string;
  readonly tableName: string;
  readonly handler: StreamHandler;
  /** Between polls; defaults to 100 ms. */
  readonly intervalMs?: number;
  /** Records per handler call, as the deployed event source's batch size; defaults to 10. */
  readonly batchSize?: number;
  /** Where failures go (error names only); defaults to console.error. */
  readonly onWarning?: (message: string) => void;
}

export interface StreamPoller {
  /** Stops after the poll under way; idempotent. */
  stop(): Promise<void>;
}

interface ShardState {
  iterator: string | undefined;
  /** Records read but not yet forwarded, oldest first. */
  pending: DynamoDBRecord[];
}

/** DescribeStream is read this often (shards appear as DynamoDB Local rolls them over). */
const DESCRIBE_EVERY_POLLS = 10;

const errorName = (error: unknown): string => (error instanceof Error ? error.name : typeof error);

/** A record from GetRecords in the shape Lambda gives the function (attribute values are the same JSON). */
const toLambdaRecord = (record: StreamRecord, streamArn: string): DynamoDBRecord => {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    ...(record.eventID === undefined ? {} : { eventID: record.eventID }),
    ...(record.eventName === undefined ? {} : { eventName: record.eventName }),
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? LOCAL_REGION,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(record.dynamodb as NonNullable<DynamoDBRecord['dynamodb']>),
      ...(created === undefined ? {} : { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) }),
    },
  };
};

/**
 * Starts polling the table's stream. The table must exist with its stream on (ensureTable).
 *
 * @example
 * const poller = await startStreamPoller({ endpoint, tableName: 'signet-local', handler });
 * await poller.stop();
 */
const startStreamPoller = async (options: StreamPollerOptions): Promise<StreamPoller> => {
  const intervalMs = options.intervalMs ?? 100;
  const batchSize = options.batchSize ?? 10;
  const onWarning = options.onWarning ?? ((message: string) => console.error(message));
  const clientConfig = { endpoint: options.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const tables = new DynamoDBClient(clientConfig);
  const streams = new DynamoDBStreamsClient(clientConfig);
  const { Table } = await tables.send(new DescribeTableCommand({ TableName: options.tableName }));
  tables.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (streamArn === undefined) {
    streams.destroy();
    throw new Error(`Table ${options.tableName} has no stream`);
  }

  const shards = new Map<string, ShardState>();
  const closed = new Set<string>();

  const describe = async (): Promise<void> => {
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ...(start === undefined ? {} : { ExclusiveStartShardId: start }),
        }),
      );
      // Parents are listed before their children, so the oldest records are forwarded first.
      for (const shard of StreamDescription?.Shards ?? []) {
        const id = shard.ShardId;
        if (id === undefined || shards.has(id) || closed.has(id)) continue;
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: id,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        shards.set(id, { iterator: ShardIterator, pending: [] });
      }
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start !== undefined);
  };

  /** Hands the pending records over, a batch at a time; keeps those from the first failure on. */
  const forward = async (state: ShardState): Promise<void> => {
    while (state.pending.length > 0) {
      const batch = state.pending.slice(0, batchSize);
      let failedFrom: number;
      try {
        const answer = await options.handler({ Records: batch });
        const failed = new Set((answer?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
        failedFrom = batch.findIndex((record) => failed.has(record.dynamodb?.SequenceNumber ?? ''));
      } catch (error) {
        onWarning(`signet-local: events forwarder failed (${errorName(error)}); retrying`);
        failedFrom = 0;
      }
      if (failedFrom !== -1) {
        state.pending = [...batch.slice(failedFrom), ...state.pending.slice(batch.length)];
        return;
      }
      state.pending = state.pending.slice(batch.length);
    }
  };

  const pollShard = async (id: string, state: ShardState): Promise<void> => {
    if (state.iterator !== undefined) {
      try {
        const { Records = [], NextShardIterator } = await streams.send(
          new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 100 }),
        );
        state.pending.push(
          ...Records.map((record) => toLambdaRecord(record, streamArn)).filter((record) =>
            isOutboxInsert(record),
          ),
        );
        state.iterator = NextShardIterator;
      } catch (error) {
        if (!(error instanceof ExpiredIteratorException)) throw error;
        // Read from the oldest again: at least once, and consumers drop what they saw by eventId.
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: id,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        state.iterator = ShardIterator;
      }
    }
    await forward(state);
    if (state.iterator === undefined && state.pending.length === 0) {
      shards.delete(id);
      closed.add(id);
    }
  };

  let stopped = false;
  let polls = 0;
  const loop = async (): Promise<void> => {
    while (!stopped) {
      try {
        if (polls % DESCRIBE_EVERY_POLLS === 0) await describe();
        polls += 1;
        for (const [id, state] of shards) {
          if (stopped) break;
          await pollShard(id, state);
        }
      } catch (error) {
        if (!stopped)
          onWarning(`signet-local: reading the table's stream failed (${errorName(error)}); retrying`);
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  };
  const running = loop();

  let stopping: Promise<void> | undefined;
  return {
    stop: () => {
      stopped = true;
      stopping ??= running.finally(() => streams.destroy());
      return stopping;
    },
  };
};

export { startStreamPoller };
