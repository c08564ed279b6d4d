// test/integration/api: sign-in, tokens, password reset and change, and consent as an app client sees them,
// against the local runtime (DynamoDB Local, the email outbox) through the same handlers Lambda runs. Each
// test talks from a loopback address of its own (127.x.y.z): the local API takes the socket address as
// the client IP, as API Gateway does, so these tests neither use up nor share the per-IP failure budget.
import { request } from 'node:http';
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as argon2 from 'argon2';
import { afterAll, describe, expect, it } from 'vitest';
import { createHmacBlindIndexer } from '../../../shared/adapters/crypto/hmac-blind-indexer.js';
import { deriveKeyMaterial } from '../../../shared/adapters/crypto/key-material.js';
import { readLocalSecrets } from '../../../shared/adapters/secrets/local-secrets-file.js';
import { parseAppSettings } from '../../../shared/config/settings.js';
import {
  emailsTo,
  latestEmailCode,
  signet,
  strongPassword,
  uniqueEmail,
  uniqueName,
} from '../../helpers/api.js';
import { localDocumentClient } from '../../helpers/dynamodb-accounts.js';
import { craftToken, localSigningKey, unsignedToken } from '../../helpers/tokens.js';

const SESSIONS = '/v1/sessions';
/** The local stage's app client. */
const CLIENT_ID = 'local-app';
const RESETS = '/v1/password-resets';
const RESET_CONFIRM = '/v1/password-resets/confirm';
const ME_PASSWORD = '/v1/me/password';
const ME_CONSENT = '/v1/me/consent';

interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  readonly body: unknown;
}

/** A loopback address no other test uses: this test's own client IP. */
const ownIp = (): string => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

