// test/integration/api: the account owner's rights as an app client uses them, against the local runtime
// (DynamoDB Local, the email and SMS outboxes) through the same handlers Lambda runs: export, profile
// change, change of contact with re-verification, and erasure proven on the raw table.
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { deriveKeyMaterial } from '../../../shared/adapters/crypto/key-material.js';
import { createHmacBlindIndexer } from '../../../shared/adapters/crypto/hmac-blind-indexer.js';
import { aesGcmFieldCipher } from '../../../shared/adapters/crypto/aes-gcm-field-cipher.js';
import { createLocalKeyService } from '../../../shared/adapters/crypto/keyring-key-service.js';
import { readLocalSecrets } from '../../../shared/adapters/secrets/local-secrets-file.js';
import { readAppSettings } from '../../../shared/config/env.js';
import { en } from '../../../shared/messages/en.js';
import type { AccountId } from '../../../shared/domain/types.js';
import {
  call,
  emailsTo,
  latestEmailCode,
  latestSmsCode,
  post,
  signet,
  smsTo,
  strongPassword,
  uniqueEmail,
  uniqueName,
  uniquePhone,
  wrongCode,
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

/** Registers and confirms with a phone only, by SMS code. */
const registerBySms = async (): Promise<
  Required<Pick<Person, 'phone'>> & Omit<Person, 'email' | 'phone'>
> => {
  const person = { accountName: uniqueName('texter'), password: strongPassword(), phone: uniquePhone() };
  expect((await post('/v1/registrations', { ...person, channel: 'sms' })).status).toBe(202);
  const code = await latestSmsCode(person.phone);
  expect((await post('/v1/registrations/confirm', { accountName: person.accountName, code })).status).toBe(
    200,
  );
  return person;
};

const signIn = async (person: Pick<Person, 'accountName' | 'password'>): Promise<string> => {
  const answer = await post('/v1/sessions', {
    clientId: 'local-app',
    accountName: person.accountName,
    password: person.password,
  });
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

/** `pk/sk` of a raw item. */
const keyOf = (item: Record<string, unknown>): string => `${String(item.pk)}/${String(item.sk)}`;

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
    expect(Object.keys(body).sort()).toEqual(['account', 'consent', 'disclosures', 'items', 'legalHold', 'sessions']);
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
    expect(body.items[1]?.purpose).toBe('verification codes, password reset and account notices');
    expect(body.consent).toEqual([{ policyVersion: '2026-11-01', acceptedAt: body.account.createdAt }]);
    expect(body.legalHold).toBeNull();
    expect(body.disclosures).toEqual([]);
    expect(exported.headers.get('cache-control')).toBe('no-store');
  });

  it('shows nothing that was not given: a phone-only account exports its name and phone, no secret or index', async () => {
    // Prepare
    const person = await registerBySms();
    const token = await signIn(person);
    const { indexer } = await localCrypto();
    const { items } = await scanTable();
    const stored = items.find(
      (item) => item.sk === 'ACCOUNT' && item.nameIndex === indexer.index('name', person.accountName),
    );

    // Act
    const exported = await authed('GET', ME, token);

    // Assess
    expect(exported.status).toBe(200);
    const body = exported.body as { account: unknown; items: { field: string; value: unknown }[] };
    expect(body.account).toMatchObject({ accountName: person.accountName, status: 'active', locale: 'en' });
    expect(body.items.map(({ field, value }) => [field, value])).toEqual([
      ['accountName', person.accountName],
      ['phone', person.phone],
    ]);
    // Nothing internal leaks into the export: no hash, wrapped key, sealed value, blind index or account id.
    expect(stored).toBeDefined();
    const internals = [
      String(stored?.passwordHash),
      String(stored?.wrappedKey),
      String(stored?.accountId),
      String(stored?.nameIndex),
      String(stored?.phoneIndex),
      ...Object.values(stored?.sealed as Record<string, string>),
    ];
    for (const value of internals) expect(exported.text).not.toContain(value);
    expect(exported.text).not.toMatch(/argon2|wrappedKey|Index|sealed|tokenGeneration|passwordHash/);
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

  it('replaces a verified phone only after the new number proves itself, and texts the old number without a code', async () => {
    // Prepare
    const person = await registerBySms();
    const token = await signIn(person);
    const newPhone = uniquePhone();
    const oldTexts = (await smsTo(person.phone)).length;

    // Act
    const requested = await authed('POST', CONTACT, token, {
      phone: newPhone,
      currentPassword: person.password,
    });
    const code = await latestSmsCode(newPhone);
    const wrong = await authed('POST', CONTACT_CONFIRM, token, { code: wrongCode(code) });
    const before = await authed('GET', ME, token);
    const confirmed = await authed('POST', CONTACT_CONFIRM, token, { code });
    const after = await authed('GET', ME, token);
    const reused = await authed('POST', CONTACT_CONFIRM, token, { code });

    // Assess
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ channel: 'sms' });
    expect((wrong.body as { error: string }).error).toBe('invalid_code');
    const phoneOf = (answer: ApiResponse) =>
      (answer.body as { items: { field: string; value: unknown }[] }).items.find(
        (item) => item.field === 'phone',
      )?.value;
    expect(phoneOf(before)).toBe(person.phone);
    expect(confirmed.status).toBe(200);
    expect(phoneOf(after)).toBe(newPhone);
    expect((reused.body as { error: string }).error).toBe('invalid_code');
    const texts = await smsTo(person.phone);
    expect(texts).toHaveLength(oldTexts + 1);
    expect(texts.at(-1)?.message).toBe(en.notices.contact_changed.sms);
    expect(texts.at(-1)?.message).not.toMatch(/\b\d{6}\b/);
  });

  it('keeps codes to their purpose: a reset code does not change a contact, nor a contact code reset a password', async () => {
    // Prepare
    const person = await registerActive();
    const token = await signIn(person);
    const newEmail = uniqueEmail();
    expect(
      (await authed('POST', CONTACT, token, { email: newEmail, currentPassword: person.password })).status,
    ).toBe(202);
    const contactCode = await latestEmailCode(newEmail);
    const resetAsked = await post('/v1/password-resets', { accountName: person.accountName });
    expect(resetAsked.status).toBe(202);
    const { resetId } = resetAsked.body as { resetId: string };
    const resetCode = await latestEmailCode(person.email);
    const newPassword = strongPassword();

    // Act
    const resetAsContact = await authed('POST', CONTACT_CONFIRM, token, { code: resetCode });
    const contactAsReset = await post('/v1/password-resets/confirm', {
      accountName: person.accountName,
      resetId,
      code: contactCode,
      newPassword,
    });
    const between = await authed('GET', ME, token);
    const contactChanged = await authed('POST', CONTACT_CONFIRM, token, { code: contactCode });
    const passwordReset = await post('/v1/password-resets/confirm', {
      accountName: person.accountName,
      resetId,
      code: resetCode,
      newPassword,
    });

    // Assess
    for (const crossed of [resetAsContact, contactAsReset]) {
      expect(crossed.status).toBe(400);
      expect((crossed.body as { error: string }).error).toBe('invalid_code');
    }
    // Neither cross use changed anything: the old email and the old password still hold.
    expect(between.status).toBe(200);
    const emailOf = (answer: ApiResponse) =>
      (answer.body as { items: { field: string; value: unknown }[] }).items.find(
        (item) => item.field === 'email',
      )?.value;
    expect(emailOf(between)).toBe(person.email);
    // Each code still works for its own purpose.
    expect(contactChanged.status).toBe(200);
    expect(passwordReset.status).toBe(200);
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
  it('erases: nothing left in the table decrypts or matches the person, no key, index, code, throttle or pending change', async () => {
    // Prepare
    const phone = uniquePhone();
    const person = await registerActive(
      { preferences: { smsNotifications: true }, interests: ['music'] },
      phone,
    );
    const token = await signIn(person);
    // Another account stays, so that the decryption checks below have sealed values to try.
    await registerActive({ interests: ['art'] });
    const pendingEmail = uniqueEmail();
    // Everything an account gathers around it: a reset code, a contact change waiting for its code, a
    // count of notices after someone tried to register with the email, and a failed sign-in. (The right
    // password of DELETE /v1/me clears that failure itself; the store's own test shows erase deletes it.)
    expect((await post('/v1/password-resets', { accountName: person.accountName })).status).toBe(202);
    expect(
      (await authed('POST', CONTACT, token, { email: pendingEmail, currentPassword: person.password }))
        .status,
    ).toBe(202);
    expect(
      (
        await post('/v1/sessions', {
          clientId: 'local-app',
          accountName: person.accountName,
          password: strongPassword(),
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await post('/v1/registrations', {
          accountName: uniqueName('copycat'),
          password: strongPassword(),
          email: person.email,
          channel: 'email',
        })
      ).status,
    ).toBe(202);
    const { indexer, keys } = await localCrypto();
    const nameIndex = indexer.index('name', person.accountName);
    const emailIndex = indexer.index('email', person.email);
    const phoneIndex = indexer.index('phone', phone);
    const pendingIndex = indexer.index('email', pendingEmail);
    const before = await scanTable();
    const accountId = before.items.find((item) => keyOf(item) === `NAME#${nameIndex}/GUARD`)
      ?.accountId as AccountId;
    const account = before.items.find((item) => keyOf(item) === `ACCOUNT#${accountId}/ACCOUNT`) ?? {};
    const wrappedKey = account.wrappedKey as string;
    const sealedBefore = Object.values(account.sealed as Record<string, string>);
    const dataKey = await keys.unwrapDataKey(accountId, wrappedKey);
    const gathered = [
      `NAME#${nameIndex}/GUARD`,
      `NAME#${nameIndex}/CODE#password_reset`,
      `SIGNIN#${nameIndex}/THROTTLE`,
      `EMAIL#${emailIndex}/GUARD`,
      `PHONE#${phoneIndex}/GUARD`,
      `NOTICE#${emailIndex}/THROTTLE`,
      `ACCOUNT#${accountId}/CODE#contact_change`,
    ];
    expect(before.items.map(keyOf)).toEqual(expect.arrayContaining(gathered));
    expect(before.text).toContain(pendingIndex);
    expect(sealedBefore).toHaveLength(5);

    // Act
    const erased = await authed('DELETE', ME, token, { currentPassword: person.password });
    const { items, text } = await scanTable();

    // Assess
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ status: 'erased' });
    // What is left of the account: a tombstone (opaque id, times, reason), kept for tombstoneDays.
    expect(items.filter((item) => item.accountId === accountId).map(keyOf)).toEqual([
      `ACCOUNT#${accountId}/ACCOUNT`,
    ]);
    const left = items.filter((item) => item.pk === `ACCOUNT#${accountId}`);
    expect(left).toHaveLength(1);
    const tombstone = left[0] ?? {};
    expect(Object.keys(tombstone).sort()).toEqual(
      ['accountId', 'createdAt', 'erasedAt', 'expiresAt', 'pk', 'reason', 'sk', 'status'].sort(),
    );
    expect(tombstone).toMatchObject({
      status: 'erased',
      reason: 'owner_request',
      createdAt: account.createdAt,
    });
    const { tombstoneDays } = readAppSettings(signet().env).retention;
    expect(tombstone.expiresAt).toBe(
      Math.floor(Date.parse(tombstone.erasedAt as string) / 1000) + tombstoneDays * 86_400,
    );
    // No guard, code, throttle or pending change is left, nor any blind index of the person.
    const keysLeft = new Set(items.map(keyOf));
    for (const key of gathered) expect(keysLeft.has(key)).toBe(false);
    for (const index of [nameIndex, emailIndex, phoneIndex, pendingIndex]) expect(text).not.toContain(index);
    // No plaintext either, in any form.
    for (const value of [person.accountName, person.email, phone, pendingEmail]) {
      for (const form of leakForms(value)) expect(text).not.toContain(form);
    }
    // The wrapped data key is gone (crypto-shredding), with every sealed value; no wrapped key left in the
    // table unwraps for this account, and no sealed value left opens under the account's old data key.
    expect(text).not.toContain(wrappedKey);
    for (const sealed of sealedBefore) expect(text).not.toContain(sealed);
    const wrappedKeys = items.flatMap((item) =>
      typeof item.wrappedKey === 'string' ? [item.wrappedKey] : [],
    );
    expect(wrappedKeys.length).toBeGreaterThan(0);
    for (const wrapped of wrappedKeys) await expect(keys.unwrapDataKey(accountId, wrapped)).rejects.toThrow();
    const fields = ['accountName', 'email', 'phone', 'preferences', 'interests'] as const;
    // Sealed values live in accounts (`sealed`) and in contact changes waiting for their code (`payload.sealed`).
    const sealedLeft = items.flatMap((item) => {
      const sealed = (item.sealed ?? {}) as Record<string, unknown>;
      const pending = (item.payload as { sealed?: unknown } | undefined)?.sealed;
      return [...Object.values(sealed), pending].filter(
        (value): value is string => typeof value === 'string',
      );
    });
    expect(sealedLeft.length).toBeGreaterThan(0);
    for (const sealed of sealedLeft) {
      for (const field of fields)
        expect(() => aesGcmFieldCipher.open(dataKey, accountId, field, sealed)).toThrow();
    }
    dataKey.fill(0);
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
      clientId: 'local-app',
      accountName: person.accountName,
      password: person.password,
    });
    const newcomer = { accountName: person.accountName, password: strongPassword() };
    const again = await post('/v1/registrations', { ...newcomer, email: person.email, channel: 'email' });
    const code = await latestEmailCode(person.email);
    const confirmed = await post('/v1/registrations/confirm', { accountName: person.accountName, code });
    // The old tokens name the erased account, not the new one of the same name.
    const oldTokenOnNewAccount = await authed('GET', ME, token);
    const newExport = await authed('GET', ME, await signIn(newcomer));

    // Assess
    expect(erased.status).toBe(200);
    const mails = await emailsTo(person.email);
    expect(mails.some((mail) => mail.subject === en.notices.account_erased.email.subject)).toBe(true);
    expect([exportAfter.status, patchAfter.status, oldTokenOnNewAccount.status]).toEqual([401, 401, 401]);
    for (const answer of [exportAfter, patchAfter, oldTokenOnNewAccount]) {
      expect((answer.body as { error: string }).error).toBe('unauthorized');
    }
    expect(signInAfter.status).toBe(401);
    expect(again.status).toBe(202);
    expect(confirmed.status).toBe(200);
    // The new account starts afresh: nothing of the erased one carries over.
    expect(newExport.status).toBe(200);
    const body = newExport.body as { items: { field: string; value: unknown }[]; consent: unknown[] };
    expect(body.items.map(({ field, value }) => [field, value])).toEqual([
      ['accountName', person.accountName],
      ['email', person.email],
    ]);
    expect(body.consent).toHaveLength(1);
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
