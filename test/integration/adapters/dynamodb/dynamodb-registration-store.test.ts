// test/integration/adapters/dynamodb: the registration store on DynamoDB Local through the real SDK:
// claims, counters and throttles under concurrency, and expiry read as absence.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createDynamoDbContactThrottle,
  createDynamoDbRegistrationStore,
} from '../../../../shared/adapters/dynamodb/dynamodb-registration-store.js';
import {
  accountKey,
  emailGuardKey,
  nameGuardKey,
  phoneGuardKey,
  registrationCodeKey,
} from '../../../../shared/adapters/dynamodb/items/index.js';
import type { CodeLimits } from '../../../../shared/domain/codes/ports.js';
import type { CountedCodeTry, PendingRegistration } from '../../../../shared/domain/registration/ports.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { signet } from '../../../helpers/api.js';

const { dynamodbEndpoint, tableName } = signet();
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: dynamodbEndpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  { marshallOptions: { removeUndefinedValues: true } },
);
const store = createDynamoDbRegistrationStore({ client, tableName });
const throttle = createDynamoDbContactThrottle({ client, tableName });
afterAll(() => client.destroy());

const limits: CodeLimits = { maxAttemptsPerCode: 5, maxFailedAttemptsTotal: 10, resendCooldownSeconds: 60, resendMaxPerHour: 5 };
const id = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`;
const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

const pending = (overrides: Partial<PendingRegistration> = {}, createdAt = new Date()): PendingRegistration => ({
  accountId: id('acc') as AccountId,
  nameIndex: id('name'),
  emailIndex: id('email'),
  wrappedKey: 'wrapped',
  sealed: { accountName: 'sealed-name', email: 'sealed-email' },
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

/** A registration confirmed by its channel's code: that contact is verified, any other is not. */
const activeOwner = async (overrides: Partial<PendingRegistration> = {}): Promise<PendingRegistration> => {
  const registration = pending(overrides);
  expect(await store.createPending(registration)).toEqual({ outcome: 'created' });
  const counted = await store.countCodeTry(registration.nameIndex, new Date(), limits);
  if (counted.outcome !== 'counted') throw new Error('no live code');
  expect(await store.activate(registration.nameIndex, counted.attempt, new Date())).toBe(true);
  return registration;
};

describe('Class: DynamoDbRegistrationStore', () => {
  describe('Method: createPending', () => {
    it('claims a name once; a second claim is name_taken and writes nothing', async () => {
      // Prepare
      const first = pending();
      const second = pending({ nameIndex: first.nameIndex });

      // Act
      const outcomes = [await store.createPending(first), await store.createPending(second)];

      // Assess
      expect(outcomes).toEqual([{ outcome: 'created' }, { outcome: 'name_taken' }]);
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: accountKey(second.accountId) }));
      expect(Item).toBeUndefined();
    });

    it('writes only a decoy (name guard and a code that nothing matches) for a contact an active account verified', async () => {
      // Prepare
      const owner = await activeOwner({ phoneIndex: id('phone') });
      const other = pending({ emailIndex: owner.emailIndex, phoneIndex: owner.phoneIndex });

      // Act
      const outcome = await store.createPending(other);

      // Assess: the name is held, nothing personal is stored, the owner's guards are untouched.
      expect(outcome).toEqual({ outcome: 'decoy', taken: ['email'] });
      const guard = await client.send(new GetCommand({ TableName: tableName, Key: nameGuardKey(other.nameIndex) }));
      expect(guard.Item).toMatchObject({ accountId: other.accountId });
      const code = await client.send(new GetCommand({ TableName: tableName, Key: registrationCodeKey(other.nameIndex) }));
      expect(code.Item).toMatchObject({ decoy: true, codeHash: 'decoy-hash', contactIndex: 'decoy-index' });
      expect(code.Item?.emailIndex).toBeUndefined();
      const account = await client.send(new GetCommand({ TableName: tableName, Key: accountKey(other.accountId) }));
      expect(account.Item).toBeUndefined();
      const email = await client.send(new GetCommand({ TableName: tableName, Key: emailGuardKey(owner.emailIndex ?? '') }));
      expect(email.Item?.accountId).toBe(owner.accountId);
    });

    it("takes a contact held by a pending registration, cancelling it and freeing its name", async () => {
      // Prepare
      const squatter = pending({ phoneIndex: id('phone') });
      await store.createPending(squatter);
      const owner = pending({ emailIndex: squatter.emailIndex });

      // Act
      const outcome = await store.createPending(owner);

      // Assess
      expect(outcome).toEqual({ outcome: 'created' });
      const get = async (key: { pk: string; sk: string }) =>
        (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
      expect(await get(emailGuardKey(squatter.emailIndex ?? ''))).toMatchObject({ accountId: owner.accountId });
      expect(await get(accountKey(squatter.accountId))).toBeUndefined();
      expect(await get(nameGuardKey(squatter.nameIndex))).toBeUndefined();
      expect(await get(registrationCodeKey(squatter.nameIndex))).toBeUndefined();
      expect(await get(phoneGuardKey(squatter.phoneIndex ?? ''))).toBeUndefined();
    });

    it("takes an active account's unverified second contact, leaving the account otherwise as it was", async () => {
      // Prepare: verified by email, its phone never verified.
      const holder = await activeOwner({ phoneIndex: id('phone'), sealed: { accountName: 's', email: 's', phone: 's' } });
      const newcomer = pending({ emailIndex: id('email'), phoneIndex: holder.phoneIndex, channel: 'sms' });

      // Act
      const outcome = await store.createPending(newcomer);

      // Assess
      expect(outcome).toEqual({ outcome: 'created' });
      const account = await store.getAccount(holder.accountId);
      expect(account?.status).toBe('active');
      expect(account?.phoneIndex).toBeUndefined();
      expect(account?.sealed.phone).toBeUndefined();
      expect(account?.emailIndex).toBe(holder.emailIndex);
      const guard = await client.send(new GetCommand({ TableName: tableName, Key: phoneGuardKey(holder.phoneIndex ?? '') }));
      expect(guard.Item?.accountId).toBe(newcomer.accountId);
    });

    it('lets a new registration take the name and email of a lapsed pending one before TTL deletes it', async () => {
      // Prepare
      const lapsed = pending({}, at(new Date(), -25 * 3600));
      await store.createPending(lapsed);

      // Act
      const outcome = await store.createPending(pending({ nameIndex: lapsed.nameIndex, emailIndex: lapsed.emailIndex }));

      // Assess
      expect(outcome).toEqual({ outcome: 'created' });
    });

    it('leaves a contact with exactly one of 20 parallel registrations; the others hold nothing of it', async () => {
      // Prepare
      const emailIndex = id('email');

      // Act
      const registrations = Array.from({ length: 20 }, () => pending({ emailIndex }));
      const outcomes = await Promise.all(registrations.map((registration) => store.createPending(registration)));

      // Assess: every one answers as a fresh registration; one holds the guard, the rest were cancelled.
      expect(outcomes.every((o) => o.outcome === 'created' || o.outcome === 'decoy')).toBe(true);
      const guard = await client.send(new GetCommand({ TableName: tableName, Key: emailGuardKey(emailIndex), ConsistentRead: true }));
      const accounts = await Promise.all(registrations.map((r) => store.getAccount(r.accountId)));
      const live = accounts.filter((account) => account !== undefined);
      expect(live).toHaveLength(1);
      expect(live[0]?.accountId).toBe(guard.Item?.accountId);
      expect(live[0]?.emailIndex).toBe(emailIndex);
    });
  });

  describe('Method: countCodeTry', () => {
    it('counts exactly 5 of 20 parallel tries on one code', async () => {
      // Prepare
      const registration = pending();
      await store.createPending(registration);
      const now = at(registration.createdAt, 5);

      // Act
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => store.countCodeTry(registration.nameIndex, now, limits)));

      // Assess
      expect(outcomes.filter((o) => o.outcome === 'counted')).toHaveLength(5);
      expect(outcomes.filter((o) => o.outcome === 'no_live_code')).toHaveLength(15);
    });

    it('treats an expired code as absent', async () => {
      // Prepare
      const registration = pending();
      await store.createPending(registration);

      // Act
      const outcome = await store.countCodeTry(registration.nameIndex, at(registration.createdAt, 601), limits);

      // Assess
      expect(outcome).toEqual({ outcome: 'no_live_code' });
    });

    it('keeps counting tries across resent codes, and reports exhaustion after 10', async () => {
      // Prepare
      const registration = pending();
      await store.createPending(registration);
      const t0 = registration.createdAt;

      // Act
      for (let i = 0; i < 5; i += 1) await store.countCodeTry(registration.nameIndex, at(t0, 1), limits);
      const renewed = await store.renewCode(
        registration.nameIndex,
        { hashFor: () => 'hash-2', expiresAt: at(t0, 661) },
        at(t0, 61),
        limits,
      );
      const counted: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        counted.push((await store.countCodeTry(registration.nameIndex, at(t0, 62), limits)).outcome);
      }

      // Assess
      expect(renewed.outcome).toBe('renewed');
      expect(counted).toEqual(['counted', 'counted', 'counted', 'counted', 'counted', 'tries_exhausted']);
    });
  });

  describe('Method: activate', () => {
    it('spends a code once: of two activations with it, one succeeds', async () => {
      // Prepare
      const registration = pending();
      await store.createPending(registration);
      const counted = await store.countCodeTry(registration.nameIndex, registration.createdAt, limits);
      if (counted.outcome !== 'counted') throw new Error('expected a counted try');

      // Act
      const results = await Promise.all([
        store.activate(registration.nameIndex, counted.attempt, registration.createdAt),
        store.activate(registration.nameIndex, counted.attempt, registration.createdAt),
      ]);

      // Assess
      expect(results.sort()).toEqual([false, true]);
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: accountKey(registration.accountId) }));
      expect(Item?.status).toBe('active');
      expect(Item?.expiresAt).toBeUndefined();
      const guard = await client.send(new GetCommand({ TableName: tableName, Key: nameGuardKey(registration.nameIndex) }));
      expect(guard.Item?.expiresAt).toBeUndefined();
    });
  });

  describe('Method: cancelPending', () => {
    it('frees the name and contact of a cancelled registration', async () => {
      // Prepare
      const registration = pending();
      await store.createPending(registration);
      const attempt: CountedCodeTry = {
        accountId: registration.accountId,
        codeHash: registration.code.hash,
        triesTotal: 10,
        channel: 'email',
        ...(registration.emailIndex === undefined ? {} : { emailIndex: registration.emailIndex }),
      };

      // Act
      await store.cancelPending(registration.nameIndex, attempt);
      const again = await store.createPending(pending({ nameIndex: registration.nameIndex, emailIndex: registration.emailIndex }));

      // Assess
      expect(again).toEqual({ outcome: 'created' });
      expect(await store.getAccount(registration.accountId)).toBeUndefined();
    });
  });

  describe('Method: renewCode', () => {
    it('refuses a resend within the cooldown, with the seconds left', async () => {
      // Prepare
      const registration = pending();
      await store.createPending(registration);

      // Act
      const outcome = await store.renewCode(
        registration.nameIndex,
        { hashFor: () => 'hash-2', expiresAt: at(registration.createdAt, 620) },
        at(registration.createdAt, 20),
        limits,
      );

      // Assess
      expect(outcome).toEqual({ outcome: 'throttled', retryAfterSeconds: 40 });
    });

    it('allows 5 resends an hour, then waits for the window, then allows again', async () => {
      // Prepare
      const registration = pending();
      await store.createPending(registration);
      const t0 = registration.createdAt;
      const renewAt = (seconds: number) =>
        store.renewCode(registration.nameIndex, { hashFor: () => `hash-${seconds}`, expiresAt: at(t0, seconds + 600) }, at(t0, seconds), limits);

      // Act
      const outcomes = [];
      for (const seconds of [61, 122, 183, 244, 305, 366]) outcomes.push(await renewAt(seconds));
      const nextHour = await renewAt(3601);

      // Assess
      expect(outcomes.slice(0, 5).every((o) => o.outcome === 'renewed')).toBe(true);
      expect(outcomes[5]).toEqual({ outcome: 'throttled', retryAfterSeconds: 3600 - 366 });
      expect(nextHour.outcome).toBe('renewed');
    });

    it('answers no_pending for an unknown name', async () => {
      // Act
      const outcome = await store.renewCode(id('name'), { hashFor: () => 'x', expiresAt: new Date() }, new Date(), limits);

      // Assess
      expect(outcome).toEqual({ outcome: 'no_pending' });
    });

    it('allows a resend at once after a failed send lifted the cooldown', async () => {
      // Prepare
      const registration = pending();
      await store.createPending(registration);

      // Act
      await store.releaseCooldown(registration.nameIndex, registration.code.hash);
      const outcome = await store.renewCode(
        registration.nameIndex,
        { hashFor: () => 'hash-2', expiresAt: at(registration.createdAt, 605) },
        at(registration.createdAt, 5),
        limits,
      );

      // Assess
      expect(outcome.outcome).toBe('renewed');
    });
  });
});

describe('Class: DynamoDbContactThrottle', () => {
  it('gives 3 of 10 parallel takes a slot, and a new slot an hour later', async () => {
    // Prepare
    const contact = id('contact');
    const now = new Date();

    // Act
    const taken = await Promise.all(Array.from({ length: 10 }, () => throttle.tryTake(contact, now, 3)));
    const later = await throttle.tryTake(contact, at(now, 3601), 3);

    // Assess
    expect(taken.filter(Boolean)).toHaveLength(3);
    expect(later).toBe(true);
  });
});
