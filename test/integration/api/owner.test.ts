// test/integration/api: the account owner's rights as an app client uses them, against the local runtime
// (DynamoDB Local, the email and SMS outboxes) through the same handlers Lambda runs: export, profile
// change, change of contact with re-verification, and erasure proven on the raw table.
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { deriveKeyMaterial } from '../../../shared/adapters/crypto/key-material.js';
import { createHmacBlindIndexer } from '../../../shared/adapters/crypto/hmac-blind-indexer.js';
import { createLocalKeyService } from '../../../shared/adapters/crypto/keyring-key-service.js';
import { readLocalSecrets } from '../../../shared/adapters/secrets/local-secrets-file.js';
import { en } from '../../../shared/messages/en.js';
import type { AccountId } from '../../../shared/domain/types.js';
import {
  call,
  emailsTo,
  latestEmailCode,
  latestSmsCode,
  post,
  signet,
  strongPassword,
  uniqueEmail,
  uniqueName,
  uniquePhone,
  type ApiResponse,
} from '../../helpers/api.js';

const ME = '/v1/me';
const CONTACT = '/v1/me/contact';
const CONTACT_CONFIRM = '/v1/me/contact/confirm';
const RULE = 'until erasure, or 2 years after the last sign-in';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

interface Person {
  readonly accountName: string;
  readonly password: string;
  readonly email: string;
  readonly phone?: string;
}

/** Registers and confirms by email, as the registration flow does. */
const registerActive = async (extra: Record<string, unknown> = {}, phone?: string): Promise<Person> => {
  const person = {
    accountName: uniqueName('owner'),
    password: strongPassword(),
    email: uniqueEmail(),
    ...(phone === undefined ? {} : { phone }),
  };
  const registered = await post('/v1/registrations', { ...person, channel: 'email', ...extra });
  expect(registered.status).toBe(202);
  const code = await latestEmailCode(person.email);
  expect((await post('/v1/registrations/confirm', { accountName: person.accountName, code })).status).toBe(
    200,
  );
  return person;
};

const signIn = async (person: Pick<Person, 'accountName' | 'password'>): Promise<string> => {
  const answer = await post('/v1/sessions', { accountName: person.accountName, password: person.password });
  expect(answer.status).toBe(200);
  return (answer.body as { accessToken: string }).accessToken;
};

/** A request with a bearer token. */
const authed = (method: string, path: string, token: string, body?: unknown): Promise<ApiResponse> =>
  call(method, path, body, { 'content-type': 'application/json', authorization: `Bearer ${token}` });

