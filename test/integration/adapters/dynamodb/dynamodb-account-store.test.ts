// test/integration/adapters/dynamodb: the account store on DynamoDB Local through the real SDK: lookups
// by name index, password changes that bump the token generation atomically, sign-ins and consent.
import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createDynamoDbAccountStore } from '../../../../shared/adapters/dynamodb/dynamodb-account-store.js';
import { accountKey } from '../../../../shared/adapters/dynamodb/items/index.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { signet } from '../../../helpers/api.js';
import { localDocumentClient, seedAccount, uniqueId } from '../../../helpers/dynamodb-accounts.js';

const { tableName } = signet();
const client = localDocumentClient();
const accounts = createDynamoDbAccountStore({ client, tableName });
afterAll(() => client.destroy());

describe('Class: DynamoDbAccountStore', () => {
  describe('Method: findByNameIndex', () => {
    it('finds the active account its name guard points at, with generation 0 and the registration consent', async () => {
      // Prepare
      const seeded = await seedAccount(client);

      // Act
      const found = await accounts.findByNameIndex(seeded.nameIndex);

      // Assess
      expect(found).toMatchObject({
        accountId: seeded.accountId,
        status: 'active',
        nameIndex: seeded.nameIndex,
        passwordHash: seeded.passwordHash,
        tokenGeneration: 0,
        emailVerified: true,
        phoneVerified: false,
        consent: [{ policyVersion: '2026-11-01', acceptedAt: seeded.createdAt.toISOString() }],
      });
    });

    it('finds a pending account as pending, and none for an unknown name or a lapsed registration', async () => {
      // Prepare
      const pending = await seedAccount(client, { pending: true });
      const lapsed = await seedAccount(client, { pending: true, createdAt: new Date(Date.now() - 25 * 3_600_000) });

      // Act
      const found = await Promise.all([
        accounts.findByNameIndex(pending.nameIndex),
        accounts.findByNameIndex(uniqueId('name')),
        accounts.findByNameIndex(lapsed.nameIndex),
      ]);

      // Assess
      expect(found.map((account) => account?.status)).toEqual(['pending', undefined, undefined]);
    });
  });

  describe('Method: setPassword', () => {
    it('sets the hash and bumps the generation once per change, however many run at once', async () => {
      // Prepare
      const seeded = await seedAccount(client);

      // Act
      const generations = await Promise.all(
        Array.from({ length: 5 }, (_, index) =>
          accounts.setPassword(seeded.accountId, { passwordHash: `$argon2id$new-${index}`, bumpGeneration: true }),
        ),
      );

      // Assess
      expect([...generations].sort()).toEqual([1, 2, 3, 4, 5]);
      expect((await accounts.getById(seeded.accountId))?.tokenGeneration).toBe(5);
    });

    it('writes nothing when the hash is no longer the one the caller checked (a concurrent change won)', async () => {
      // Prepare
      const seeded = await seedAccount(client);
      const first = await accounts.setPassword(seeded.accountId, {
        passwordHash: '$argon2id$first',
        previousHash: seeded.passwordHash,
        bumpGeneration: true,
      });

      // Act
      const second = await accounts.setPassword(seeded.accountId, {
        passwordHash: '$argon2id$second',
        previousHash: seeded.passwordHash,
        bumpGeneration: true,
      });

      // Assess
      expect(first).toBe(1);
      expect(second).toBeUndefined();
      const stored = await accounts.getById(seeded.accountId);
      expect(stored).toMatchObject({ passwordHash: '$argon2id$first', tokenGeneration: 1 });
    });

    /** The outbox items of one account's PasswordChanged events in the shared table. */
    const eventsOf = async (accountId: string): Promise<Record<string, unknown>[]> => {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: tableName,
            FilterExpression: 'begins_with(pk, :outbox) AND detail.accountId = :id AND eventType = :type',
            ExpressionAttributeValues: { ':outbox': 'OUTBOX#', ':id': accountId, ':type': 'PasswordChanged' },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return items;
    };

    it('with an event, writes one PasswordChanged per committed change, however many run at once', async () => {
      // Prepare
      const seeded = await seedAccount(client);
      const at = new Date();

      // Act
      const generations = await Promise.all(
        Array.from({ length: 4 }, (_, index) =>
          accounts.setPassword(seeded.accountId, {
            passwordHash: `$argon2id$reset-${index}`,
            bumpGeneration: true,
            event: { via: 'reset', at },
          }),
        ),
      );

      // Assess: each commit has its own generation and its own event; one that gave up has neither.
      const committed = generations.filter((generation) => generation !== undefined).sort();
      expect(committed.length).toBeGreaterThanOrEqual(1);
      expect(committed).toEqual(Array.from({ length: committed.length }, (_, i) => i + 1));
      expect((await accounts.getById(seeded.accountId))?.tokenGeneration).toBe(committed.length);
      const events = await eventsOf(seeded.accountId);
      expect(events).toHaveLength(committed.length);
      for (const event of events) {
        expect(event).toMatchObject({
          eventType: 'PasswordChanged',
          detail: { accountId: seeded.accountId, via: 'reset', occurredAt: at.toISOString() },
        });
      }
    });

    it('with an event, writes neither hash nor event when the change is refused', async () => {
      // Prepare
      const seeded = await seedAccount(client);
      const pending = await seedAccount(client, { pending: true });
      const event = { via: 'change', at: new Date() } as const;

      // Act
      const outcomes = await Promise.all([
        accounts.setPassword(seeded.accountId, {
          passwordHash: '$argon2id$stale',
          previousHash: '$argon2id$not-the-stored-one',
          bumpGeneration: true,
          event,
        }),
        accounts.setPassword(pending.accountId, { passwordHash: '$argon2id$x', bumpGeneration: true, event }),
      ]);

      // Assess
      expect(outcomes).toEqual([undefined, undefined]);
      expect(await accounts.getById(seeded.accountId)).toMatchObject({ passwordHash: seeded.passwordHash, tokenGeneration: 0 });
      expect([...(await eventsOf(seeded.accountId)), ...(await eventsOf(pending.accountId))]).toEqual([]);
    });

    it('refuses a pending account and an unknown one', async () => {
      // Prepare
      const pending = await seedAccount(client, { pending: true });

      // Act
      const outcomes = await Promise.all([
        accounts.setPassword(pending.accountId, { passwordHash: '$argon2id$x', bumpGeneration: true }),
        accounts.setPassword(uniqueId('acc') as AccountId, { passwordHash: '$argon2id$x', bumpGeneration: true }),
      ]);

      // Assess
      expect(outcomes).toEqual([undefined, undefined]);
      expect(await accounts.getById(pending.accountId)).toMatchObject({ passwordHash: pending.passwordHash, tokenGeneration: 0 });
    });
  });

  describe('Method: recordSignIn', () => {
    it('records lastActiveAt, and re-hashes only if the hash is still the one verified', async () => {
      // Prepare
      const seeded = await seedAccount(client);
      const at = new Date('2026-11-25T10:00:00.000Z');
      const stale = await seedAccount(client);

      // Act
      await accounts.recordSignIn(seeded.accountId, at, { passwordHash: '$argon2id$rehashed', previousHash: seeded.passwordHash });
      await accounts.recordSignIn(stale.accountId, at, { passwordHash: '$argon2id$rehashed', previousHash: '$argon2id$other' });

      // Assess
      expect(await accounts.getById(seeded.accountId)).toMatchObject({
        lastActiveAt: at.toISOString(),
        passwordHash: '$argon2id$rehashed',
        tokenGeneration: 0,
      });
      expect(await accounts.getById(stale.accountId)).toMatchObject({ lastActiveAt: at.toISOString(), passwordHash: stale.passwordHash });
    });
  });

  describe('Method: recordConsent', () => {
    it('appends a consent to an active account and touches nothing else', async () => {
      // Prepare
      const seeded = await seedAccount(client);
      const before = (await client.send(new GetCommand({ TableName: tableName, Key: accountKey(seeded.accountId) }))).Item;
      const at = new Date('2027-01-01T00:00:00.000Z');

      // Act
      const recorded = await accounts.recordConsent(seeded.accountId, { policyVersion: '2027-01-01', acceptedAt: at });

      // Assess
      expect(recorded).toBe(true);
      const after = (await client.send(new GetCommand({ TableName: tableName, Key: accountKey(seeded.accountId) }))).Item;
      expect(after?.consent).toEqual([
        { policyVersion: '2026-11-01', acceptedAt: seeded.createdAt.toISOString() },
        { policyVersion: '2027-01-01', acceptedAt: at.toISOString() },
      ]);
      expect({ ...after, consent: before?.consent }).toEqual(before);
    });

    it('refuses an account that is not active', async () => {
      // Prepare
      const seeded = await seedAccount(client);
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: accountKey(seeded.accountId),
          UpdateExpression: 'SET #status = :erased',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':erased': 'erased' },
        }),
      );

      // Act
      const recorded = await accounts.recordConsent(seeded.accountId, { policyVersion: 'v', acceptedAt: new Date() });

      // Assess
      expect(recorded).toBe(false);
      expect(await accounts.getById(seeded.accountId)).toBeUndefined();
    });
  });
});
