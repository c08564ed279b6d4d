// test/integration/adapters/dynamodb: the sign-in throttles on DynamoDB Local: consecutive failures per
// (name, client) with a back-off never shorter than promised and each client's own, a lock per name that
// counts only clients not yet throttled and outlives the TTL only for an account, parallel attempts that
// cannot outrun the back-off, and the per-IP failure window.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createDynamoDbIpFailureThrottle,
  createDynamoDbSignInThrottle,
} from '../../../../shared/adapters/dynamodb/dynamodb-sign-in-throttle.js';
import { ipFailureKey, signInClientThrottleKey, signInThrottleKey } from '../../../../shared/adapters/dynamodb/items/index.js';
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
    it('counts each attempt in advance and backs off a client after 5, at least the full second even late in a second', async () => {
      // Prepare
      const name = uniqueId('name');
      const ip = uniqueId('ip');
      const gates: SignInGate[] = [];
      for (let i = 0; i < 4; i += 1) gates.push(await throttle.admit(name, ip, ACCOUNT, at(i), limits));

      // Act
      const fifth = await throttle.admit(name, ip, ACCOUNT, at(4.95), limits);
      const justAfter = await throttle.admit(name, ip, ACCOUNT, at(5.05), limits);
      const stillBlocked = await throttle.admit(name, ip, ACCOUNT, at(5.96), limits);
      const aSecondLater = await throttle.admit(name, ip, ACCOUNT, at(6.01), limits);

      // Assess
      expect(gates.map((gate) => gate.outcome)).toEqual(['allowed', 'allowed', 'allowed', 'allowed']);
      expect(fifth).toEqual({ outcome: 'allowed', clientFailures: 5, lockFailures: 5 });
      expect(justAfter).toEqual({ outcome: 'blocked', retryAfterSeconds: 1 });
      expect(stillBlocked).toEqual({ outcome: 'blocked', retryAfterSeconds: 1 });
      // In back-off since its fifth failure: the sixth adds nothing to the lock.
      expect(aSecondLater).toEqual({ outcome: 'allowed', clientFailures: 6 });
      // The sixth failure backs off 2 s, from the next whole second.
      expect(await stored(signInClientThrottleKey(name, ip))).toMatchObject({ consecutiveFailures: 6, blockedUntil: t0.getTime() / 1000 + 7 + 2 });
      expect(await stored(signInThrottleKey(name))).toMatchObject({ consecutiveFailures: 5, accountId: ACCOUNT });
    });

    it("keeps each client's back-off its own: another client's failures never hold this one back", async () => {
      // Prepare
      const name = uniqueId('name');
      const attacker = uniqueId('ip');
      const owner = uniqueId('ip');
      for (let i = 0; i < 5; i += 1) await throttle.admit(name, attacker, ACCOUNT, at(i), limits);

      // Act
      const attackerAgain = await throttle.admit(name, attacker, ACCOUNT, at(4.5), limits);
      const ownerFirst = await throttle.admit(name, owner, ACCOUNT, at(4.5), limits);

      // Assess
      expect(attackerAgain).toEqual({ outcome: 'blocked', retryAfterSeconds: 1 });
      expect(ownerFirst).toEqual({ outcome: 'allowed', clientFailures: 1, lockFailures: 6 });
    });

    it('lets only one of parallel attempts of one client through once its back-off starts', async () => {
      // Prepare
      const name = uniqueId('name');
      const ip = uniqueId('ip');
      for (let i = 0; i < 4; i += 1) await throttle.admit(name, ip, ACCOUNT, at(i), limits);

      // Act
      const gates = await Promise.all(Array.from({ length: 6 }, () => throttle.admit(name, ip, ACCOUNT, at(10), limits)));

      // Assess
      expect(gates.filter((gate) => gate.outcome === 'allowed')).toEqual([{ outcome: 'allowed', clientFailures: 5, lockFailures: 5 }]);
      expect((await stored(signInClientThrottleKey(name, ip)))?.consecutiveFailures).toBe(5);
    });

    it('counts parallel attempts of many clients toward the lock exactly, with no spurious wait', async () => {
      // Prepare
      const name = uniqueId('name');

      // Act: 16 clients at once against a lock of 10.
      const gates = await Promise.all(
        Array.from({ length: 16 }, () => throttle.admit(name, uniqueId('ip'), ACCOUNT, at(1), limits)),
      );

      // Assess
      const allowed = gates.flatMap((gate) => (gate.outcome === 'allowed' ? [gate.lockFailures] : []));
      expect(allowed.sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(gates.filter((gate) => gate.outcome === 'locked')).toHaveLength(6);
      expect(gates.filter((gate) => gate.outcome === 'blocked')).toEqual([]);
    });

    it('locks an account once clients not yet throttled failed the lock count, for good (no TTL); an unknown name forgets in time', async () => {
      // Prepare: one client fails 5 and then 3 more after its back-off; only its first 5 count.
      const account = uniqueId('name');
      const unknown = uniqueId('name');
      const first = uniqueId('ip');
      for (let i = 0; i < 5; i += 1) await throttle.admit(account, first, ACCOUNT, at(i), limits);
      for (let i = 0; i < 3; i += 1) await throttle.admit(account, first, ACCOUNT, at(1000 * (i + 1)), limits);
      const afterThrottled = (await stored(signInThrottleKey(account)))?.consecutiveFailures;
      const second = uniqueId('ip');
      for (let i = 0; i < 5; i += 1) await throttle.admit(account, second, ACCOUNT, at(5000 + i), limits);
      for (let i = 0; i < limits.lockAfterFailures; i += 1) {
        await throttle.admit(unknown, uniqueId('ip'), undefined, at(i * 1000), limits);
      }

      // Act
      const locked = await throttle.admit(account, uniqueId('ip'), ACCOUNT, at(400 * 86_400), limits);

      // Assess
      expect(afterThrottled).toBe(5);
      expect(locked).toEqual({ outcome: 'locked' });
      expect(await stored(signInThrottleKey(account))).toMatchObject({ locked: true, accountId: ACCOUNT, consecutiveFailures: 10 });
      expect((await stored(signInThrottleKey(account)))?.expiresAt).toBeUndefined();
      expect((await stored(signInThrottleKey(unknown)))?.expiresAt).toBeGreaterThan(t0.getTime() / 1000);
      expect(await throttle.admit(unknown, uniqueId('ip'), undefined, at(400 * 86_400), limits)).toEqual({
        outcome: 'allowed',
        clientFailures: 1,
        lockFailures: 1,
      });
    });

    it('keeps a lock written by the former layout (one item per name, locked)', async () => {
      // Prepare
      const name = uniqueId('name');
      await throttle.admit(name, uniqueId('ip'), ACCOUNT, t0, limits);
      const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: signInThrottleKey(name),
          UpdateExpression: 'SET locked = :true, consecutiveFailures = :n, blockedUntil = :zero REMOVE expiresAt',
          ExpressionAttributeValues: { ':true': true, ':n': 3, ':zero': 0 },
        }),
      );

      // Act
      const gate = await throttle.admit(name, uniqueId('ip'), ACCOUNT, at(10), limits);

      // Assess
      expect(gate).toEqual({ outcome: 'locked' });
    });
  });

  describe('Method: succeeded and clearLock', () => {
    it("starts this client's count again after a success, unless a failure was counted meanwhile, and leaves other clients' back-off", async () => {
      // Prepare
      const name = uniqueId('name');
      const owner = uniqueId('ip');
      const attacker = uniqueId('ip');
      for (let i = 0; i < 5; i += 1) await throttle.admit(name, attacker, ACCOUNT, at(i), limits);
      const first = await throttle.admit(name, owner, ACCOUNT, at(5), limits);
      const second = await throttle.admit(name, owner, ACCOUNT, at(6), limits);
      if (first.outcome !== 'allowed' || second.outcome !== 'allowed') throw new Error('not admitted');

      // Act
      await throttle.succeeded(name, owner, first, limits);
      const afterStale = await stored(signInClientThrottleKey(name, owner));
      await throttle.succeeded(name, owner, second, limits);

      // Assess
      expect(afterStale?.consecutiveFailures).toBe(2);
      expect(await stored(signInClientThrottleKey(name, owner))).toBeUndefined();
      // A success ends the run of failures toward the lock.
      expect((await stored(signInThrottleKey(name)))?.consecutiveFailures).toBe(0);
      expect(await throttle.admit(name, attacker, ACCOUNT, at(4.5), limits)).toMatchObject({ outcome: 'blocked' });
    });

    it("clearLock lifts the lock and the given client's back-off, and no other client's", async () => {
      // Prepare
      const name = uniqueId('name');
      const owner = uniqueId('ip');
      const attacker = uniqueId('ip');
      for (let i = 0; i < 5; i += 1) await throttle.admit(name, attacker, ACCOUNT, at(i), limits);
      for (let i = 0; i < 5; i += 1) await throttle.admit(name, owner, ACCOUNT, at(i), limits);
      const locked = await throttle.admit(name, uniqueId('ip'), ACCOUNT, at(10), limits);

      // Act
      await throttle.clearLock(name, owner);

      // Assess
      expect(locked).toEqual({ outcome: 'locked' });
      expect(await throttle.admit(name, owner, ACCOUNT, at(4.5), limits)).toEqual({ outcome: 'allowed', clientFailures: 1, lockFailures: 1 });
      expect(await throttle.admit(name, attacker, ACCOUNT, at(4.5), limits)).toMatchObject({ outcome: 'blocked' });
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