/** Every item of the table, unmarshalled, and as raw DynamoDB JSON text. */
const scanTable = async (): Promise<{ items: Record<string, unknown>[]; text: string }> => {
  const { dynamodbEndpoint, tableName } = signet();
  const client = new DynamoDBClient({
    endpoint: dynamodbEndpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const raw: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    raw.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  client.destroy();
  return { items: raw.map((item) => unmarshall(item)), text: JSON.stringify(raw) };
};

/** The local stage's blind indexer and key service, from the data folder's secrets file. */
const localCrypto = async () => {
  const secrets = await readLocalSecrets(signet().env.SIGNET_LOCAL_SECRETS_FILE ?? '');
  return {
    indexer: createHmacBlindIndexer(deriveKeyMaterial(secrets.rootSecret).blindIndexKey),
    keys: createLocalKeyService(secrets.masterKey),
  };
};

/** The forms a value could leak in: as given, lower and upper case, and a phone's national digits. */
const leakForms = (value: string): string[] => {
  const forms = new Set([value, value.toLowerCase(), value.toUpperCase()]);
  if (value.startsWith('+')) forms.add(value.slice(3));
  return [...forms];
};

describe('GET /v1/me', () => {
  it('shows exactly what was given at registration: values, consent, no hold, no disclosures', async () => {
    // Prepare
    const phone = uniquePhone();
    const given = {
      preferences: { marketingEmails: true, productUpdates: false },
      interests: ['science', 'books'],
    };
    const person = await registerActive({ ...given, locale: 'zh-CN' }, phone);
    const token = await signIn(person);

    // Act
    const exported = await authed('GET', ME, token);

    // Assess
    expect(exported.status).toBe(200);
    const body = exported.body as {
      account: Record<string, string>;
      items: { field: string; value: unknown; collectedAt: string; purpose: string; keptUntil: string }[];
      consent: { policyVersion: string; acceptedAt: string }[];
      legalHold: unknown;
      disclosures: unknown[];
    };
    expect(Object.keys(body).sort()).toEqual(['account', 'consent', 'disclosures', 'items', 'legalHold']);
    expect(body.account).toEqual({
      accountName: person.accountName,
      status: 'active',
      createdAt: expect.stringMatching(ISO),
      locale: 'zh-CN',
    });
    expect(body.items.map(({ field, value }) => [field, value])).toEqual([
      ['accountName', person.accountName],
      ['email', person.email],
      ['phone', phone],
      ['preferences', given.preferences],
      ['interests', given.interests],
    ]);
    for (const item of body.items) {
      expect(item.collectedAt).toBe(body.account.createdAt);
      expect(item.keptUntil).toBe(RULE);
      expect(item.purpose.length).toBeGreaterThan(10);
    }
    expect(body.items[1]?.purpose).toBe('sign-in codes, password reset and account notices');
    expect(body.consent).toEqual([{ policyVersion: '2026-11-01', acceptedAt: body.account.createdAt }]);
    expect(body.legalHold).toBeNull();
    expect(body.disclosures).toEqual([]);
    expect(exported.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 401 unauthorized without a token, or with a forged one', async () => {
    // Prepare
    const person = await registerActive();
    const token = await signIn(person);
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;

    // Act
    const missing = await call('GET', ME);
    const bad = await authed('GET', ME, forged);

    // Assess
    for (const answer of [missing, bad]) {
      expect(answer.status).toBe(401);
      expect((answer.body as { error: string }).error).toBe('unauthorized');
    }
  });
});

describe('PATCH /v1/me', () => {
  it('changes preferences, interests and locale; the export shows them, with new collection times', async () => {
    // Prepare
    const person = await registerActive({ preferences: { productUpdates: true }, interests: ['art'] });
    const token = await signIn(person);

    // Act
    const patched = await authed('PATCH', ME, token, {
      preferences: { marketingEmails: true },
      interests: ['music', 'travel'],
      locale: 'zh-CN',
    });
    const exported = await authed('GET', ME, token);

    // Assess
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ status: 'updated' });
    const body = exported.body as {
      account: { locale: string; createdAt: string };
      items: { field: string; value: unknown; collectedAt: string }[];
    };
    const byField = Object.fromEntries(body.items.map((item) => [item.field, item]));
    expect(body.account.locale).toBe('zh-CN');
    expect(byField.preferences?.value).toEqual({ productUpdates: true, marketingEmails: true });
    expect(byField.interests?.value).toEqual(['music', 'travel']);
    expect(Date.parse(byField.interests?.collectedAt ?? '')).toBeGreaterThan(
      Date.parse(body.account.createdAt),
    );
    expect(byField.email?.collectedAt).toBe(body.account.createdAt);
  });

  it('refuses an empty patch, unknown fields and fields it does not change, with 400 invalid_request', async () => {
    // Prepare
    const person = await registerActive();
    const token = await signIn(person);

    // Act
    const answers = [
      await authed('PATCH', ME, token, {}),
      await authed('PATCH', ME, token, { locale: 'en', isAdmin: true }),
      await authed('PATCH', ME, token, { email: uniqueEmail() }),
      await authed('PATCH', ME, token, { interests: ['not-an-interest'] }),
    ];

    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect((answer.body as { error: string }).error).toBe('invalid_request');
    }
  });
});