/** One request to the local API, sent from `from` (a loopback address). */
const send = (
  from: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> => {
  const api = new URL(signet().apiUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: api.hostname,
        port: api.port,
        localAddress: from,
        method,
        path,
        headers: {
          // Node frames a DELETE body only with an explicit length.
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
};

/** A client bound to one source address. */
const client = (from = ownIp()) => ({
  from,
  post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
    send(from, 'POST', path, body, headers),
  bearer: (path: string, token: string, body: unknown) =>
    send(from, 'POST', path, body, { authorization: `Bearer ${token}` }),
});
type Client = ReturnType<typeof client>;

interface Person {
  readonly accountName: string;
  readonly password: string;
  readonly email: string;
}

/** Registers by email; confirms unless `pending`. Returns the person and the registration code. */
const register = async (
  api: Client,
  options: { pending?: boolean } = {},
): Promise<Person & { code: string }> => {
  const person = { accountName: uniqueName('sess'), password: strongPassword(), email: uniqueEmail() };
  const registered = await api.post('/v1/registrations', { ...person, channel: 'email' });
  expect(registered.status).toBe(202);
  const code = await latestEmailCode(person.email);
  if (options.pending !== true) {
    expect(
      (await api.post('/v1/registrations/confirm', { accountName: person.accountName, code })).status,
    ).toBe(200);
  }
  return { ...person, code };
};

const signIn = async (api: Client, person: Pick<Person, 'accountName' | 'password'>): Promise<string> => {
  const answer = await api.post(SESSIONS, {
    clientId: CLIENT_ID,
    accountName: person.accountName,
    password: person.password,
  });
  expect(answer.status).toBe(200);
  return (answer.body as { accessToken: string }).accessToken;
};

/** The claims of a JWS, read without verifying it. */
const claimsOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

/** The local stage's settings and keys, as the handlers see them. */
const local = async () => {
  const secrets = await readLocalSecrets(signet().env.SIGNET_LOCAL_SECRETS_FILE ?? '');
  const keys = deriveKeyMaterial(secrets.rootSecret);
  const settings = parseAppSettings(JSON.parse(signet().env.SIGNET_SETTINGS ?? '{}'));
  return { settings, indexer: createHmacBlindIndexer(keys.blindIndexKey) };
};

const db = localDocumentClient();
afterAll(() => db.destroy());
const table = () => signet().tableName;

const accountItem = async (accountId: string): Promise<Record<string, unknown> | undefined> =>
  (await db.send(new GetCommand({ TableName: table(), Key: { pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' } })))
    .Item;

const UNAUTHORIZED = { error: 'unauthorized', message: expect.any(String) };

/** The shape of every reset id: 128 random bits, unpadded base64url. */
const RESET_ID = /^[A-Za-z0-9_-]{22}$/;

/** Asks for a reset code; returns the reset id the answer carries. */
const askReset = async (api: Client, accountName: string): Promise<string> => {
  const answer = await api.post(RESETS, { accountName });
  expect(answer.status).toBe(202);
  return (answer.body as { resetId: string }).resetId;
};

describe('POST /v1/sessions', () => {
  it('signs in after registration and confirmation with a 15-minute ES256 Bearer token for the client', async () => {
    // Prepare
    const api = client();
    const person = await register(api);

    // Act
    const answer = await api.post(SESSIONS, {
      clientId: CLIENT_ID,
      accountName: person.accountName,
      password: person.password,
    });

    // Assess
    expect(answer.status).toBe(200);
    const body = answer.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshExpiresIn', 'refreshToken', 'tokenType']);
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const token = body.accessToken as string;
    const header = JSON.parse(
      Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'),
    ) as unknown;
    expect(header).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: (await localSigningKey()).kid });
    const claims = claimsOf(token);
    expect(claims).toMatchObject({ iss: signet().apiUrl, aud: CLIENT_ID, azp: CLIENT_ID, gen: 0 });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
    expect(JSON.stringify(claims)).not.toContain(person.accountName);
    expect(
      (await api.bearer(ME_CONSENT, token, { policyVersion: (await local()).settings.privacyPolicyVersion }))
        .status,
    ).toBe(200);
  });

  it('answers an unknown name, a wrong password and an unconfirmed account byte for byte alike', async () => {
    // Prepare
    const api = client();
    const active = await register(api);
    const pending = await register(api, { pending: true });

    // Act
    const unknown = await api.post(SESSIONS, {
      clientId: CLIENT_ID,
      accountName: uniqueName('nobody'),
      password: strongPassword(),
    });
    const wrong = await api.post(SESSIONS, {
      clientId: CLIENT_ID,
      accountName: active.accountName,
      password: strongPassword(),
    });
    const unconfirmed = await api.post(SESSIONS, {
      clientId: CLIENT_ID,
      accountName: pending.accountName,
      password: pending.password,
    });

    // Assess
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({ error: 'invalid_credentials', message: expect.any(String) });
    for (const other of [wrong, unconfirmed]) {
      expect(other.status).toBe(unknown.status);
      expect(other.text).toBe(unknown.text);
      expect(other.headers['content-type']).toBe(unknown.headers['content-type']);
      expect(other.headers['retry-after']).toBeUndefined();
    }
  });

  it('backs off after 5 wrong passwords: even the right one answers 429 with Retry-After, then works once it passed', async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    const failures = [];
    for (let i = 0; i < 5; i += 1) {
      failures.push(
        await api.post(SESSIONS, {
          clientId: CLIENT_ID,
          accountName: person.accountName,
          password: strongPassword(),
        }),
      );
    }

    // Act
    const throttled = await api.post(SESSIONS, {
      clientId: CLIENT_ID,
      accountName: person.accountName,
      password: person.password,
    });
    const retryAfter = Number(throttled.headers['retry-after']);
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 50));
    const later = await api.post(SESSIONS, {
      clientId: CLIENT_ID,
      accountName: person.accountName,
      password: person.password,
    });

    // Assess
    expect(failures.map((failure) => failure.status)).toEqual([401, 401, 401, 401, 401]);
    expect(throttled.status).toBe(429);
    expect(throttled.body).toEqual({ error: 'rate_limited', message: expect.any(String) });
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(later.status).toBe(200);
  });

  it('locks the password after 100 consecutive failures until a reset by code, which lifts the lock', async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    const { indexer } = await local();
    const nameIndex = indexer.index('name', person.accountName);
    // 99 failures already counted and their back-off passed: the next failure is the 100th.
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: {
          pk: `SIGNIN#${nameIndex}`,
          sk: 'THROTTLE',
          consecutiveFailures: 99,
          blockedUntil: 0,
          locked: false,
          lastFailureAt: 0,
        },
      }),
    );

    // Act
    const hundredth = await api.post(SESSIONS, {
      clientId: CLIENT_ID,
      accountName: person.accountName,
      password: strongPassword(),
    });
    const locked = await api.post(SESSIONS, {
      clientId: CLIENT_ID,
      accountName: person.accountName,
      password: person.password,
    });
    const resetId = await askReset(api, person.accountName);
    const newPassword = strongPassword();
    const reset = await api.post(RESET_CONFIRM, {
      accountName: person.accountName,
      resetId,
      code: await latestEmailCode(person.email),
      newPassword,
    });
    const afterReset = await api.post(SESSIONS, {
      clientId: CLIENT_ID,
      accountName: person.accountName,
      password: newPassword,
    });

    // Assess
    expect(hundredth.status).toBe(401);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ error: 'rate_limited' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(reset.status).toBe(200);
    expect(afterReset.status).toBe(200);
  });

  it('allows 50 failures an hour per client IP, whatever the account and X-Forwarded-For; other IPs are unaffected', async () => {
    // Prepare
    const attacker = client();
    const bystander = client();
    const person = await register(bystander);
    for (let batch = 0; batch < 10; batch += 1) {
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          attacker.post(SESSIONS, {
            clientId: CLIENT_ID,
            accountName: uniqueName('guess'),
            password: strongPassword(),
          }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
    }

    // Act
    const blocked = await attacker.post(
      SESSIONS,
      { clientId: CLIENT_ID, accountName: person.accountName, password: person.password },
      { 'x-forwarded-for': ownIp() },
    );
    const elsewhere = await bystander.post(SESSIONS, {
      clientId: CLIENT_ID,
      accountName: person.accountName,
      password: person.password,
    });

    // Assess
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ error: 'rate_limited' });
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(elsewhere.status).toBe(200);
  });

  it('re-hashes a password hash made with older argon2 parameters on a successful sign-in', async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    const token = await signIn(api, person);
    const accountId = claimsOf(token).sub as string;
    const oldHash = await argon2.hash(person.password, {
      type: argon2.argon2id,
      memoryCost: 8192,
      timeCost: 1,
      parallelism: 1,
    });
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' },
        UpdateExpression: 'SET passwordHash = :hash',
        ExpressionAttributeValues: { ':hash': oldHash },
      }),
    );

    // Act
    const answer = await api.post(SESSIONS, {
      clientId: CLIENT_ID,
      accountName: person.accountName,
      password: person.password,
    });

    // Assess
    expect(answer.status).toBe(200);
    const stored = (await accountItem(accountId))?.passwordHash as string;
    expect(stored).not.toBe(oldHash);
    expect(stored).toMatch(/^\$argon2id\$v=19\$(?=[^$]*\bm=19456\b)(?=[^$]*\bt=2\b)[^$]+\$/);
    expect(await argon2.verify(stored, person.password)).toBe(true);
    expect((await accountItem(accountId))?.tokenGeneration).toBe(0);
  });
});

