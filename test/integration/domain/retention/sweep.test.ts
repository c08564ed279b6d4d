// test/integration/domain/retention: the sweeper on the real adapters over DynamoDB Local, on a table of
// its own: accounts made by the registration store, erased by eraseAccount, swept twice, and one sweep
// interrupted half-way then resumed.
import { PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbAuditLog } from '../../../../shared/adapters/dynamodb/dynamodb-audit-log.js';
import { createDynamoDbOwnerStore } from '../../../../shared/adapters/dynamodb/dynamodb-owner-store.js';
import { checkpointKey, createDynamoDbRetentionStore } from '../../../../shared/adapters/dynamodb/dynamodb-retention-store.js';
import { accountKey, nameGuardKey } from '../../../../shared/adapters/dynamodb/items/index.js';
import { nodeRandom } from '../../../../shared/adapters/crypto/node-random.js';
import type { RetentionStore } from '../../../../shared/domain/retention/ports.js';
import { eraseAccount } from '../../../../shared/domain/privacy/erase-account.js';
import { sweep } from '../../../../shared/domain/retention/sweep.js';
import {
  getItem,
  localDocumentClient,
  newAccountId,
  registerAccount,
  scratchTable,
  type TestAccount,
} from '../../../helpers/admin-tables.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const settings = { retention: { inactiveAccountDays: 730, tombstoneDays: 90, auditLogDays: 2190 } };
const clock = { now: () => new Date() };
const client = localDocumentClient();

let table: { tableName: string; drop: () => Promise<void> };
beforeEach(async () => {
  table = await scratchTable(client);
});
afterEach(async () => {
  await table.drop();
});

const sweeperOn = (tableName: string, store: RetentionStore = createDynamoDbRetentionStore({ client, tableName })) => {
  const eraser = { erase: eraseAccount({ settings, store: createDynamoDbOwnerStore({ client, tableName }), clock }) };
  return sweep({ settings, store, eraser, audit: createDynamoDbAuditLog({ client, tableName }), clock, random: nodeRandom });
};