describe('POST /v1/me/contact', () => {
  it('verifies a new email with a code before it replaces the old one, tells the old one, and frees it', async () => {
    // Prepare
    const person = await registerActive();
    const token = await signIn(person);
    const newEmail = uniqueEmail();

    // Act
    const requested = await authed('POST', CONTACT, token, {
      email: newEmail,
      currentPassword: person.password,
    });
    const before = await authed('GET', ME, token);
    const code = await latestEmailCode(newEmail);
    const confirmed = await authed('POST', CONTACT_CONFIRM, token, { code });
    const after = await authed('GET', ME, token);
    const oldMail = await emailsTo(person.email);
    const reRegistered = await post('/v1/registrations', {
      accountName: uniqueName('again'),
      password: strongPassword(),
      email: person.email,
      channel: 'email',
    });

    // Assess
    expect(requested.status).toBe(202);
    expect(requested.body).toEqual({
      channel: 'email',
      destination: 'p***@e***.com',
      expiresAt: expect.stringMatching(ISO),
    });
    const emailOf = (answer: ApiResponse) =>
      (answer.body as { items: { field: string; value: unknown }[] }).items.find(
        (item) => item.field === 'email',
      )?.value;
    expect(emailOf(before)).toBe(person.email);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ status: 'changed' });
    expect(emailOf(after)).toBe(newEmail);
    const notice = oldMail.at(-1);
    expect(notice?.subject).toBe(en.notices.contact_changed.email.subject);
    expect(notice?.body.text).not.toMatch(/\b\d{6}\b/);
    // The old address is free: a new registration with it gets a code, not a "someone tried" notice.
    expect(reRegistered.status).toBe(202);
    expect((await emailsTo(person.email)).at(-1)?.subject).toBe(en.codes.registration.email.subject);
  });

  it('adds a phone by SMS code, and tells the email', async () => {
    // Prepare
    const person = await registerActive();
    const token = await signIn(person);
    const phone = uniquePhone();

    // Act
    const requested = await authed('POST', CONTACT, token, { phone, currentPassword: person.password });
    const code = await latestSmsCode(phone);
    const confirmed = await authed('POST', CONTACT_CONFIRM, token, { code });
    const after = await authed('GET', ME, token);

    // Assess
    expect(requested.status).toBe(202);
    expect((requested.body as { channel: string }).channel).toBe('sms');
    expect(confirmed.status).toBe(200);
    const items = (after.body as { items: { field: string; value: unknown }[] }).items;
    expect(items.find((item) => item.field === 'phone')?.value).toBe(phone);
    expect(items.find((item) => item.field === 'email')?.value).toBe(person.email);
    expect((await emailsTo(person.email)).at(-1)?.subject).toBe(en.notices.contact_changed.email.subject);
  });

  it("answers a contact taken by another account alike, changes nothing, and notifies that contact's owner", async () => {
    // Prepare
    const person = await registerActive();
    const other = await registerActive();
    const token = await signIn(person);
    const free = await registerActive();
    const freeToken = await signIn(free);
    const mailsBefore = (await emailsTo(other.email)).length;

    // Act
    const taken = await authed('POST', CONTACT, token, {
      email: other.email,
      currentPassword: person.password,
    });
    const fresh = await authed('POST', CONTACT, freeToken, {
      email: uniqueEmail(),
      currentPassword: free.password,
    });
    const guess = await authed('POST', CONTACT_CONFIRM, token, { code: '000000' });
    const after = await authed('GET', ME, token);

    // Assess
    expect(taken.status).toBe(fresh.status);
    expect(Object.keys(taken.body as object).sort()).toEqual(Object.keys(fresh.body as object).sort());
    expect((taken.body as { destination: string }).destination).toBe('p***@e***.com');
    const otherMail = await emailsTo(other.email);
    expect(otherMail).toHaveLength(mailsBefore + 1);
    expect(otherMail.at(-1)?.subject).toBe(en.notices.registration_attempt.email.subject);
    expect(otherMail.at(-1)?.body.text).not.toMatch(/\b\d{6}\b/);
    expect(guess.status).toBe(400);
    const items = (after.body as { items: { field: string; value: unknown }[] }).items;
    expect(items.find((item) => item.field === 'email')?.value).toBe(person.email);
  });

  it('answers 401 invalid_credentials to a wrong current password, and sends nothing', async () => {
    // Prepare
    const person = await registerActive();
    const token = await signIn(person);
    const newEmail = uniqueEmail();

    // Act
    const answer = await authed('POST', CONTACT, token, {
      email: newEmail,
      currentPassword: strongPassword(),
    });

    // Assess
    expect(answer.status).toBe(401);
    expect((answer.body as { error: string }).error).toBe('invalid_credentials');
    expect(await emailsTo(newEmail)).toEqual([]);
  });
});