describe('Bearer tokens', () => {
  it('answers 401 unauthorized (WWW-Authenticate: Bearer), one body, to a missing, garbage, forged, alg none, expired or foreign-audience token', async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    const real = await signIn(api, person);
    const { settings } = await local();
    const ours = await localSigningKey();
    const body = { policyVersion: settings.privacyPolicyVersion };
    const claims = claimsOf(real);
    const now = Math.floor(Date.now() / 1000);
    const valid = {
      sub: claims.sub,
      gen: 0,
      iss: settings.session.issuer,
      aud: CLIENT_ID,
      azp: CLIENT_ID,
      iat: now,
      exp: now + 600,
      jti: 'hand-made',
    };
    const unsigned = unsignedToken({ alg: 'none', typ: 'at+jwt', kid: ours.kid }, valid);
    const bad = {
      garbage: 'not-a-token',
      forged: await craftToken(valid, {
        key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
        kid: ours.kid,
      }),
      hs256: await craftToken(valid, { key: randomBytes(32), kid: ours.kid }, { alg: 'HS256' }),
      algNone: unsigned,
      algNoneWithSignature: `${unsigned}${real.split('.')[2] ?? ''}`,
      expired: await craftToken({ ...valid, iat: now - 1200, exp: now - 300 }, ours),
      otherAudience: await craftToken({ ...valid, aud: 'another-api', azp: 'another-api' }, ours),
      tampered: `${real.slice(0, -4)}${real.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`,
    };

    // Act
    const control = await api.bearer(ME_CONSENT, await craftToken(valid, ours), body);
    const missing = await api.post(ME_CONSENT, body);
    const basic = await api.post(ME_CONSENT, body, { authorization: `Basic ${real}` });
    const answers = await Promise.all(Object.values(bad).map((token) => api.bearer(ME_CONSENT, token, body)));

    // Assess
    expect(control.status).toBe(200);
    for (const answer of [missing, basic, ...answers]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(UNAUTHORIZED);
      expect(answer.text).toBe(missing.text);
      expect(answer.headers['www-authenticate']).toBe('Bearer');
    }
  });
});

