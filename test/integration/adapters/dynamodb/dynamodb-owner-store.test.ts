// test/integration/adapters/dynamodb: the owner store on DynamoDB Local through the real SDK: export
// reads, profile and contact changes under their conditions, and erasure down to the raw items.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createDynamoDbOwnerStore } from '../../../../shared/adapters/dynamodb/dynamodb-owner-store.js';
import { createDynamoDbRegistrationStore } from '../../../../shared/adapters/dynamodb/dynamodb-registration-store.js';
import {
  accountKey,
  emailGuardKey,
  nameGuardKey,
  noticeThrottleKey,
  phoneGuardKey,
} from '../../../../shared/adapters/dynamodb/items/index.js';
import type { CodeLimits } from '../../../../shared/domain/codes/ports.js';
import type { OwnerAccount } from '../../../../shared/domain/owner/ports.js';
import type { PendingRegistration } from '../../../../shared/domain/registration/ports.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { signet } from '../../../helpers/api.js';

const { dynamodbEndpoint, tableName } = signet();
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: dynamodbEndpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }),
  { marshallOptions: { removeUndefinedValues: true } },
);
const store = createDynamoDbOwnerStore({ client, tableName });
const registrations = createDynamoDbRegistrationStore({ client, tableName });
afterAll(() => client.destroy());

const limits: CodeLimits = {
  maxAttemptsPerCode: 5,
  maxFailedAttemptsTotal: 10,
  resendCooldownSeconds: 60,
  resendMaxPerHour: 5,
};
const id = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`;
const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);
const HOLD = {
  active: true,
  since: '2026-10-01T00:00:00.000Z',
  reason: 'inquiry',
  basis: 'court order',
  reference: 'REF-1',
};

const get = async (key: { pk: string; sk: string }) =>
  (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

const pending = (
  overrides: Partial<PendingRegistration> = {},
  createdAt = new Date(),
): PendingRegistration => ({
  accountId: id('acc') as AccountId,
  nameIndex: id('name'),
  emailIndex: id('email'),
  phoneIndex: id('phone'),
  wrappedKey: 'wrapped-key',
  sealed: {
    accountName: 'sealed-name',
    email: 'sealed-email',
    phone: 'sealed-phone',
    interests: 'sealed-interests',
  },
  passwordHash: '$argon2id$test',
  channel: 'email',
  locale: 'en',
  consent: { policyVersion: '2026-11-01', acceptedAt: createdAt },
  createdAt,
  expiresAt: at(createdAt, 24 * 3600),
  code: { hash: 'hash-1', expiresAt: at(createdAt, 600) },
  decoyCodeHash: 'decoy-hash',
  decoyContactIndex: 'decoy-index',
  ...overrides,
});

/** An account registered and confirmed through the registration store, as the API would leave it. */
const activeAccount = async (overrides: Partial<PendingRegistration> = {}): Promise<OwnerAccount> => {
  const registration = pending(overrides);
  expect(await registrations.createPending(registration)).toEqual({ outcome: 'created' });
  const counted = await registrations.countCodeTry(registration.nameIndex, registration.createdAt, limits);
  if (counted.outcome !== 'counted') throw new Error('expected a counted try');
  expect(await registrations.activate(registration.nameIndex, counted.attempt, registration.createdAt)).toBe(
    true,
  );
  const account = await store.load(registration.accountId);
  if (account === undefined) throw new Error('account missing');
  return account;
};

const putDisclosure = async (accountId: AccountId, date: string, ownerMayBeTold: boolean) =>
  client.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        pk: `ACCOUNT#${accountId}`,
        sk: `DISCLOSURE#${date}#${id('d')}`,
        date,
        authority: 'Metropolitan Police',
        legalBasis: 'Investigatory Powers Act 2016',
        documentReference: `SUMMONS-${date}`,
        items: ['email', 'phone'],
        ownerMayBeTold,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );

const tombstone = (now = new Date()) => ({
  erasedAt: now,
  reason: 'owner_request' as const,
  expiresAt: at(now, 90 * 86_400),
});

const placeHold = async (accountId: AccountId) =>
  client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: accountKey(accountId),
      UpdateExpression: 'SET legalHold = :hold',
      ExpressionAttributeValues: { ':hold': HOLD },
    }),
  );

