// test/integration/adapters/dynamodb: the admin store on DynamoDB Local through the real SDK: holds and
// disclosures written with their audit entries in one conditional transaction, and races between operators.
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createDynamoDbAdminStore } from '../../../../shared/adapters/dynamodb/dynamodb-admin-store.js';
import { auditKey } from '../../../../shared/adapters/dynamodb/dynamodb-audit-log.js';
import { accountKey } from '../../../../shared/adapters/dynamodb/items/index.js';
import type { AuditEntry, Disclosure } from '../../../../shared/domain/admin/ports.js';
import type { LegalHold } from '../../../../shared/domain/owner/ports.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { getItem, localDocumentClient, newIndex, registerAccount } from '../../../helpers/admin-tables.js';
import { signet } from '../../../helpers/api.js';

const { tableName } = signet();
const client = localDocumentClient();
const store = createDynamoDbAdminStore({ client, tableName });
afterAll(() => client.destroy());

const entry = (accountId: AccountId, action: AuditEntry['action'] = 'hold.place'): AuditEntry => ({
  entryId: randomBytes(12).toString('base64url'),
  at: new Date().toISOString(),
  action,
  actor: 'alice',
  accountId,
  details: {},
  keepUntil: new Date(Date.now() + 86_400_000).toISOString(),
});
const hold = (reference = 'HC-2026-1'): LegalHold => ({
  active: true,
  since: new Date().toISOString(),
  reason: 'litigation',
  basis: 'CPR 31',
  reference,
});
const disclosure = (): Disclosure => ({
  disclosureId: randomBytes(12).toString('base64url'),
  date: new Date().toISOString(),
  authority: 'Metropolitan Police Service',
  legalBasis: 'IPA 2016 s.61',
  documentReference: 'SUMMONS-1',
  items: ['email'],
  ownerMayBeTold: true,
});
const account = async (accountId: AccountId) => getItem(client, tableName, accountKey(accountId));

