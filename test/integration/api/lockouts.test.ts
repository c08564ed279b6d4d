// test/integration/api: lockout attacks replayed against the local runtime (DynamoDB Local, the email
// outbox, the real handlers), by someone who knows only an account name. Each client talks from a loopback
// address of its own (127.x.y.z): the local API takes the socket address as the client IP, as API Gateway
// does, so attacker and owner are different clients exactly as they would be in production.
import { request } from 'node:http';
import { randomBytes, randomInt } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createHmacBlindIndexer } from '../../../shared/adapters/crypto/hmac-blind-indexer.js';
import { deriveKeyMaterial } from '../../../shared/adapters/crypto/key-material.js';
import { readLocalSecrets } from '../../../shared/adapters/secrets/local-secrets-file.js';
import { parseAppSettings } from '../../../shared/config/settings.js';
import { RESET_ANSWER_FLOOR_MS } from '../../../shared/domain/session/request-password-reset.js';
import { emailsTo, latestEmailCode, signet, strongPassword, uniqueEmail, uniqueName } from '../../helpers/api.js';
import { localDocumentClient } from '../../helpers/dynamodb-accounts.js';

const SESSIONS = '/v1/sessions';
const RESETS = '/v1/password-resets';
const RESET_CONFIRM = '/v1/password-resets/confirm';
const RESET_ID = /^[A-Za-z0-9_-]{22}$/;

interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
}

/** A loopback address no other test uses: one client's own IP. */
const ownIp = (): string => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

/** A client bound to one source address. */
const client = (from = ownIp()) => ({
  from,
  post: (path: string, body: unknown): Promise<Answer> => {
    const api = new URL(signet().apiUrl);
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: api.hostname,
          port: api.port,
          localAddress: from,
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  },
});
type Client = ReturnType<typeof client>;

interface Person {
  readonly accountName: string;
  readonly password: string;
  readonly email: string;
}

/** Registers and confirms an account by email. */
const register = async (api: Client): Promise<Person> => {
  const person = { accountName: uniqueName('lock'), password: strongPassword(), email: uniqueEmail() };
  expect((await api.post('/v1/registrations', { ...person, channel: 'email' })).status).toBe(202);
  const code = await latestEmailCode(person.email);
  expect((await api.post('/v1/registrations/confirm', { accountName: person.accountName, code })).status).toBe(200);
  return person;
};

const wrongSignIn = (api: Client, person: Person) =>
  api.post(SESSIONS, { clientId: 'local-app', accountName: person.accountName, password: strongPassword() });
const rightSignIn = (api: Client, person: Pick<Person, 'accountName' | 'password'>) =>
  api.post(SESSIONS, { clientId: 'local-app', accountName: person.accountName, password: person.password });

const askReset = async (api: Client, accountName: string): Promise<string> => {
  const answer = await api.post(RESETS, { accountName });
  expect(answer.status).toBe(202);
  expect(answer.body).toEqual({ status: 'accepted', resetId: expect.stringMatching(RESET_ID) });
  return (answer.body as { resetId: string }).resetId;
};

/** Six digits other than `code`. */
const wrongCode = (code: string): string => String((Number(code) + 1 + randomInt(0, 999_998)) % 1_000_000).padStart(6, '0');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const db = localDocumentClient();
afterAll(() => db.destroy());
const table = () => signet().tableName;

/** The local stage's blind indexer, as the handlers have it. */
const indexer = async () => {
  const secrets = await readLocalSecrets(signet().env.SIGNET_LOCAL_SECRETS_FILE ?? '');
  return createHmacBlindIndexer(deriveKeyMaterial(secrets.rootSecret).blindIndexKey);
};

/** The account's count of failures toward the lock, as stored. */
const lockCount = async (accountName: string): Promise<number | undefined> => {
  const nameIndex = (await indexer()).index('name', accountName);
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: { pk: `SIGNIN#${nameIndex}`, sk: 'THROTTLE' } }));
  return Item?.consecutiveFailures as number | undefined;
};