/** Every item but the audit log's, sorted: what a sweep may change. */
const dataItems = async (tableName: string): Promise<string> => {
  const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
  return JSON.stringify(
    Items.filter((item) => item.pk !== 'AUDIT').sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`)),
  );
};

const auditActions = async (tableName: string): Promise<string[]> => {
  const entries = await createDynamoDbAuditLog({ client, tableName }).list({ now: new Date() });
  return entries.map((entry) => entry.action);
};

/** A little of everything: lapsed and live registrations, recent, dormant, held and waiting accounts. */
const seed = async (tableName: string) => {
  const longAgo = new Date(Date.now() - 800 * DAY);
  const accounts = {
    lapsed: await registerAccount(client, tableName, { pending: true, createdAt: new Date(Date.now() - 30 * HOUR) }),
    waiting: await registerAccount(client, tableName, { pending: true }),
    recent: await registerAccount(client, tableName),
    dormant: await registerAccount(client, tableName, { createdAt: longAgo }),
    held: await registerAccount(client, tableName, { createdAt: longAgo }),
    released: await registerAccount(client, tableName),
  };
  const update = (account: TestAccount, expression: string, values: Record<string, unknown>) =>
    client.send(
      new UpdateCommand({ TableName: tableName, Key: accountKey(account.accountId), UpdateExpression: expression, ExpressionAttributeValues: values }),
    );
  await update(accounts.held, 'SET legalHold = :hold', {
    ':hold': { active: true, since: new Date().toISOString(), reason: 'litigation', basis: 'CPR 31', reference: 'HC-1' },
  });
  // An owner asked for erasure under a hold, and the hold has been lifted since.
  await update(accounts.released, 'SET erasureRequested = :request', {
    ':request': { requestedAt: new Date().toISOString(), reason: 'owner_request' },
  });
  // The tombstone of an account erased 100 days ago (retention.tombstoneDays: 90), not yet deleted by TTL.
  const oldTombstone = newAccountId();
  const erasedAt = new Date(Date.now() - 100 * DAY);
  await client.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...accountKey(oldTombstone),
        accountId: oldTombstone,
        status: 'erased',
        createdAt: longAgo.toISOString(),
        erasedAt: erasedAt.toISOString(),
        reason: 'owner_request',
        expiresAt: Math.floor((erasedAt.getTime() + 90 * DAY) / 1000),
      },
    }),
  );
  return { ...accounts, oldTombstone };
};

const statusOf = async (tableName: string, account: TestAccount) =>
  (await getItem(client, tableName, accountKey(account.accountId)))?.status as string | undefined;

describe('Function: sweep (DynamoDB Local)', () => {
  it('sweeps once, and a second run over the same data changes nothing', async () => {
    // Prepare
    const accounts = await seed(table.tableName);
    const run = sweeperOn(table.tableName);

    // Act
    const first = await run({ pageSize: 4 });
    const afterFirst = await dataItems(table.tableName);
    const second = await run({ pageSize: 4 });

    // Assess
    expect(first).toMatchObject({
      outcome: 'complete',
      totals: {
        removed: { pendingRegistrations: 1, tombstones: 1, guards: 2, codes: 1 },
        erased: { inactivity: 1, holdLifted: 1 },
        skippedForHold: 1,
      },
      skippedForHold: [accounts.held.accountId],
    });
    expect(await getItem(client, table.tableName, accountKey(accounts.lapsed.accountId))).toBeUndefined();
    expect(await getItem(client, table.tableName, nameGuardKey(accounts.lapsed.nameIndex))).toBeUndefined();
    expect(await getItem(client, table.tableName, accountKey(accounts.oldTombstone))).toBeUndefined();
    expect(await statusOf(table.tableName, accounts.waiting)).toBe('pending');
    expect(await statusOf(table.tableName, accounts.recent)).toBe('active');
    expect(await statusOf(table.tableName, accounts.dormant)).toBe('erased');
    expect(await statusOf(table.tableName, accounts.released)).toBe('erased');
    expect(await statusOf(table.tableName, accounts.held)).toBe('active');
    expect(await getItem(client, table.tableName, nameGuardKey(accounts.dormant.nameIndex))).toBeUndefined();

    expect(second).toMatchObject({
      outcome: 'complete',
      totals: { removed: { pendingRegistrations: 0, tombstones: 0, guards: 0, codes: 0, throttles: 0 }, erased: { inactivity: 0, holdLifted: 0 } },
    });
    expect(await dataItems(table.tableName)).toBe(afterFirst);
    expect(await getItem(client, table.tableName, checkpointKey)).toBeUndefined();
    expect(await auditActions(table.tableName)).toEqual(
      expect.arrayContaining(['retention.erased', 'retention.erasure_skipped', 'retention.sweep']),
    );
  });

  it('resumes a sweep interrupted half-way from its checkpoint and ends as an uninterrupted one', async () => {
    // Prepare
    const accounts = await seed(table.tableName);
    const real = createDynamoDbRetentionStore({ client, tableName: table.tableName });
    let removals = 0;
    const crashing: RetentionStore = {
      ...real,
      removeExpired: async (ref, now) => {
        // The process dies on the second delete, in the middle of a page.
        if (++removals === 2) throw new Error('injected crash');
        return real.removeExpired(ref, now);
      },
    };

    // Act
    const crash = await sweeperOn(table.tableName, crashing)({ pageSize: 2 }).catch((error: unknown) => error);
    const checkpoint = await getItem(client, table.tableName, checkpointKey);
    const paused = await sweeperOn(table.tableName)({ pageSize: 2, maxPages: 1 });
    const resumed = await sweeperOn(table.tableName)({ pageSize: 2 });

    // Assess
    expect(crash).toBeInstanceOf(Error);
    expect(checkpoint).toMatchObject({ leaseUntil: 0 });
    expect(paused).toMatchObject({ outcome: 'paused', resumed: true, pages: 1 });
    expect(resumed).toMatchObject({ outcome: 'complete', resumed: true, runId: paused.runId });
    expect(await getItem(client, table.tableName, accountKey(accounts.lapsed.accountId))).toBeUndefined();
    expect(await getItem(client, table.tableName, accountKey(accounts.oldTombstone))).toBeUndefined();
    expect(await statusOf(table.tableName, accounts.dormant)).toBe('erased');
    expect(await statusOf(table.tableName, accounts.released)).toBe('erased');
    expect(await statusOf(table.tableName, accounts.held)).toBe('active');
    expect(await statusOf(table.tableName, accounts.waiting)).toBe('pending');
    expect(await getItem(client, table.tableName, checkpointKey)).toBeUndefined();
    // A sweep after the resumed one finds nothing left to do.
    const after = await dataItems(table.tableName);
    await sweeperOn(table.tableName)({ pageSize: 2 });
    expect(await dataItems(table.tableName)).toBe(after);
  });
});
