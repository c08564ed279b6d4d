// bench: DynamoDB Local on its own: the bare GetItem + UpdateItem round trip the confirm latency is set
// beside, and the sizes of the items a registration writes (they decide the request units it costs).
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../infra/local/dynamodb-local.js';
import { runLoad, summarize, type Latencies } from './stats.js';

export interface DynamoDbTarget {
  readonly endpoint: string;
  readonly tableName: string;
}

/** A client built as the functions build theirs (shared/adapters/wiring/dynamodb.ts), pointed at DynamoDB Local. */
const localClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

const benchKey = (client: number) => ({ pk: `BENCH#${client}`, sk: 'BARE' }) as const;

/**
 * Latency of one consistent GetItem followed by one conditional UpdateItem, from `concurrency` clients,
 * each on its own item: the least a confirm can cost in storage round trips.
 */
const measureBareRoundTrip = async (
  target: DynamoDbTarget,
  options: { readonly concurrency: number; readonly total: number; readonly warmup: number },
): Promise<Latencies> => {
  const raw = localClient(target.endpoint);
  const client = DynamoDBDocumentClient.from(raw);
  const TableName = target.tableName;
  try {
    await Promise.all(
      Array.from({ length: options.concurrency }, (_, i) =>
        client.send(new PutCommand({ TableName, Item: { ...benchKey(i), tries: 0 } })),
      ),
    );
    const roundTrip = async (index: number): Promise<void> => {
      const Key = benchKey(index % options.concurrency);
      await client.send(new GetCommand({ TableName, Key, ConsistentRead: true }));
      await client.send(
        new UpdateCommand({
          TableName,
          Key,
          UpdateExpression: 'SET tries = tries + :one',
          ConditionExpression: 'attribute_exists(pk) AND tries >= :zero',
          ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
        }),
      );
    };
    await runLoad({ concurrency: options.concurrency, total: options.warmup }, roundTrip);
    const load = await runLoad({ concurrency: options.concurrency, total: options.total }, roundTrip);
    return summarize(load.latenciesMs);
  } finally {
    raw.destroy();
  }
};

/**
 * An item's size as DynamoDB counts it for request units: each attribute's name plus its value (strings
 * and binaries by length, numbers about one byte per two digits plus one, 3 bytes per list or map and one
 * per element, one byte for booleans and nulls).
 */
const itemBytes = (item: Record<string, AttributeValue>): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value), 0);

const valueBytes = (value: AttributeValue): number => {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|^0+/g, '').length / 2) + 1;
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + valueBytes(element), 0);
  if (value.M !== undefined) return 3 + Object.keys(value.M).length + itemBytes(value.M);
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + Math.ceil(n.length / 2) + 1, 0);
  return 0;
};

/** What an item is, from its key: ACCOUNT (pending or active), NAME guard, registration CODE, EMAIL guard… */
const itemKind = (item: Record<string, AttributeValue>): string => {
  const prefix = item['pk']?.S?.split('#')[0] ?? '?';
  const sort = item['sk']?.S ?? '';
  if (prefix === 'ACCOUNT') return `account (${item['status']?.S ?? '?'})`;
  if (sort.startsWith('CODE#')) return 'registration code';
  return `${prefix.toLowerCase()} ${sort.toLowerCase()}`;
};

/** The largest item of each kind the table holds (benchmark items aside), in bytes. */
const largestItemsByKind = async (target: DynamoDbTarget): Promise<Record<string, number>> => {
  const client = localClient(target.endpoint);
  const largest: Record<string, number> = {};
  try {
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: target.tableName, ExclusiveStartKey }));
      for (const item of page.Items ?? []) {
        if (item['pk']?.S?.startsWith('BENCH#') === true) continue;
        const kind = itemKind(item);
        largest[kind] = Math.max(largest[kind] ?? 0, itemBytes(item));
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey !== undefined);
  } finally {
    client.destroy();
  }
  return largest;
};

export { itemBytes, largestItemsByKind, measureBareRoundTrip };