describe('Lockout knowing only a name: sign-in', () => {
  it("never puts the owner's client in back-off for another client's failures", async () => {
    // Prepare
    const owner = client();
    const attacker = client();
    const person = await register(owner);
    const failures = [];
    for (let i = 0; i < 6; i += 1) failures.push((await wrongSignIn(attacker, person)).status);

    // Act
    const attackerRight = await rightSignIn(attacker, person);
    const ownerRight = await rightSignIn(owner, person);

    // Assess
    expect(failures).toEqual([401, 401, 401, 401, 401, 429]);
    expect(attackerRight.status).toBe(429);
    expect(attackerRight.headers['retry-after']).toBeDefined();
    expect(ownerRight.status).toBe(200);
  });

  it("does not lift the attacker's back-off when the owner signs in", async () => {
    // Prepare
    const owner = client();
    const attacker = client();
    const person = await register(owner);
    for (let i = 0; i < 5; i += 1) expect((await wrongSignIn(attacker, person)).status).toBe(401);

    // Act
    const ownerIn = await rightSignIn(owner, person);
    const attackerAfter = await wrongSignIn(attacker, person);

    // Assess
    expect(ownerIn.status).toBe(200);
    expect(attackerAfter.status).toBe(429);
    expect(attackerAfter.body).toMatchObject({ error: 'rate_limited' });
  });

  it('adds nothing to the lock from a client already in back-off', async () => {
    // Prepare: 5 failures bring the client into back-off (1 s, then 2 s, 4 s).
    const owner = client();
    const attacker = client();
    const person = await register(owner);
    for (let i = 0; i < 5; i += 1) expect((await wrongSignIn(attacker, person)).status).toBe(401);
    const counted = await lockCount(person.accountName);

    // Act: the attacker waits out each back-off and fails again.
    const later = [];
    for (let i = 0; i < 2; i += 1) {
      const blocked = await wrongSignIn(attacker, person);
      expect(blocked.status).toBe(429);
      await sleep(Number(blocked.headers['retry-after']) * 1000 + 50);
      later.push((await wrongSignIn(attacker, person)).status);
    }

    // Assess
    expect(counted).toBe(5);
    expect(later).toEqual([401, 401]);
    expect(await lockCount(person.accountName)).toBe(5);
    expect((await rightSignIn(owner, person)).status).toBe(200);
  });

  it('locks after 100 failures from clients not yet throttled (20 clients × 5), for every client, until a reset by code', async () => {
    // Prepare
    const owner = client();
    const person = await register(owner);
    const attackers = Array.from({ length: 20 }, () => client());

    // Act: each attacker client fails 5 times (its fifth starts its back-off); 4 clients at a time.
    const statuses: number[] = [];
    for (let batch = 0; batch < attackers.length; batch += 4) {
      const answers = await Promise.all(
        attackers.slice(batch, batch + 4).map(async (attacker) => {
          const own: number[] = [];
          for (let i = 0; i < 5; i += 1) own.push((await wrongSignIn(attacker, person)).status);
          return own;
        }),
      );
      statuses.push(...answers.flat());
    }
    const countAtLock = await lockCount(person.accountName);
    const lockedForOwner = await rightSignIn(owner, person);
    const lockedForNewClient = await rightSignIn(client(), person);
    const resetId = await askReset(owner, person.accountName);
    const newPassword = strongPassword();
    const reset = await owner.post(RESET_CONFIRM, {
      accountName: person.accountName,
      resetId,
      code: await latestEmailCode(person.email),
      newPassword,
    });
    const afterReset = await rightSignIn(owner, { accountName: person.accountName, password: newPassword });

    // Assess
    expect(statuses).toHaveLength(100);
    expect(statuses.every((status) => status === 401)).toBe(true);
    expect(countAtLock).toBe(100);
    // The reset lifted the lock; the owner's sign-in since then ended the run of failures.
    expect(await lockCount(person.accountName)).toBe(0);
    for (const locked of [lockedForOwner, lockedForNewClient]) {
      expect(locked.status).toBe(429);
      expect(locked.body).toMatchObject({ error: 'rate_limited' });
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(reset.status).toBe(200);
    expect(afterReset.status).toBe(200);
    // An attacker's state outlives the reset: its 1 s back-off has passed, but its next failure adds
    // nothing to the lock and backs it off again at once.
    const first = attackers[0] ?? client();
    expect((await wrongSignIn(first, person)).status).toBe(401);
    expect(await lockCount(person.accountName)).toBe(0);
    expect((await wrongSignIn(first, person)).status).toBe(429);
  }, 120_000);
});

describe('Lockout knowing only a name: password reset', () => {
  it("leaves the owner's code working whatever the attacker's wrong codes, with its own resetId or a guessed one", async () => {
    // Prepare: the attacker asks for a reset, then the owner does (after the cooldown).
    const owner = client();
    const attacker = client();
    const person = await register(owner);
    const attackersReset = await askReset(attacker, person.accountName);
    // The name's sends are throttled (a cooldown, 5 an hour): the owner's request waits out the cooldown.
    const settings = parseAppSettings(JSON.parse(signet().env.SIGNET_SETTINGS ?? '{}'));
    await sleep((settings.codes.resendCooldownSeconds + 1) * 1000);
    const ownersReset = await askReset(owner, person.accountName);
    const code = await latestEmailCode(person.email);

    // Act: 12 wrong codes with the attacker's id, 12 with guessed ids, then the owner's code.
    const wrong = [];
    for (let i = 0; i < 12; i += 1) {
      wrong.push(
        await attacker.post(RESET_CONFIRM, {
          accountName: person.accountName,
          resetId: i % 2 === 0 ? attackersReset : randomBytes(16).toString('base64url'),
          code: i === 0 ? code : wrongCode(code),
          newPassword: strongPassword(),
        }),
      );
    }
    const newPassword = strongPassword();
    const ownerConfirms = await owner.post(RESET_CONFIRM, {
      accountName: person.accountName,
      resetId: ownersReset,
      code,
      newPassword,
    });

    // Assess
    for (const answer of wrong) {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'invalid_code' });
    }
    expect(ownerConfirms.status).toBe(200);
    expect((await rightSignIn(owner, { accountName: person.accountName, password: newPassword })).status).toBe(200);
  }, 120_000);

  it('kills a code after 5 wrong tries, even for the right digits then', async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    const resetId = await askReset(api, person.accountName);
    const code = await latestEmailCode(person.email);
    const tries = [];
    for (let i = 0; i < 5; i += 1) {
      tries.push(
        (await api.post(RESET_CONFIRM, { accountName: person.accountName, resetId, code: wrongCode(code), newPassword: strongPassword() })).status,
      );
    }

    // Act
    const right = await api.post(RESET_CONFIRM, { accountName: person.accountName, resetId, code, newPassword: strongPassword() });

    // Assess
    expect(tries).toEqual([400, 400, 400, 400, 400]);
    expect(right.status).toBe(400);
    expect(right.body).toMatchObject({ error: 'invalid_code' });
    expect((await rightSignIn(api, person)).status).toBe(200);
  });

  it('answers an unknown name with a resetId of the same shape, in the same time class, and sends nothing', async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    const before = (await emailsTo(person.email)).length;

    // Act
    const timed = async (accountName: string) => {
      const started = performance.now();
      const answer = await api.post(RESETS, { accountName });
      return { answer, took: performance.now() - started };
    };
    const { answer: known, took: knownTook } = await timed(person.accountName);
    const { answer: unknown, took: unknownTook } = await timed(uniqueName('nobody'));

    // Assess: both no sooner than the floor, the same answer but for the random id.
    expect(Math.min(knownTook, unknownTook)).toBeGreaterThanOrEqual(RESET_ANSWER_FLOOR_MS - 5);
    for (const answer of [known, unknown]) {
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ status: 'accepted', resetId: expect.stringMatching(RESET_ID) });
    }
    expect(unknown.headers['content-length']).toBe(known.headers['content-length']);
    expect(await emailsTo(person.email)).toHaveLength(before + 1);
  });

  it('answers the same confirm twice with invalid_code the second time', async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    const resetId = await askReset(api, person.accountName);
    const body = { accountName: person.accountName, resetId, code: await latestEmailCode(person.email), newPassword: strongPassword() };

    // Act
    const first = await api.post(RESET_CONFIRM, body);
    const second = await api.post(RESET_CONFIRM, body);

    // Assess
    expect(first.status).toBe(200);
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({ error: 'invalid_code' });
  });

  it('lets exactly one of parallel confirms with the right code succeed', async () => {
    // Prepare
    const api = client();
    const person = await register(api);
    const resetId = await askReset(api, person.accountName);
    const code = await latestEmailCode(person.email);
    const passwords = Array.from({ length: 5 }, () => strongPassword());

    // Act
    const answers = await Promise.all(
      passwords.map((newPassword) => api.post(RESET_CONFIRM, { accountName: person.accountName, resetId, code, newPassword })),
    );

    // Assess
    const won = answers.flatMap((answer, index) => (answer.status === 200 ? [passwords[index] ?? ''] : []));
    expect(won).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 200)) expect(answer.body).toMatchObject({ error: 'invalid_code' });
    expect((await rightSignIn(api, { accountName: person.accountName, password: won[0] ?? '' })).status).toBe(200);
  });

  it('keeps a lock left by the former single-item throttle until a reset by code', async () => {
    // Prepare: a lock as the former layout wrote it (one item per name, no TTL).
    const api = client();
    const person = await register(api);
    const nameIndex = (await indexer()).index('name', person.accountName);
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: { pk: `SIGNIN#${nameIndex}`, sk: 'THROTTLE', consecutiveFailures: 100, blockedUntil: 0, locked: true, lastFailureAt: 0 },
      }),
    );

    // Act
    const locked = await rightSignIn(api, person);
    const resetId = await askReset(api, person.accountName);
    const newPassword = strongPassword();
    const reset = await api.post(RESET_CONFIRM, { accountName: person.accountName, resetId, code: await latestEmailCode(person.email), newPassword });

    // Assess
    expect(locked.status).toBe(429);
    expect(reset.status).toBe(200);
    expect((await rightSignIn(api, { accountName: person.accountName, password: newPassword })).status).toBe(200);
  });
});