describe('DELETE /v1/me', () => {
  it('erases: nothing left in the table decrypts or matches the name, email or phone, no blind index remains', async () => {
    // Prepare
    const phone = uniquePhone();
    const person = await registerActive(
      { preferences: { smsNotifications: true }, interests: ['music'] },
      phone,
    );
    const token = await signIn(person);
    const { indexer, keys } = await localCrypto();
    const indexes = [
      indexer.index('name', person.accountName),
      indexer.index('email', person.email),
      indexer.index('phone', phone),
    ];
    const guard = (await scanTable()).items.find(
      (item) => item.pk === `NAME#${indexes[0]}` && item.sk === 'GUARD',
    );
    const accountId = guard?.accountId as AccountId;
    expect(accountId).toEqual(expect.any(String));

    // Act
    const erased = await authed('DELETE', ME, token, { currentPassword: person.password });
    const { items, text } = await scanTable();

    // Assess
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ status: 'erased' });
    // What is left of the account: a tombstone without key, sealed fields, indexes or hash.
    const left = items.filter((item) => item.pk === `ACCOUNT#${accountId}`);
    expect(left).toHaveLength(1);
    expect(Object.keys(left[0] ?? {}).sort()).toEqual(
      ['accountId', 'createdAt', 'erasedAt', 'expiresAt', 'pk', 'reason', 'sk', 'status'].sort(),
    );
    expect(left[0]).toMatchObject({ status: 'erased', reason: 'owner_request' });
    // No blind index of the name, email or phone remains anywhere (no guard, code, throttle).
    for (const index of indexes) expect(text).not.toContain(index);
    // No plaintext either, and no wrapped key in the table unwraps for this account.
    for (const value of [person.accountName, person.email, phone]) {
      for (const form of leakForms(value)) expect(text).not.toContain(form);
    }
    const wrappedKeys = items.flatMap((item) =>
      typeof item.wrappedKey === 'string' ? [item.wrappedKey] : [],
    );
    expect(wrappedKeys.length).toBeGreaterThan(0);
    for (const wrapped of wrappedKeys) await expect(keys.unwrapDataKey(accountId, wrapped)).rejects.toThrow();
  });

  it('tells the owner before the key is gone, kills every token, and frees the name and email', async () => {
    // Prepare
    const person = await registerActive();
    const token = await signIn(person);
    const second = await signIn(person);

    // Act
    const erased = await authed('DELETE', ME, token, { currentPassword: person.password });
    const exportAfter = await authed('GET', ME, second);
    const patchAfter = await authed('PATCH', ME, token, { locale: 'zh-CN' });
    const signInAfter = await post('/v1/sessions', {
      accountName: person.accountName,
      password: person.password,
    });
    const again = await post('/v1/registrations', {
      accountName: person.accountName,
      password: strongPassword(),
      email: person.email,
      channel: 'email',
    });
    const code = await latestEmailCode(person.email);
    const confirmed = await post('/v1/registrations/confirm', { accountName: person.accountName, code });

    // Assess
    expect(erased.status).toBe(200);
    const mails = await emailsTo(person.email);
    expect(mails.some((mail) => mail.subject === en.notices.account_erased.email.subject)).toBe(true);
    expect([exportAfter.status, patchAfter.status]).toEqual([401, 401]);
    expect((exportAfter.body as { error: string }).error).toBe('unauthorized');
    expect(signInAfter.status).toBe(401);
    expect(again.status).toBe(202);
    expect(confirmed.status).toBe(200);
  });

  it('answers 401 invalid_credentials to a wrong password and keeps the account', async () => {
    // Prepare
    const person = await registerActive();
    const token = await signIn(person);

    // Act
    const refused = await authed('DELETE', ME, token, { currentPassword: strongPassword() });
    const stillThere = await authed('GET', ME, token);

    // Assess
    expect(refused.status).toBe(401);
    expect((refused.body as { error: string }).error).toBe('invalid_credentials');
    expect(stillThere.status).toBe(200);
    expect((await emailsTo(person.email)).map((mail) => mail.subject)).not.toContain(
      en.notices.account_erased.email.subject,
    );
  });
});
