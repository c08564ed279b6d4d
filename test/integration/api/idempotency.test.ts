// test/integration/api: idempotent retries against the local runtime (DynamoDB Local, the outboxes, the real
// handlers). A client retries with the same Idempotency-Key: the first answer comes back, with
// Idempotent-Replayed, and nothing runs twice (one account, one code, one message, one try). Each client talks
// from a loopback address of its own (127.x.y.z), which the local API takes as the client IP.
import { request } from 'node:http';
import { randomInt, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  emailsTo,
  latestEmailCode,
  signet,
  strongPassword,
  uniqueEmail,
  uniqueName,
  uniquePhone,
  wrongCode,
} from '../../helpers/api.js';

interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
  readonly text: string;
}

/** A loopback address no other test uses: one client's own IP. */
const ownIp = (): string => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

/** A client bound to one source address; `key` is sent as Idempotency-Key, `token` as the bearer token. */
const client = (from = ownIp()) => ({
  from,
  post: (path: string, body: unknown, options: { key?: string; token?: string } = {}): Promise<Answer> => {
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
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(payload)),
            ...(options.key === undefined ? {} : { 'idempotency-key': options.key }),
            ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: text === '' ? undefined : JSON.parse(text),
              text,
            });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  },
});
type Client = ReturnType<typeof client>;

const REGISTRATIONS = '/v1/registrations';
const CONFIRM = '/v1/registrations/confirm';
const CONTACT = '/v1/me/contact';

const newPerson = () => ({
  accountName: uniqueName('idem'),
  password: strongPassword(),
  email: uniqueEmail(),
});
type Person = ReturnType<typeof newPerson>;

/** Registers and confirms an account by email, without keys. */
const registerActive = async (api: Client): Promise<Person> => {
  const person = newPerson();
  expect((await api.post(REGISTRATIONS, { ...person, channel: 'email' })).status).toBe(202);
  const code = await latestEmailCode(person.email);
  expect((await api.post(CONFIRM, { accountName: person.accountName, code })).status).toBe(200);
  return person;
};

const signIn = async (api: Client, person: Person): Promise<string> => {
  const answer = await api.post('/v1/sessions', {
    clientId: 'local-app',
    accountName: person.accountName,
    password: person.password,
  });
  expect(answer.status).toBe(200);
  return (answer.body as { accessToken: string }).accessToken;
};

const replayed = (answer: Answer): string | string[] | undefined => answer.headers['idempotent-replayed'];