describe('POST /v1/password-resets', () => {
  it('resets by email code end to end: old tokens die, the new password works, the old does not, the owner is told', async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    const oldToken = await signIn(api, person);
    const newPassword = strongPassword();

    // Act
    const requested = await api.post(RESETS, { accountName: person.accountName });
    const { resetId } = requested.body as { resetId: string };
    const code = await latestEmailCode(person.email);
    const confirmed = await api.post(RESET_CONFIRM, { accountName: person.accountName, resetId, code, newPassword });
    const again = await api.post(RESET_CONFIRM, {
      accountName: person.accountName,
      resetId,
      code,
      newPassword: strongPassword(),
    });
    const withOldToken = await api.bearer(ME_CONSENT, oldToken, {
      policyVersion: (await local()).settings.privacyPolicyVersion,
    });
    const withNew = await api.post(SESSIONS, {
      clientId: CLIENT_ID,
      accountName: person.accountName,
      password: newPassword,
    });
    const withOld = await api.post(SESSIONS, {
      clientId: CLIENT_ID,
      accountName: person.accountName,
      password: person.password,
    });

    // Assess
    expect(requested.status).toBe(202);
    expect(requested.body).toEqual({ status: 'accepted', resetId: expect.stringMatching(RESET_ID) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ status: 'changed' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: 'invalid_code' });
    expect(withOldToken.status).toBe(401);
    expect(withOldToken.body).toEqual(UNAUTHORIZED);
    expect(withNew.status).toBe(200);
    expect(claimsOf((withNew.body as { accessToken: string }).accessToken).gen).toBe(1);
    expect(withOld.status).toBe(401);
    expect(withOld.body).toMatchObject({ error: 'invalid_credentials' });
    const emails = await emailsTo(person.email);
    const notice = emails.at(-1);
    expect(notice?.subject).toMatch(/password was changed/i);
    expect(notice?.body.text ?? '').not.toMatch(/\d{6}/);
    expect(notice?.body.html ?? '').not.toContain(code);
  });

  it('answers an unknown name exactly as a known one (status, headers, a resetId of the same shape), and sends nothing', async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    const before = (await emailsTo(person.email)).length;
    /** The answer with its one random part and the per-request headers blanked. */
    const shape = (answer: Answer) => ({
      status: answer.status,
      text: answer.text.replace(/"resetId":"[A-Za-z0-9_-]{22}"/, '"resetId":"…"'),
      headers: Object.keys(answer.headers).filter((name) => !['date', 'x-request-id'].includes(name)).sort(),
      length: answer.headers['content-length'],
      type: answer.headers['content-type'],
    });

    // Act
    const known = await api.post(RESETS, { accountName: person.accountName });
    const unknown = await api.post(RESETS, { accountName: uniqueName('nobody') });

    // Assess
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual({ status: 'accepted', resetId: expect.stringMatching(RESET_ID) });
    expect(shape(unknown)).toEqual(shape(known));
    expect((unknown.body as { resetId: string }).resetId).not.toBe((known.body as { resetId: string }).resetId);
    expect(await emailsTo(person.email)).toHaveLength(before + 1);
  });

  it('answers the former body without resetId with 400 invalid_request naming resetId', async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    await askReset(api, person.accountName);
    const code = await latestEmailCode(person.email);

    // Act
    const old = await api.post(RESET_CONFIRM, { accountName: person.accountName, code, newPassword: strongPassword() });
    const malformed = await api.post(RESET_CONFIRM, {
      accountName: person.accountName,
      resetId: 'not-a-reset-id',
      code,
      newPassword: strongPassword(),
    });

    // Assess
    expect(old.status).toBe(400);
    expect(old.body).toMatchObject({ error: 'invalid_request', details: [{ field: 'resetId' }] });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: 'invalid_request', details: [{ field: 'resetId' }] });
  });

  it('refuses a registration code as a reset code, and that refusal does not touch the registration', async () => {
    // Prepare
    const api = client();
    const pending = await register(api, { pending: true });
    const active = await register(api);
    const resetId = await askReset(api, active.accountName);
    const resetCode = await latestEmailCode(active.email);

    // Act
    const pendingReset = await api.post(RESET_CONFIRM, {
      accountName: pending.accountName,
      resetId: await askReset(api, pending.accountName),
      code: pending.code,
      newPassword: strongPassword(),
    });
    const spentRegistrationCode =
      active.code === resetCode
        ? undefined
        : await api.post(RESET_CONFIRM, {
            accountName: active.accountName,
            resetId,
            code: active.code,
            newPassword: strongPassword(),
          });
    const registrationStillWorks = await api.post('/v1/registrations/confirm', {
      accountName: pending.accountName,
      code: pending.code,
    });
    const resetStillWorks = await api.post(RESET_CONFIRM, {
      accountName: active.accountName,
      resetId,
      code: resetCode,
      newPassword: strongPassword(),
    });

    // Assess
    expect(pendingReset.status).toBe(400);
    expect(pendingReset.body).toMatchObject({ error: 'invalid_code' });
    if (spentRegistrationCode !== undefined)
      expect(spentRegistrationCode.body).toMatchObject({ error: 'invalid_code' });
    expect(registrationStillWorks.status).toBe(200);
    expect(resetStillWorks.status).toBe(200);
  });

  it('answers weak_password without spending the code or counting a try', async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    const resetId = await askReset(api, person.accountName);
    const code = await latestEmailCode(person.email);
    const newPassword = strongPassword();

    // Act: more weak attempts than a code has tries.
    const weak = [];
    for (let i = 0; i < 6; i += 1) {
      weak.push(
        await api.post(RESET_CONFIRM, { accountName: person.accountName, resetId, code, newPassword: 'short' }),
      );
    }
    const containsName = await api.post(RESET_CONFIRM, {
      accountName: person.accountName,
      resetId,
      code,
      newPassword: `my ${person.accountName} password`,
    });
    const strong = await api.post(RESET_CONFIRM, { accountName: person.accountName, resetId, code, newPassword });

    // Assess
    for (const answer of [...weak, containsName]) {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'weak_password', details: [{ field: 'newPassword' }] });
    }
    expect(strong.status).toBe(200);
    expect(
      (
        await api.post(SESSIONS, {
          clientId: CLIENT_ID,
          accountName: person.accountName,
          password: newPassword,
        })
      ).status,
    ).toBe(200);
  });
});

