// bench/floor: the cold-start floor the functions are set beside: `@aws-sdk/client-dynamodb` alone making one
// client, with the one GetItem a handler would send, built by bench/synth-process.ts with the stack's esbuild
// step (infra/constructs/route-function.ts: functionBundling) and timed like every function.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

/** One consistent read of a fixed key; never called by the bench, which times the module scope. */
const handler = async (): Promise<boolean> => {
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: process.env['TABLE_NAME'],
      Key: { pk: { S: 'FLOOR' }, sk: { S: 'FLOOR' } },
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
};

export { handler };