describe('Class: DynamoDbOwnerStore', () => {
  describe('Method: load', () => {
    it('reads an active account with its sealed fields, indexes, consent and collection times', async () => {
      // Prepare
      const registration = pending();
      const account = await activeAccount(registration);

      // Assess
      expect(account).toMatchObject({
        accountId: registration.accountId,
        status: 'active',
        wrappedKey: 'wrapped-key',
        sealed: registration.sealed,
        passwordHash: '$argon2id$test',
        nameIndex: registration.nameIndex,
        emailIndex: registration.emailIndex,
        phoneIndex: registration.phoneIndex,
        emailVerified: true,
        phoneVerified: false,
        consent: [{ policyVersion: '2026-11-01', acceptedAt: registration.createdAt.toISOString() }],
        createdAt: registration.createdAt.toISOString(),
      });
      expect(Object.keys(account.fieldsCollectedAt).sort()).toEqual([
        'accountName',
        'email',
        'interests',
        'phone',
      ]);
      expect(account.expiresAt).toBeUndefined();
      expect(account.legalHold).toBeUndefined();
    });

    it('gives a pending registration its expiry, and nothing for an unknown id', async () => {
      // Prepare
      const registration = pending();
      await registrations.createPending(registration);

      // Act
      const loaded = await store.load(registration.accountId);
      const unknown = await store.load(id('acc') as AccountId);

      // Assess
      expect(loaded?.status).toBe('pending');
      expect(loaded?.expiresAt?.getTime()).toBe(Math.floor(registration.expiresAt.getTime() / 1000) * 1000);
      expect(unknown).toBeUndefined();
    });
  });

  describe('Method: listDisclosures', () => {
    it('lists the account disclosures oldest first, with whether the owner may be told', async () => {
      // Prepare
      const account = await activeAccount();
      await putDisclosure(account.accountId, '2026-09-02', false);
      await putDisclosure(account.accountId, '2026-09-01', true);

      // Act
      const disclosures = await store.listDisclosures(account.accountId);

      // Assess
      expect(disclosures).toEqual([
        {
          date: '2026-09-01',
          authority: 'Metropolitan Police',
          legalBasis: 'Investigatory Powers Act 2016',
          documentReference: 'SUMMONS-2026-09-01',
          items: ['email', 'phone'],
          ownerMayBeTold: true,
        },
        expect.objectContaining({ date: '2026-09-02', ownerMayBeTold: false }),
      ]);
    });
  });

  describe('Method: updateProfile', () => {
    it('writes the sealed fields, their collection times and the locale of an active account', async () => {
      // Prepare
      const account = await activeAccount();
      const now = new Date('2026-11-25T10:00:00.000Z');

      // Act
      const updated = await store.updateProfile(account.accountId, {
        sealed: { preferences: 'sealed-prefs-2', interests: 'sealed-interests-2' },
        locale: 'zh-CN',
        at: now,
      });

      // Assess
      const after = await store.load(account.accountId);
      expect(updated).toBe(true);
      expect(after?.sealed).toEqual({
        ...account.sealed,
        preferences: 'sealed-prefs-2',
        interests: 'sealed-interests-2',
      });
      expect(after?.fieldsCollectedAt).toEqual({
        ...account.fieldsCollectedAt,
        preferences: now.toISOString(),
        interests: now.toISOString(),
      });
      expect(after?.locale).toBe('zh-CN');
    });

    it('refuses a pending registration', async () => {
      // Prepare
      const registration = pending();
      await registrations.createPending(registration);

      // Act
      const updated = await store.updateProfile(registration.accountId, {
        sealed: {},
        locale: 'zh-CN',
        at: new Date(),
      });

      // Assess
      expect(updated).toBe(false);
      expect((await store.load(registration.accountId))?.locale).toBe('en');
    });
  });

  describe('Method: contactHolder', () => {
    it('names the holder of a live guard, and nobody for a lapsed registration or a free contact', async () => {
      // Prepare
      const account = await activeAccount();
      const lapsed = pending({}, at(new Date(), -25 * 3600));
      await registrations.createPending(lapsed);
      const now = new Date();

      // Act
      const holders = [
        await store.contactHolder('email', account.emailIndex ?? '', now),
        await store.contactHolder('phone', account.phoneIndex ?? '', now),
        await store.contactHolder('email', lapsed.emailIndex ?? '', now),
        await store.contactHolder('email', id('email'), now),
      ];

      // Assess
      expect(holders).toEqual([account.accountId, account.accountId, undefined, undefined]);
    });
  });

  describe('Method: replaceContact', () => {
    it('claims the new guard, releases the old one and marks the new contact verified, in one go', async () => {
      // Prepare
      const account = await activeAccount();
      const newIndex = id('phone');
      const now = new Date('2026-11-25T10:00:00.000Z');

      // Act
      const outcome = await store.replaceContact(account.accountId, {
        field: 'phone',
        index: newIndex,
        sealed: 'sealed-new-phone',
        ...(account.phoneIndex === undefined ? {} : { previousIndex: account.phoneIndex }),
        at: now,
      });

      // Assess
      const after = await store.load(account.accountId);
      expect(outcome).toBe('changed');
      expect(after).toMatchObject({
        phoneIndex: newIndex,
        phoneVerified: true,
        emailIndex: account.emailIndex,
      });
      expect(after?.sealed.phone).toBe('sealed-new-phone');
      expect(after?.fieldsCollectedAt.phone).toBe(now.toISOString());
      expect(await get(phoneGuardKey(newIndex))).toEqual({
        ...phoneGuardKey(newIndex),
        accountId: account.accountId,
      });
      expect(await get(phoneGuardKey(account.phoneIndex ?? ''))).toBeUndefined();
    });

    it('adds a contact of a kind the account did not have', async () => {
      // Prepare
      const account = await activeAccount({
        phoneIndex: undefined,
        sealed: { accountName: 'n', email: 'e' },
      });
      const newIndex = id('phone');

      // Act
      const outcome = await store.replaceContact(account.accountId, {
        field: 'phone',
        index: newIndex,
        sealed: 'sealed-phone',
        at: new Date(),
      });

      // Assess
      expect(outcome).toBe('changed');
      expect((await store.load(account.accountId))?.phoneIndex).toBe(newIndex);
    });

    it('answers contact_taken for a contact another account holds, and writes nothing', async () => {
      // Prepare
      const account = await activeAccount();
      const other = await activeAccount();

      // Act
      const outcome = await store.replaceContact(account.accountId, {
        field: 'email',
        index: other.emailIndex ?? '',
        sealed: 'sealed-taken',
        ...(account.emailIndex === undefined ? {} : { previousIndex: account.emailIndex }),
        at: new Date(),
      });

      // Assess
      expect(outcome).toBe('contact_taken');
      expect(await store.load(account.accountId)).toEqual(account);
      expect((await get(emailGuardKey(account.emailIndex ?? '')))?.accountId).toBe(account.accountId);
      expect((await get(emailGuardKey(other.emailIndex ?? '')))?.accountId).toBe(other.accountId);
    });

    it('answers stale when the contact changed since it was read, and writes nothing', async () => {
      // Prepare
      const account = await activeAccount();
      const newIndex = id('email');

      // Act
      const outcome = await store.replaceContact(account.accountId, {
        field: 'email',
        index: newIndex,
        sealed: 'sealed-new',
        previousIndex: 'not-the-current-index',
        at: new Date(),
      });

      // Assess
      expect(outcome).toBe('stale');
      expect(await get(emailGuardKey(newIndex))).toBeUndefined();
    });
  });

  describe('Method: recordErasureRequest', () => {
    it('records a request only under an active hold, keeping the first one', async () => {
      // Prepare
      const account = await activeAccount();
      const unheld = await store.recordErasureRequest(account.accountId, {
        requestedAt: new Date(),
        reason: 'owner_request',
      });
      await placeHold(account.accountId);

      // Act
      const first = await store.recordErasureRequest(account.accountId, {
        requestedAt: new Date('2026-11-01T00:00:00.000Z'),
        reason: 'owner_request',
      });
      const second = await store.recordErasureRequest(account.accountId, {
        requestedAt: new Date('2026-11-02T00:00:00.000Z'),
        reason: 'inactivity',
      });

      // Assess
      expect([unheld, first, second]).toEqual([false, true, true]);
      const after = await store.load(account.accountId);
      expect(after?.legalHold).toEqual(HOLD);
      expect(after?.erasureRequested).toEqual({
        requestedAt: '2026-11-01T00:00:00.000Z',
        reason: 'owner_request',
      });
    });
  });

  describe('Method: erase', () => {
    it('leaves only a tombstone: no key, no sealed field, no index, no hash; guards, codes, throttles and disclosures go', async () => {
      // Prepare
      const account = await activeAccount();
      const { accountId, nameIndex } = account;
      await putDisclosure(accountId, '2026-09-01', false);
      const extras = [
        { pk: `NAME#${nameIndex}`, sk: 'CODE#password_reset', accountId },
        { pk: `SIGNIN#${nameIndex}`, sk: 'THROTTLE', accountId, consecutiveFailures: 3 },
        { pk: `ACCOUNT#${accountId}`, sk: 'CODE#contact_change', accountId, codeHash: 'h' },
        { ...noticeThrottleKey(account.emailIndex ?? ''), windowStart: 1, count: 1 },
      ];
      for (const Item of extras) await client.send(new PutCommand({ TableName: tableName, Item }));
      const now = new Date('2026-11-25T10:00:00.000Z');

      // Act
      const outcome = await store.erase(account, tombstone(now));

      // Assess
      expect(outcome).toBe('erased');
      expect(await get(accountKey(accountId))).toEqual({
        ...accountKey(accountId),
        accountId,
        status: 'erased',
        createdAt: account.createdAt,
        erasedAt: now.toISOString(),
        reason: 'owner_request',
        expiresAt: Math.floor(now.getTime() / 1000) + 90 * 86_400,
      });
      expect(await store.load(accountId)).toBeUndefined();
      for (const key of [
        nameGuardKey(nameIndex),
        emailGuardKey(account.emailIndex ?? ''),
        phoneGuardKey(account.phoneIndex ?? ''),
        ...extras.map(({ pk, sk }) => ({ pk, sk })),
      ]) {
        expect(await get(key), key.pk).toBeUndefined();
      }
      const partition = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}` },
        }),
      );
      expect(partition.Items?.map((item) => item.sk)).toEqual(['ACCOUNT']);
    });

    it('frees the name, email and phone for a new registration', async () => {
      // Prepare
      const account = await activeAccount();
      await store.erase(account, tombstone());

      // Act
      const again = await registrations.createPending(
        pending({
          nameIndex: account.nameIndex,
          emailIndex: account.emailIndex,
          phoneIndex: account.phoneIndex,
        }),
      );

      // Assess
      expect(again).toEqual({ outcome: 'created' });
    });

    it('answers conflict under an active hold, and deletes nothing', async () => {
      // Prepare
      const account = await activeAccount();
      await placeHold(account.accountId);

      // Act
      const outcome = await store.erase(account, tombstone());

      // Assess
      expect(outcome).toBe('conflict');
      expect((await store.load(account.accountId))?.wrappedKey).toBe('wrapped-key');
      expect(await get(nameGuardKey(account.nameIndex))).toBeDefined();
    });

    it('erases once a hold is lifted (removed)', async () => {
      // Prepare
      const account = await activeAccount();
      await placeHold(account.accountId);
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: accountKey(account.accountId),
          UpdateExpression: 'REMOVE legalHold',
        }),
      );

      // Act
      const outcome = await store.erase(account, tombstone());

      // Assess
      expect(outcome).toBe('erased');
    });

    it('answers conflict when a contact changed since the account was read', async () => {
      // Prepare
      const account = await activeAccount();
      await store.replaceContact(account.accountId, {
        field: 'email',
        index: id('email'),
        sealed: 'sealed-new',
        ...(account.emailIndex === undefined ? {} : { previousIndex: account.emailIndex }),
        at: new Date(),
      });

      // Act
      const outcome = await store.erase(account, tombstone());

      // Assess
      expect(outcome).toBe('conflict');
    });

    it('erases a lapsed registration without touching the guard another registration took over', async () => {
      // Prepare
      const lapsed = pending({}, at(new Date(), -25 * 3600));
      await registrations.createPending(lapsed);
      const taker = pending({ emailIndex: lapsed.emailIndex });
      expect(await registrations.createPending(taker)).toEqual({ outcome: 'created' });
      const account = await store.load(lapsed.accountId);
      if (account === undefined) throw new Error('lapsed registration missing');

      // Act
      const outcome = await store.erase(account, tombstone());

      // Assess
      expect(outcome).toBe('erased');
      expect((await get(emailGuardKey(lapsed.emailIndex ?? '')))?.accountId).toBe(taker.accountId);
      expect(await get(nameGuardKey(lapsed.nameIndex))).toBeUndefined();
    });

    it('deletes every disclosure even beyond what one transaction holds', async () => {
      // Prepare
      const account = await activeAccount();
      for (let day = 0; day < 100; day += 1) {
        await putDisclosure(account.accountId, `2026-01-01T00:00:${String(day).padStart(2, '0')}`, true);
      }

      // Act
      const outcome = await store.erase(account, tombstone());

      // Assess
      expect(outcome).toBe('erased');
      expect(await store.listDisclosures(account.accountId)).toEqual([]);
    });
  });

  describe('Method: removeLeftovers', () => {
    it('deletes what an interrupted erasure left in the partition, and keeps the tombstone', async () => {
      // Prepare
      const account = await activeAccount();
      await store.erase(account, tombstone());
      await putDisclosure(account.accountId, '2026-09-03', true);

      // Act
      await store.removeLeftovers(account.accountId);

      // Assess
      expect(await store.listDisclosures(account.accountId)).toEqual([]);
      expect((await get(accountKey(account.accountId)))?.status).toBe('erased');
    });
  });
});