describe('POST /v1/me/password', () => {
  it("changes the password and answers a working token; every earlier token, the caller's included, is dead", async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    const caller = await signIn(api, person);
    const otherSession = await signIn(api, person);
    const newPassword = strongPassword();
    const consent = { policyVersion: (await local()).settings.privacyPolicyVersion };

    // Act
    const changed = await api.bearer(ME_PASSWORD, caller, { currentPassword: person.password, newPassword });
    const fresh = (changed.body as { accessToken: string }).accessToken;

    // Assess
    expect(changed.status).toBe(200);
    expect(Object.keys(changed.body as object).sort()).toEqual([
      'accessToken',
      'expiresIn',
      'refreshExpiresIn',
      'refreshToken',
      'tokenType',
    ]);
    expect(changed.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect((await api.bearer(ME_CONSENT, caller, consent)).status).toBe(401);
    expect((await api.bearer(ME_CONSENT, otherSession, consent)).status).toBe(401);
    expect((await api.bearer(ME_CONSENT, fresh, consent)).status).toBe(200);
    expect(
      (
        await api.post(SESSIONS, {
          clientId: CLIENT_ID,
          accountName: person.accountName,
          password: newPassword,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.post(SESSIONS, {
          clientId: CLIENT_ID,
          accountName: person.accountName,
          password: person.password,
        })
      ).status,
    ).toBe(401);
    expect((await emailsTo(person.email)).at(-1)?.subject).toMatch(/password was changed/i);
  });

  it('answers a wrong current password with 401 invalid_credentials and keeps the token working', async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    const token = await signIn(api, person);

    // Act
    const refused = await api.bearer(ME_PASSWORD, token, {
      currentPassword: strongPassword(),
      newPassword: strongPassword(),
    });
    const weak = await api.bearer(ME_PASSWORD, token, {
      currentPassword: person.password,
      newPassword: 'short',
    });

    // Assess
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: 'invalid_credentials' });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ error: 'weak_password', details: [{ field: 'newPassword' }] });
    expect(
      (
        await api.post(SESSIONS, {
          clientId: CLIENT_ID,
          accountName: person.accountName,
          password: person.password,
        })
      ).status,
    ).toBe(200);
  });
});