describe('Idempotency-Key', () => {
  it('answers a retried registration with the first answer and sends one code', async () => {
    // Prepare
    const api = client();
    const person = newPerson();
    const key = randomUUID();

    // Act
    const first = await api.post(REGISTRATIONS, { ...person, channel: 'email' }, { key });
    const again = await api.post(REGISTRATIONS, { ...person, channel: 'email' }, { key });

    // Assess
    expect(first.status).toBe(202);
    expect(replayed(first)).toBeUndefined();
    expect(again.status).toBe(202);
    expect(again.text).toBe(first.text);
    expect(replayed(again)).toBe('true');
    expect(await emailsTo(person.email)).toHaveLength(1);
    // Without the key the same body is a new registration of a taken name.
    expect((await api.post(REGISTRATIONS, { ...person, channel: 'email' })).body).toMatchObject({
      error: 'account_name_taken',
    });
  });

  it('answers a retried confirm after its success with the first 200, not invalid_code', async () => {
    // Prepare
    const api = client();
    const person = newPerson();
    expect((await api.post(REGISTRATIONS, { ...person, channel: 'email' })).status).toBe(202);
    const body = { accountName: person.accountName, code: await latestEmailCode(person.email) };
    const key = randomUUID();

    // Act
    const first = await api.post(CONFIRM, body, { key });
    const again = await api.post(CONFIRM, body, { key });
    const unkeyed = await api.post(CONFIRM, body);

    // Assess
    expect(first).toMatchObject({ status: 200, body: { status: 'active' } });
    expect(again).toMatchObject({ status: 200, body: { status: 'active' } });
    expect(replayed(again)).toBe('true');
    expect(unkeyed).toMatchObject({ status: 400, body: { error: 'invalid_code' } });
  });

  it('replays a 4xx without counting the try again', async () => {
    // Prepare: a code dies after 5 wrong tries; six repeats of one wrong try must count once.
    const api = client();
    const person = newPerson();
    expect((await api.post(REGISTRATIONS, { ...person, channel: 'email' })).status).toBe(202);
    const code = await latestEmailCode(person.email);
    const key = randomUUID();
    const wrong = { accountName: person.accountName, code: wrongCode(code) };

    // Act
    const first = await api.post(CONFIRM, wrong, { key });
    const repeats: Answer[] = [];
    for (let i = 0; i < 6; i += 1) repeats.push(await api.post(CONFIRM, wrong, { key }));
    const right = await api.post(CONFIRM, { accountName: person.accountName, code });

    // Assess
    expect(first).toMatchObject({ status: 400, body: { error: 'invalid_code' } });
    for (const repeat of repeats) {
      expect(repeat.status).toBe(400);
      expect(repeat.text).toBe(first.text);
      expect(replayed(repeat)).toBe('true');
    }
    expect(right).toMatchObject({ status: 200, body: { status: 'active' } });
  });

  it('answers 422 idempotency_key_reused for the same key with another body, and runs nothing', async () => {
    // Prepare
    const api = client();
    const person = newPerson();
    const other = newPerson();
    const key = randomUUID();
    expect((await api.post(REGISTRATIONS, { ...person, channel: 'email' }, { key })).status).toBe(202);

    // Act
    const reused = await api.post(REGISTRATIONS, { ...other, channel: 'email' }, { key });

    // Assess
    expect(reused).toMatchObject({ status: 422, body: { error: 'idempotency_key_reused' } });
    expect(await emailsTo(other.email)).toHaveLength(0);
  });

  it('takes a body that differs only in key order as the same body', async () => {
    // Prepare
    const api = client();
    const person = newPerson();
    const key = randomUUID();
    const first = await api.post(REGISTRATIONS, { ...person, channel: 'email' }, { key });

    // Act
    const reordered = await api.post(
      REGISTRATIONS,
      { channel: 'email', password: person.password, email: person.email, accountName: person.accountName },
      { key },
    );

    // Assess
    expect(first.status).toBe(202);
    expect(reordered.status).toBe(202);
    expect(replayed(reordered)).toBe('true');
  });

  it('runs one of two parallel requests with one key; the other waits (409, Retry-After 1) or is replayed', async () => {
    // Prepare
    const api = client();
    const person = newPerson();
    const key = randomUUID();
    const body = { ...person, channel: 'email' };

    // Act
    const answers = await Promise.all([
      api.post(REGISTRATIONS, body, { key }),
      api.post(REGISTRATIONS, body, { key }),
    ]);

    // Assess
    const ran = answers.filter((answer) => answer.status === 202 && replayed(answer) === undefined);
    expect(ran).toHaveLength(1);
    const [other] = answers.filter((answer) => answer !== ran[0]);
    if (other?.status === 409) {
      expect(other.body).toMatchObject({ error: 'idempotency_in_progress' });
      expect(other.headers['retry-after']).toBe('1');
    } else {
      expect(other?.status).toBe(202);
      expect(replayed(other as Answer)).toBe('true');
    }
    expect(await emailsTo(person.email)).toHaveLength(1);
    // Once the first has finished, a retry gets its answer.
    const later = await api.post(REGISTRATIONS, body, { key });
    expect(later.text).toBe(ran[0]?.text);
    expect(replayed(later)).toBe('true');
  });

  it.each([
    ['an empty key', ''],
    ['a key of 256 characters', 'k'.repeat(256)],
    ['a key with a space', 'two words'],
    ['a key beyond ASCII', 'caf\u00e9'],
  ])('answers 400 invalid_request naming Idempotency-Key for %s, and runs nothing', async (_case, key) => {
    // Prepare
    const api = client();
    const person = newPerson();

    // Act
    const answer = await api.post(REGISTRATIONS, { ...person, channel: 'email' }, { key });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_request', details: [{ field: 'Idempotency-Key' }] });
    expect(answer.text).not.toContain(key === '' ? '""' : key);
    expect(await emailsTo(person.email)).toHaveLength(0);
  });

  it('takes a key of 255 visible ASCII characters', async () => {
    // Prepare
    const api = client();
    const key = `${'!~'.repeat(127)}z`;

    // Act
    const answer = await api.post('/v1/registrations/resend', { accountName: uniqueName('nobody') }, { key });
    const again = await api.post('/v1/registrations/resend', { accountName: uniqueName('nobody') }, { key });

    // Assess
    expect(key).toHaveLength(255);
    expect(answer.status).toBe(202);
    expect(again).toMatchObject({ status: 422, body: { error: 'idempotency_key_reused' } });
  });

  it("keeps one client's key to itself: another IP with the same key runs its own request", async () => {
    // Prepare
    const key = randomUUID();
    const alice = newPerson();
    const bob = newPerson();
    expect((await client().post(REGISTRATIONS, { ...alice, channel: 'email' }, { key })).status).toBe(202);

    // Act: another client, the same key, the same body and then another one.
    const other = client();
    const sameBody = await other.post(REGISTRATIONS, { ...alice, channel: 'email' }, { key });
    const otherBody = await client().post(REGISTRATIONS, { ...bob, channel: 'email' }, { key });

    // Assess
    expect(sameBody).toMatchObject({ status: 409, body: { error: 'account_name_taken' } });
    expect(replayed(sameBody)).toBeUndefined();
    expect(otherBody.status).toBe(202);
    expect(replayed(otherBody)).toBeUndefined();
    expect(await emailsTo(bob.email)).toHaveLength(1);
  });

  it('scopes the Bearer routes by the verified account, whatever the address', async () => {
    // Prepare
    const api = client();
    const alice = await registerActive(api);
    const bob = await registerActive(api);
    const [aliceToken, bobToken] = [await signIn(api, alice), await signIn(api, bob)];
    const key = randomUUID();
    const change = (person: Person) => ({ phone: uniquePhone(), currentPassword: person.password });
    const aliceChange = change(alice);

    // Act
    const forged = await api.post(CONTACT, aliceChange, { key, token: `${aliceToken.slice(0, -4)}AAAA` });
    const first = await api.post(CONTACT, aliceChange, { key, token: aliceToken });
    const fromElsewhere = await client().post(CONTACT, aliceChange, { key, token: aliceToken });
    const bobs = await api.post(CONTACT, change(bob), { key, token: bobToken });

    // Assess: a bad token is refused before the key is looked up and keeps nothing.
    expect(forged).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    expect(first.status).toBe(202);
    expect(replayed(first)).toBeUndefined();
    expect(fromElsewhere.status).toBe(202);
    expect(fromElsewhere.text).toBe(first.text);
    expect(replayed(fromElsewhere)).toBe('true');
    expect(bobs.status).toBe(202);
    expect(replayed(bobs)).toBeUndefined();
  });

  it('ignores the key at sign-in: each sign-in runs and answers its own tokens', async () => {
    // Prepare
    const api = client();
    const person = await registerActive(api);
    const key = randomUUID();
    const body = { clientId: 'local-app', accountName: person.accountName, password: person.password };

    // Act
    const first = await api.post('/v1/sessions', body, { key });
    const again = await api.post('/v1/sessions', body, { key });

    // Assess
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(replayed(again)).toBeUndefined();
    expect((again.body as { refreshToken: string }).refreshToken).not.toBe(
      (first.body as { refreshToken: string }).refreshToken,
    );
  });
});
