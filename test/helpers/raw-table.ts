// test/helpers: the whole shared test table as raw DynamoDB JSON text, and the events outbox as it answers, for
// the scans that look for plaintext personal data, codes or tokens where none may be.
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { signet } from './api.js';

/** Every item of the table as raw DynamoDB JSON text (every page of a Scan). */
export const scanTableText = async (): Promise<string> => {
  const { dynamodbEndpoint, tableName } = signet();
  const client = new DynamoDBClient({
    endpoint: dynamodbEndpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  client.destroy();
  return JSON.stringify(items);
};

/** The local events outbox's answer (GET /events), as the raw text a consumer would receive. */
export const eventsOutboxText = async (): Promise<string> => {
  const response = await fetch(new URL('/events', signet().eventsUrl));
  if (!response.ok) throw new Error(`GET /events answered ${response.status}`);
  return response.text();
};