describe('POST /v1/me/consent', () => {
  it('says consentRequired after the policy changed, takes only the version in force, and records it', async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    const token = await signIn(api, person);
    const accountId = claimsOf(token).sub as string;
    const { settings } = await local();
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' },
        UpdateExpression: 'SET consent = :older',
        ExpressionAttributeValues: {
          ':older': [{ policyVersion: '2020-01-01', acceptedAt: '2020-01-01T00:00:00.000Z' }],
        },
      }),
    );
    const before = await accountItem(accountId);

    // Act
    const required = await api.post(SESSIONS, {
      clientId: CLIENT_ID,
      accountName: person.accountName,
      password: person.password,
    });
    const current = (required.body as { accessToken: string }).accessToken;
    const otherVersion = await api.bearer(ME_CONSENT, current, { policyVersion: '2099-01-01' });
    const recorded = await api.bearer(ME_CONSENT, current, { policyVersion: settings.privacyPolicyVersion });
    const after = await api.post(SESSIONS, {
      clientId: CLIENT_ID,
      accountName: person.accountName,
      password: person.password,
    });

    // Assess
    expect(required.status).toBe(200);
    expect(required.body).toMatchObject({ consentRequired: true, tokenType: 'Bearer' });
    expect(otherVersion.status).toBe(400);
    expect(otherVersion.body).toMatchObject({
      error: 'invalid_request',
      details: [{ field: 'policyVersion' }],
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toEqual({ status: 'recorded' });
    expect(after.status).toBe(200);
    expect(after.body).not.toHaveProperty('consentRequired');
    const stored = await accountItem(accountId);
    expect(stored?.consent).toEqual([
      { policyVersion: '2020-01-01', acceptedAt: '2020-01-01T00:00:00.000Z' },
      {
        policyVersion: settings.privacyPolicyVersion,
        acceptedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
    ]);
    const { consent: _b, lastActiveAt: _lb, ...restBefore } = before ?? {};
    const { consent: _a, lastActiveAt: _la, ...restAfter } = stored ?? {};
    expect(restAfter).toEqual(restBefore);
  });
});

describe('Erasure', () => {
  it("kills every token and removes the sign-in throttle (the lock count and each client's back-off) and reset codes with the account", async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    const token = await signIn(api, person);
    expect(
      (
        await api.post(SESSIONS, {
          clientId: CLIENT_ID,
          accountName: person.accountName,
          password: strongPassword(),
        })
      ).status,
    ).toBe(401);
    const other = client();
    expect(
      (await other.post(SESSIONS, { clientId: CLIENT_ID, accountName: person.accountName, password: strongPassword() })).status,
    ).toBe(401);
    const resetId = await askReset(api, person.accountName);
    const { indexer, settings } = await local();
    const nameIndex = indexer.index('name', person.accountName);
    const keys = [
      { pk: `SIGNIN#${nameIndex}`, sk: 'THROTTLE' },
      { pk: `SIGNIN#${nameIndex}`, sk: `CLIENT#${indexer.index('ip', api.from)}` },
      { pk: `SIGNIN#${nameIndex}`, sk: `CLIENT#${indexer.index('ip', other.from)}` },
      { pk: `NAME#${nameIndex}`, sk: `CODE#password_reset#${indexer.index('reset', resetId)}` },
      { pk: `NAME#${nameIndex}`, sk: 'CODE#password_reset' },
    ];
    const present = async () =>
      Promise.all(keys.map(async (Key) => (await db.send(new GetCommand({ TableName: table(), Key }))).Item !== undefined));
    expect(await present()).toEqual([true, true, true, true, true]);

    // Act
    const erased = await send(
      api.from,
      'DELETE',
      '/v1/me',
      { currentPassword: person.password },
      { authorization: `Bearer ${token}` },
    );

    // Assess
    expect(erased.status).toBe(200);
    expect(await present()).toEqual([false, false, false, false, false]);
    expect(
      (await api.bearer(ME_CONSENT, token, { policyVersion: settings.privacyPolicyVersion })).status,
    ).toBe(401);
    expect(
      (
        await api.post(SESSIONS, {
          clientId: CLIENT_ID,
          accountName: person.accountName,
          password: person.password,
        })
      ).status,
    ).toBe(401);
  });
});
