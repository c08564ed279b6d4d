// test/integration/adapters/dynamodb: the sign-in throttles on DynamoDB Local: consecutive failures per
// name with a back-off never shorter than promised and a lock that outlives the TTL only for an account,
// parallel attempts that cannot outrun the back-off, and the per-IP failure window.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createDynamoDbIpFailureThrottle,
  createDynamoDbSignInThrottle,
} from '../../../../shared/adapters/dynamodb/dynamodb-sign-in-throttle.js';
import { ipFailureKey, signInThrottleKey } from '../../../../shared/adapters/dynamodb/items/index.js';
import type { SignInGate, SignInLimits } from '../../../../shared/domain/session/ports.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { signet } from '../../../helpers/api.js';
import { localDocumentClient, uniqueId } from '../../../helpers/dynamodb-accounts.js';

const { tableName } = signet();
const client = localDocumentClient();
const throttle = createDynamoDbSignInThrottle({ client, tableName });
const ipThrottle = createDynamoDbIpFailureThrottle({ client, tableName });
afterAll(() => client.destroy());

const limits: SignInLimits = { backoffAfterFailures: 5, backoffInitialSeconds: 1, backoffMaxSeconds: 900, lockAfterFailures: 10 };
const t0 = new Date('2026-11-25T10:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const ACCOUNT = 'acc-1' as AccountId;

const stored = async (key: { pk: string; sk: string }) => (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;

describe('Class: DynamoDbSignInThrottle', () => {
  describe('Method: admit', () => {
    it('counts each attempt in advance and backs off after 5, at least the full second even late in a second', async () => {
      // Prepare
      const name = uniqueId('name');
      const gates: SignInGate[] = [];
      for (let i = 0; i < 4; i += 1) gates.push(await throttle.admit(name, ACCOUNT, at(i), limits));

      // Act
      const fifth = await throttle.admit(name, ACCOUNT, at(4.95), limits);
      const justAfter = await throttle.admit(name, ACCOUNT, at(5.05), limits);
      const stillBlocked = await throttle.admit(name, ACCOUNT, at(5.96), limits);
      const aSecondLater = await throttle.admit(name, ACCOUNT, at(6.01), limits);

      // Assess
      expect(gates.map((gate) => gate.outcome)).toEqual(['allowed', 'allowed', 'allowed', 'allowed']);
      expect(fifth).toEqual({ outcome: 'allowed', failures: 5 });
      expect(justAfter).toEqual({ outcome: 'blocked', retryAfterSeconds: 1 });
      expect(stillBlocked).toEqual({ outcome: 'blocked', retryAfterSeconds: 1 });
      expect(aSecondLater).toEqual({ outcome: 'allowed', failures: 6 });
      // The sixth failure backs off 2 s, from the next whole second.
      expect(await stored(signInThrottleKey(name))).toMatchObject({ consecutiveFailures: 6, blockedUntil: t0.getTime() / 1000 + 7 + 2 });
    });

    it('lets only one of parallel attempts through once the back-off starts', async () => {
      // Prepare
      const name = uniqueId('name');
      for (let i = 0; i < 4; i += 1) await throttle.admit(name, ACCOUNT, at(i), limits);

      // Act
      const gates = await Promise.all(Array.from({ length: 6 }, () => throttle.admit(name, ACCOUNT, at(10), limits)));

      // Assess
      expect(gates.filter((gate) => gate.outcome === 'allowed')).toEqual([{ outcome: 'allowed', failures: 5 }]);
      expect((await stored(signInThrottleKey(name)))?.consecutiveFailures).toBe(5);
    });

    it('locks an account after the lock count for good (no TTL); an unknown name forgets in time', async () => {
      // Prepare
      const account = uniqueId('name');
      const unknown = uniqueId('name');
      for (let i = 0; i < limits.lockAfterFailures; i += 1) {
        await throttle.admit(account, ACCOUNT, at(i * 1000), limits);
        await throttle.admit(unknown, undefined, at(i * 1000), limits);
      }

      // Act
      const locked = await throttle.admit(account, ACCOUNT, at(400 * 86_400), limits);

      // Assess
      expect(locked).toEqual({ outcome: 'locked' });
      expect(await stored(signInThrottleKey(account))).toMatchObject({ locked: true, accountId: ACCOUNT });
      expect((await stored(signInThrottleKey(account)))?.expiresAt).toBeUndefined();
      expect((await stored(signInThrottleKey(unknown)))?.expiresAt).toBeGreaterThan(t0.getTime() / 1000);
      expect(await throttle.admit(unknown, undefined, at(400 * 86_400), limits)).toEqual({ outcome: 'allowed', failures: 1 });
    });
  });

  describe('Method: succeeded and clear', () => {
    it('starts the count again after a success, unless a failure was counted meanwhile; clear lifts a lock', async () => {
      // Prepare
      const name = uniqueId('name');
      const first = await throttle.admit(name, ACCOUNT, t0, limits);
      const second = await throttle.admit(name, ACCOUNT, at(1), limits);
      const locked = uniqueId('name');
      for (let i = 0; i < limits.lockAfterFailures; i += 1) await throttle.admit(locked, ACCOUNT, at(i * 1000), limits);

      // Act
      await throttle.succeeded(name, first.outcome === 'allowed' ? first.failures : 0);
      const afterStale = await stored(signInThrottleKey(name));
      await throttle.succeeded(name, second.outcome === 'allowed' ? second.failures : 0);
      await throttle.clear(locked);

      // Assess
      expect(afterStale?.consecutiveFailures).toBe(2);
      expect(await stored(signInThrottleKey(name))).toBeUndefined();
      expect(await throttle.admit(locked, ACCOUNT, at(20_000), limits)).toEqual({ outcome: 'allowed', failures: 1 });
    });
  });
});

describe('Class: DynamoDbIpFailureThrottle', () => {
  it('takes at most the hourly number of slots, gives them back, and opens a new window after the hour', async () => {
    // Prepare
    const ip = uniqueId('ip');
    const taken = [];
    for (let i = 0; i < 3; i += 1) taken.push(await ipThrottle.take(ip, at(i), 3));

    // Act
    const full = await ipThrottle.take(ip, at(600), 3);
    await ipThrottle.giveBack(ip, at(601));
    const afterGiveBack = await ipThrottle.take(ip, at(602), 3);
    const nextHour = await ipThrottle.take(ip, at(3600), 3);

    // Assess
    expect(taken.map((gate) => gate.outcome)).toEqual(['allowed', 'allowed', 'allowed']);
    expect(full).toEqual({ outcome: 'blocked', retryAfterSeconds: 3000 });
    expect(afterGiveBack).toEqual({ outcome: 'allowed' });
    expect(nextHour).toEqual({ outcome: 'allowed' });
    expect(await stored(ipFailureKey(ip))).toMatchObject({ count: 1, windowStart: t0.getTime() / 1000 + 3600 });
  });
});
