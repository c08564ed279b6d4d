// test/integration/http: idempotentHttpRoute with Powertools' layer on DynamoDB Local and a use case whose
// dependency fails: a 503 is answered and not kept (the retry with the same key runs again), the error
// mapping runs inside the kept handling (a 4xx is kept), a bad key or a refused caller runs nothing.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createIdempotencyCrypto } from '../../../shared/adapters/crypto/idempotency-crypto.js';
import { createPowertoolsIdempotencyRun } from '../../../shared/adapters/dynamodb/powertools-idempotency-store.js';
import {
  DeliveryUnavailableError,
  InvalidCodeError,
  UnauthorizedError,
} from '../../../shared/domain/errors.js';
import type { IdempotencyGuard } from '../../../shared/domain/ports.js';
import { idempotentHttpRoute } from '../../../shared/http/route.js';
import { resend } from '../../../shared/http/routes/registration.js';
import { signet } from '../../helpers/api.js';
import { uniqueId } from '../../helpers/dynamodb-accounts.js';

const { tableName, dynamodbEndpoint } = signet();
const client = new DynamoDBClient({
  endpoint: dynamodbEndpoint,
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
afterAll(() => client.destroy());

const crypto = createIdempotencyCrypto({
  fingerprintKey: new Uint8Array(32).fill(5),
  sealKey: new Uint8Array(32).fill(6),
});
const ResendRequest = resend.request();

/** A guard on a route of its own; `callerOf` is the IP as given, or what the test passes. */
const guardOf = (callerOf: IdempotencyGuard['callerOf'] = async ({ sourceIp }) => `ip:${sourceIp}`) => {
  const calls = { callerOf: 0, run: 0 };
  const run = createPowertoolsIdempotencyRun({ client, tableName, route: uniqueId('resend'), crypto });
  const guard: IdempotencyGuard = {
    callerOf: async (request) => {
      calls.callerOf += 1;
      return callerOf(request);
    },
    fingerprint: crypto.fingerprint,
    run: async (...args) => {
      calls.run += 1;
      return run(...args);
    },
  };
  return { guard, calls };
};

const event = (body: unknown, key?: string): APIGatewayProxyEventV2 => ({
  version: '2.0',
  routeKey: 'POST /v1/registrations/resend',
  rawPath: '/v1/registrations/resend',
  rawQueryString: '',
  headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'Idempotency-Key': key }) },
  isBase64Encoded: false,
  body: JSON.stringify(body),
  requestContext: {
    accountId: 'local',
    apiId: 'local',
    domainName: 'localhost',
    domainPrefix: 'localhost',
    requestId: randomUUID(),
    routeKey: 'POST /v1/registrations/resend',
    stage: '$default',
    time: new Date().toUTCString(),
    timeEpoch: Date.now(),
    http: {
      method: 'POST',
      path: '/v1/registrations/resend',
      protocol: 'HTTP/1.1',
      sourceIp: '192.0.2.10',
      userAgent: 'vitest',
    },
  },
});

describe('Function: idempotentHttpRoute', () => {
  it('answers a 503 without keeping it: the retry with the same key runs again, and its 202 is kept', async () => {
    // Prepare: the courier fails once, then works.
    const { guard } = guardOf();
    let sends = 0;
    const handler = idempotentHttpRoute(resend, ResendRequest, guard, async () => {
      sends += 1;
      if (sends === 1) throw new DeliveryUnavailableError();
      return { statusCode: 202, body: { status: 'accepted' as const } };
    });
    const key = randomUUID();

    // Act
    const failed = await handler(event({ accountName: 'ada.lovelace' }, key));
    const retried = await handler(event({ accountName: 'ada.lovelace' }, key));
    const replayed = await handler(event({ accountName: 'ada.lovelace' }, key));

    // Assess
    expect(failed.statusCode).toBe(503);
    expect(JSON.parse(failed.body ?? '')).toMatchObject({ error: 'delivery_unavailable' });
    expect(retried.statusCode).toBe(202);
    expect(retried.headers?.['idempotent-replayed']).toBeUndefined();
    expect(replayed.statusCode).toBe(202);
    expect(replayed.body).toBe(retried.body);
    expect(replayed.headers?.['idempotent-replayed']).toBe('true');
    expect(sends).toBe(2);
  });

  it('keeps a mapped 4xx (a validation error too) with its headers, and replays it', async () => {
    // Prepare
    const { guard } = guardOf();
    let runs = 0;
    const handler = idempotentHttpRoute(resend, ResendRequest, guard, async () => {
      runs += 1;
      throw new InvalidCodeError();
    });
    const key = randomUUID();
    const invalidKey = randomUUID();

    // Act
    const first = await handler(event({ accountName: 'ada.lovelace' }, key));
    const again = await handler(event({ accountName: 'ada.lovelace' }, key));
    const invalid = await handler(event({ accountName: 'ada.lovelace', extra: 1 }, invalidKey));
    const invalidAgain = await handler(event({ accountName: 'ada.lovelace', extra: 1 }, invalidKey));

    // Assess
    expect([first.statusCode, again.statusCode]).toEqual([400, 400]);
    expect(again.body).toBe(first.body);
    expect(again.headers).toMatchObject({ 'cache-control': 'no-store', 'idempotent-replayed': 'true' });
    expect(runs).toBe(1);
    expect(invalid.statusCode).toBe(400);
    expect(invalidAgain).toMatchObject({ statusCode: 400, body: invalid.body });
    expect(invalidAgain.headers?.['idempotent-replayed']).toBe('true');
  });

  it('runs nothing for a bad key, and looks no key up for a refused caller', async () => {
    // Prepare
    const refusing = guardOf(async () => {
      throw new UnauthorizedError();
    });
    const plain = guardOf();
    let runs = 0;
    const handle = async () => {
      runs += 1;
      return { statusCode: 202 as const, body: { status: 'accepted' as const } };
    };

    // Act
    const badKey = await idempotentHttpRoute(
      resend,
      ResendRequest,
      plain.guard,
      handle,
    )(event({ accountName: 'ada.lovelace' }, 'two words'));
    const refused = await idempotentHttpRoute(
      resend,
      ResendRequest,
      refusing.guard,
      handle,
    )(event({ accountName: 'ada.lovelace' }, randomUUID()));
    const unkeyed = await idempotentHttpRoute(
      resend,
      ResendRequest,
      plain.guard,
      handle,
    )(event({ accountName: 'ada.lovelace' }));

    // Assess
    expect(badKey.statusCode).toBe(400);
    expect(JSON.parse(badKey.body ?? '')).toMatchObject({ details: [{ field: 'Idempotency-Key' }] });
    expect(refused.statusCode).toBe(401);
    expect(refusing.calls).toEqual({ callerOf: 1, run: 0 });
    expect(unkeyed.statusCode).toBe(202);
    expect(plain.calls).toEqual({ callerOf: 0, run: 0 });
    expect(runs).toBe(1);
  });
});
