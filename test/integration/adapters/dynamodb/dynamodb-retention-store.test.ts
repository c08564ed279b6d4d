// test/integration/adapters/dynamodb: the retention store on DynamoDB Local through the real SDK, on a
// table of its own (a scan reads everything): what a scan sees, conditional deletes, and the checkpoint lease.
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditKey } from '../../../../shared/adapters/dynamodb/dynamodb-audit-log.js';
import { checkpointKey, createDynamoDbRetentionStore } from '../../../../shared/adapters/dynamodb/dynamodb-retention-store.js';
import { accountKey, nameGuardKey, noticeThrottleKey, registrationCodeKey } from '../../../../shared/adapters/dynamodb/items/index.js';
import type { RetentionStore, SweepCheckpoint, SweepItem } from '../../../../shared/domain/retention/ports.js';
import { zeroTotals } from '../../../../shared/domain/retention/sweep.js';
import { getItem, localDocumentClient, registerAccount, scratchTable } from '../../../helpers/admin-tables.js';

const client = localDocumentClient();
let table: { tableName: string; drop: () => Promise<void> };
let store: RetentionStore;

beforeAll(async () => {
  table = await scratchTable(client);
  store = createDynamoDbRetentionStore({ client, tableName: table.tableName });
});
afterAll(async () => {
  await table.drop();
  client.destroy();
});

const HOUR = 3_600_000;
const fresh = (runId: string): SweepCheckpoint => ({ runId, startedAt: new Date().toISOString(), pages: 0, totals: zeroTotals() });

/** Every item of the scratch table as the sweeper sees it. */
const scanAll = async (pageSize = 3): Promise<SweepItem[]> => {
  const items: SweepItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.scan(cursor, pageSize);
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return items;
};

describe('Class: DynamoDbRetentionStore', () => {
  describe('Method: scan', () => {
    it('pages through the table and shows kinds and times, never a sealed field or hash', async () => {
      // Prepare
      const lapsed = await registerAccount(client, table.tableName, { pending: true, createdAt: new Date(Date.now() - 25 * HOUR) });
      const active = await registerAccount(client, table.tableName, { activatedAt: new Date('2024-01-01T00:00:00Z') });
      await client.send(
        new PutCommand({ TableName: table.tableName, Item: { ...auditKey({ at: '2026-01-01T00:00:00.000Z', entryId: 'e1' }), action: 'x' } }),
      );

      // Act
      const items = await scanAll();

      // Assess
      const text = JSON.stringify(items);
      for (const secret of ['sealed-name', 'sealed-email', 'wrapped-key', '$argon2id']) expect(text).not.toContain(secret);
      expect(items).toContainEqual({
        kind: 'account',
        ref: accountKey(active.accountId),
        accountId: active.accountId,
        status: 'active',
        lastActiveAt: new Date('2024-01-01T00:00:00Z'),
        legalHold: false,
        erasureRequested: false,
      });
      expect(items).toContainEqual(expect.objectContaining({ kind: 'account', accountId: lapsed.accountId, status: 'pending' }));
      expect(items).toContainEqual(expect.objectContaining({ kind: 'guard', ref: nameGuardKey(lapsed.nameIndex) }));
      expect(items).toContainEqual(expect.objectContaining({ kind: 'code', ref: registrationCodeKey(lapsed.nameIndex) }));
      // Never swept: the audit entry, and the activation's outbox event (TTL alone removes it).
      expect(items.filter((item) => item.kind === 'other')).toHaveLength(2);
    });
  });

  describe('Method: removeExpired', () => {
    it('deletes an item whose TTL passed, but not one renewed since the scan', async () => {
      // Prepare
      const now = new Date();
      const expired = noticeThrottleKey('expired');
      const renewed = noticeThrottleKey('renewed');
      for (const key of [expired, renewed]) {
        await client.send(new PutCommand({ TableName: table.tableName, Item: { ...key, expiresAt: Math.floor(now.getTime() / 1000) - 60 } }));
      }
      await client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: renewed,
          UpdateExpression: 'SET expiresAt = :later',
          ExpressionAttributeValues: { ':later': Math.floor(now.getTime() / 1000) + 3600 },
        }),
      );

      // Act
      const outcomes = [await store.removeExpired(expired, now), await store.removeExpired(renewed, now)];

      // Assess
      expect(outcomes).toEqual([true, false]);
      expect(await getItem(client, table.tableName, expired)).toBeUndefined();
      expect(await getItem(client, table.tableName, renewed)).toBeDefined();
    });

    it('never deletes an active account or an audit entry, whatever their TTL', async () => {
      // Prepare
      const active = await registerAccount(client, table.tableName);
      await client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: accountKey(active.accountId),
          UpdateExpression: 'SET expiresAt = :past',
          ExpressionAttributeValues: { ':past': 1 },
        }),
      );
      const audit = auditKey({ at: '2020-01-01T00:00:00.000Z', entryId: 'old' });
      await client.send(new PutCommand({ TableName: table.tableName, Item: { ...audit, expiresAt: 1 } }));

      // Act
      const account = await store.removeExpired(accountKey(active.accountId), new Date());
      const entry = await store.removeExpired(audit, new Date()).catch((error: unknown) => error);

      // Assess
      expect(account).toBe(false);
      expect(entry).toBeInstanceOf(Error);
      expect(await getItem(client, table.tableName, audit)).toBeDefined();
    });
  });

  describe('Method: claim, save, release, finish', () => {
    it('lets one holder at a time work on a sweep, which resumes where it was saved', async () => {
      // Prepare
      const now = new Date();
      const lease = new Date(now.getTime() + 60_000);

      // Act
      const first = await store.claim('holder-a', fresh('run-1'), now, lease);
      const blocked = await store.claim('holder-b', fresh('run-2'), now, lease);
      const saved = await store.save('holder-a', { ...fresh('run-1'), cursor: '{"pk":"x","sk":"y"}', pages: 3 }, lease);
      const stolen = await store.save('holder-b', fresh('run-2'), lease);
      await store.release('holder-a');
      const resumed = await store.claim('holder-b', fresh('run-3'), now, lease);
      await store.finish('holder-b');
      const next = await store.claim('holder-c', fresh('run-4'), now, lease);
      await store.finish('holder-c');

      // Assess
      expect(first).toMatchObject({ runId: 'run-1', pages: 0 });
      expect(first?.cursor).toBeUndefined();
      expect(blocked).toBeUndefined();
      expect([saved, stolen]).toEqual([true, false]);
      expect(resumed).toMatchObject({ runId: 'run-1', cursor: '{"pk":"x","sk":"y"}', pages: 3 });
      expect(next).toMatchObject({ runId: 'run-4', pages: 0 });
      expect(await getItem(client, table.tableName, checkpointKey)).toBeUndefined();
    });

    it('lets a new holder take over a lease that lapsed', async () => {
      // Prepare
      const now = new Date();
      await store.claim('stuck', fresh('run-5'), new Date(now.getTime() - 120_000), new Date(now.getTime() - 60_000));

      // Act
      const taken = await store.claim('rescuer', fresh('run-6'), now, new Date(now.getTime() + 60_000));
      await store.finish('rescuer');

      // Assess
      expect(taken).toMatchObject({ runId: 'run-5' });
    });
  });
});
