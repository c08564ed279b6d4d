// test/integration/adapters/dynamodb: IdempotencyGuard.run on Powertools' DynamoDB layer and DynamoDB Local:
// the record it keeps on the one table (keys, TTL, a sealed answer), a 5xx that is not kept, a first request
// that died (a retry runs once its time is up), and the errors the HTTP layer maps.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createIdempotencyCrypto } from '../../../../shared/adapters/crypto/idempotency-crypto.js';
import { classifyKey, idempotencyPartition } from '../../../../shared/adapters/dynamodb/items/index.js';
import { createPowertoolsIdempotencyRun } from '../../../../shared/adapters/dynamodb/powertools-idempotency-store.js';
import { IdempotencyInProgressError, IdempotencyKeyReusedError } from '../../../../shared/domain/errors.js';
import type { RecordedAnswer } from '../../../../shared/domain/ports.js';
import { signet } from '../../../helpers/api.js';
import { localDocumentClient, uniqueId } from '../../../helpers/dynamodb-accounts.js';

const { tableName, dynamodbEndpoint } = signet();
const client = new DynamoDBClient({
  endpoint: dynamodbEndpoint,
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const documents = localDocumentClient();
afterAll(() => {
  client.destroy();
  documents.destroy();
});

const crypto = createIdempotencyCrypto({
  fingerprintKey: new Uint8Array(32).fill(7),
  sealKey: new Uint8Array(32).fill(8),
});
const answer = (statusCode: number, body: unknown): RecordedAnswer => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});
const TEN_SECONDS = () => 10_000;

/** A run on a route of its own, so that one test's records never meet another's. */
const newRun = () => {
  const route = uniqueId('route');
  return { route, run: createPowertoolsIdempotencyRun({ client, tableName, route, crypto }) };
};
const request = (fingerprint = 'fp-1') => ({
  key: randomUUID(),
  caller: `ip:${uniqueId('ip')}`,
  fingerprint,
});

describe('Function: createPowertoolsIdempotencyRun', () => {
  it("keeps the answer sealed in the route's partition, for 24 hours, and replays it without running again", async () => {
    // Prepare
    const { route, run } = newRun();
    const req = request();
    let runs = 0;
    const handle = async () => {
      runs += 1;
      return answer(202, { accountName: 'ada.lovelace' });
    };

    // Act
    const first = await run(req, handle, TEN_SECONDS);
    const again = await run(req, handle, TEN_SECONDS);
    const { Items = [] } = await documents.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': idempotencyPartition(route) },
      }),
    );

    // Assess
    expect(runs).toBe(1);
    expect(first).toEqual({ answer: answer(202, { accountName: 'ada.lovelace' }), replayed: false });
    expect(again).toEqual({ answer: first.answer, replayed: true });
    expect(Items).toHaveLength(1);
    const item = Items[0] as Record<string, unknown> & { pk: string; sk: string };
    expect(classifyKey(item)?.kind).toBe('idempotencyRecord');
    expect(item.sk.startsWith(`${route}#`)).toBe(true);
    expect(item.status).toBe('COMPLETED');
    expect(typeof item.answer).toBe('string');
    expect(item.answer).toMatch(/^v1\./);
    expect(JSON.stringify(item)).not.toContain('ada');
    expect(JSON.stringify(item)).not.toContain(req.key);
    expect(JSON.stringify(item)).not.toContain(req.caller);
    const ttl = (item.expiresAt as number) - Date.now() / 1000;
    expect(ttl).toBeGreaterThan(24 * 3600 - 60);
    expect(ttl).toBeLessThanOrEqual(24 * 3600 + 1);
  });

  it('does not keep an answer of 500 or more: a retry with the same key runs again', async () => {
    // Prepare: the dependency fails once, then works.
    const { run } = newRun();
    const req = request();
    const answers = [answer(503, { error: 'delivery_unavailable' }), answer(202, { status: 'accepted' })];
    let runs = 0;
    const handle = async () => answers[runs++] as RecordedAnswer;

    // Act
    const failed = await run(req, handle, TEN_SECONDS);
    const retried = await run(req, handle, TEN_SECONDS);
    const replayed = await run(req, handle, TEN_SECONDS);

    // Assess
    expect(failed).toEqual({ answer: answers[0], replayed: false });
    expect(retried).toEqual({ answer: answers[1], replayed: false });
    expect(replayed).toEqual({ answer: answers[1], replayed: true });
    expect(runs).toBe(2);
  });

  it('keeps a 4xx and replays it', async () => {
    // Prepare
    const { run } = newRun();
    const req = request();
    let runs = 0;
    const handle = async () => {
      runs += 1;
      return answer(400, { error: 'invalid_code' });
    };

    // Act
    await run(req, handle, TEN_SECONDS);
    const again = await run(req, handle, TEN_SECONDS);

    // Assess
    expect(again).toEqual({ answer: answer(400, { error: 'invalid_code' }), replayed: true });
    expect(runs).toBe(1);
  });

  it('answers IdempotencyKeyReusedError for another fingerprint, even while the first runs', async () => {
    // Prepare
    const { run } = newRun();
    const req = request('fp-a');
    await run(req, async () => answer(202, {}), TEN_SECONDS);

    // Act & Assess
    await expect(
      run({ ...req, fingerprint: 'fp-b' }, async () => answer(202, {}), TEN_SECONDS),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('answers IdempotencyInProgressError while the first runs, and lets a retry run once a dead first is out of time', async () => {
    // Prepare: the first request never finishes (its function died), with 300 ms left when it started.
    const { run } = newRun();
    const req = request();
    void run(
      req,
      () => new Promise<RecordedAnswer>(() => undefined),
      () => 300,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Act
    const during = run(req, async () => answer(202, { n: 2 }), TEN_SECONDS);
    await expect(during).rejects.toBeInstanceOf(IdempotencyInProgressError);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const after = await run(req, async () => answer(202, { n: 3 }), TEN_SECONDS);

    // Assess
    expect(after).toEqual({ answer: answer(202, { n: 3 }), replayed: false });
  });

  it('keeps keys apart by caller and by route', async () => {
    // Prepare
    const one = newRun();
    const other = newRun();
    const req = request();
    await one.run(req, async () => answer(202, { who: 'first' }), TEN_SECONDS);

    // Act
    const otherCaller = await one.run(
      { ...req, caller: 'ip:someone-else' },
      async () => answer(202, { who: 'b' }),
      TEN_SECONDS,
    );
    const otherRoute = await other.run(req, async () => answer(202, { who: 'c' }), TEN_SECONDS);

    // Assess
    expect(otherCaller.replayed).toBe(false);
    expect(otherRoute.replayed).toBe(false);
  });
});