describe('Class: DynamoDbAdminStore', () => {
  describe('Method: findByNameIndex', () => {
    it('finds an account by its name index and shows field names, never values or indexes', async () => {
      // Prepare
      const registered = await registerAccount(client, tableName);

      // Act
      const view = await store.findByNameIndex(registered.nameIndex, new Date());

      // Assess
      expect(view).toEqual({ accountId: registered.accountId, status: 'active', fields: ['accountName', 'email'] });
    });

    it('finds nothing for an unknown name, or a pending registration that lapsed', async () => {
      // Prepare
      const lapsed = await registerAccount(client, tableName, { pending: true, createdAt: new Date(Date.now() - 25 * 3_600_000) });

      // Act
      const outcomes = await Promise.all([
        store.findByNameIndex(newIndex('name'), new Date()),
        store.findByNameIndex(lapsed.nameIndex, new Date()),
      ]);

      // Assess
      expect(outcomes).toEqual([undefined, undefined]);
    });
  });

  describe('Method: placeHold', () => {
    it('writes the hold and its audit entry together', async () => {
      // Prepare
      const { accountId } = await registerAccount(client, tableName);
      const audit = entry(accountId);

      // Act
      const outcome = await store.placeHold(accountId, hold(), audit);

      // Assess
      expect(outcome).toBe('placed');
      expect((await account(accountId))?.legalHold).toMatchObject({ active: true, reference: 'HC-2026-1' });
      expect(await getItem(client, tableName, auditKey(audit))).toMatchObject({ action: 'hold.place', accountId });
    });

    it('gives the account to exactly one of 10 operators placing holds at once', async () => {
      // Prepare
      const { accountId } = await registerAccount(client, tableName);
      const audits = Array.from({ length: 10 }, () => entry(accountId));

      // Act
      const outcomes = await Promise.all(audits.map((audit, i) => store.placeHold(accountId, hold(`REF-${i}`), audit)));

      // Assess
      expect(outcomes.filter((o) => o === 'placed')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'already_held')).toHaveLength(9);
      const written = await Promise.all(audits.map((audit) => getItem(client, tableName, auditKey(audit))));
      expect(written.filter((item) => item !== undefined)).toHaveLength(1);
    });

    it('refuses a pending account and writes no audit entry', async () => {
      // Prepare
      const { accountId } = await registerAccount(client, tableName, { pending: true });
      const audit = entry(accountId);

      // Act
      const outcome = await store.placeHold(accountId, hold(), audit);

      // Assess
      expect(outcome).toBe('not_active');
      expect(await getItem(client, tableName, auditKey(audit))).toBeUndefined();
      expect((await account(accountId))?.legalHold).toBeUndefined();
    });
  });

  describe('Method: liftHold', () => {
    it('removes the hold only for its own reference', async () => {
      // Prepare
      const { accountId } = await registerAccount(client, tableName);
      await store.placeHold(accountId, hold('HC-9'), entry(accountId));

      // Act
      const wrong = await store.liftHold(accountId, 'HC-8', entry(accountId, 'hold.lift'));
      const held = (await account(accountId))?.legalHold;
      const right = await store.liftHold(accountId, 'HC-9', entry(accountId, 'hold.lift'));
      const again = await store.liftHold(accountId, 'HC-9', entry(accountId, 'hold.lift'));

      // Assess
      expect(wrong).toEqual({ outcome: 'reference_mismatch' });
      expect(held).toMatchObject({ active: true });
      expect(right).toEqual({ outcome: 'lifted', erasureRequested: false });
      expect((await account(accountId))?.legalHold).toBeUndefined();
      expect(again).toEqual({ outcome: 'no_hold' });
    });

    it('says when an erasure waits on the lifted hold', async () => {
      // Prepare
      const { accountId } = await registerAccount(client, tableName);
      await store.placeHold(accountId, hold('HC-7'), entry(accountId));
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: accountKey(accountId),
          UpdateExpression: 'SET erasureRequested = :request',
          ExpressionAttributeValues: { ':request': { requestedAt: new Date().toISOString(), reason: 'owner_request' } },
        }),
      );

      // Act
      const lifted = await store.liftHold(accountId, 'HC-7', entry(accountId, 'hold.lift'));

      // Assess
      expect(lifted).toEqual({ outcome: 'lifted', erasureRequested: true });
    });
  });

  describe('Method: recordDisclosure', () => {
    it('appends each disclosure beside the account with its audit entry', async () => {
      // Prepare
      const { accountId } = await registerAccount(client, tableName);
      // A millisecond apart: disclosures list by date (within one millisecond, by their random ids).
      const first = disclosure();
      const later = new Date(Date.parse(first.date) + 1).toISOString();
      const records = [first, { ...disclosure(), date: later, ownerMayBeTold: false }];

      // Act
      const outcomes = [];
      for (const record of records) outcomes.push(await store.recordDisclosure(accountId, record, entry(accountId, 'disclosure.record')));

      // Assess
      expect(outcomes).toEqual(['recorded', 'recorded']);
      const { Items } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':prefix': 'DISCLOSURE#' },
        }),
      );
      expect(Items?.map((item) => item.ownerMayBeTold)).toEqual([true, false]);
      expect(Items?.[0]).toMatchObject({
        date: records[0]?.date,
        authority: 'Metropolitan Police Service',
        legalBasis: 'IPA 2016 s.61',
        documentReference: 'SUMMONS-1',
        items: ['email'],
      });
    });

    it('refuses an account that is not active', async () => {
      // Prepare
      const { accountId } = await registerAccount(client, tableName, { pending: true });
      const audit = entry(accountId, 'disclosure.record');

      // Act
      const outcome = await store.recordDisclosure(accountId, disclosure(), audit);

      // Assess
      expect(outcome).toBe('not_active');
      expect(await getItem(client, tableName, auditKey(audit))).toBeUndefined();
    });
  });
});
