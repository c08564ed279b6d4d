// test/integration/adapters/dynamodb: the audit log on DynamoDB Local through the real SDK: append-only
// writes, reading in order, filtering by account, and entries past their retention left out.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditEntryExistsError, auditKey, createDynamoDbAuditLog } from '../../../../shared/adapters/dynamodb/dynamodb-audit-log.js';
import type { AuditEntry } from '../../../../shared/domain/admin/ports.js';
import { getItem, localDocumentClient, newAccountId } from '../../../helpers/admin-tables.js';
import { signet } from '../../../helpers/api.js';

const { tableName } = signet();
const client = localDocumentClient();
const audit = createDynamoDbAuditLog({ client, tableName });
afterAll(() => client.destroy());

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  entryId: randomBytes(12).toString('base64url'),
  at: new Date().toISOString(),
  action: 'hold.place',
  actor: 'alice',
  details: { reference: 'HC-1', items: ['email'], ownerMayBeTold: false },
  keepUntil: new Date(Date.now() + 86_400_000).toISOString(),
  ...overrides,
});

describe('Class: DynamoDbAuditLog', () => {
  describe('Method: append', () => {
    it('stores the entry as written, with its retention as the TTL', async () => {
      // Prepare
      const accountId = newAccountId();
      const written = entry({ accountId });

      // Act
      await audit.append(written);

      // Assess
      const item = await getItem(client, tableName, auditKey(written));
      expect(item).toMatchObject({
        pk: 'AUDIT',
        action: 'hold.place',
        actor: 'alice',
        accountId,
        details: { reference: 'HC-1', items: ['email'], ownerMayBeTold: false },
        expiresAt: Math.floor(Date.parse(written.keepUntil) / 1000),
      });
    });

    it('never overwrites an entry: a second write with the same key is refused and the first stays', async () => {
      // Prepare
      const first = entry({ actor: 'alice' });
      await audit.append(first);

      // Act
      const second = await audit.append({ ...first, actor: 'mallory', details: {} }).catch((error: unknown) => error);

      // Assess
      expect(second).toBeInstanceOf(AuditEntryExistsError);
      expect(await getItem(client, tableName, auditKey(first))).toMatchObject({ actor: 'alice', details: { reference: 'HC-1' } });
    });
  });

  describe('Method: list', () => {
    it("reads one account's entries oldest first, whatever order they were written in", async () => {
      // Prepare
      const accountId = newAccountId();
      const base = Date.now();
      const times = [3, 1, 2].map((offset) => new Date(base + offset * 1000).toISOString());
      for (const at of times) await audit.append(entry({ accountId, at, details: { at } }));
      await audit.append(entry({ accountId: newAccountId() }));

      // Act
      const listed = await audit.list({ accountId, now: new Date(base) });

      // Assess
      expect(listed.map((e) => e.at)).toEqual([...times].sort());
      expect(listed.every((e) => e.accountId === accountId)).toBe(true);
    });

    it('leaves out entries past their retention that TTL has not deleted yet', async () => {
      // Prepare
      const accountId = newAccountId();
      await audit.append(entry({ accountId, keepUntil: new Date(Date.now() - 60_000).toISOString() }));
      const kept = entry({ accountId });
      await audit.append(kept);

      // Act
      const listed = await audit.list({ accountId, now: new Date() });

      // Assess
      expect(listed).toEqual([{ ...kept, keepUntil: new Date(Math.floor(Date.parse(kept.keepUntil) / 1000) * 1000).toISOString() }]);
    });

    it('lists every account when no account is given', async () => {
      // Prepare
      const written = [entry({ accountId: newAccountId() }), entry({ action: 'retention.sweep', actor: 'sweeper' })];
      for (const e of written) await audit.append(e);

      // Act
      const listed = await audit.list({ now: new Date() });

      // Assess
      const ids = listed.map((e) => e.entryId);
      expect(ids).toEqual(expect.arrayContaining(written.map((e) => e.entryId)));
    });
  });
});
