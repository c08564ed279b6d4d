// test/integration/api: refresh tokens against the local servers: rotation, reuse detection and its grace
// window, parallel refreshes, sign-out, revoke-all, the password routes and erasure ending every session,
// the per-session refresh limit, the session list of GET /v1/me, and no refresh token at rest.
import { describe, expect, it } from 'vitest';
import { en } from '../../../shared/messages/en.js';
import {
  call,
  emailsTo,
  latestEmailCode,
  post,
  strongPassword,
  uniqueEmail,
  uniqueName,
  type ApiResponse,
} from '../../helpers/api.js';
import { scanTableText } from '../../helpers/raw-table.js';

const CLIENT = 'local-app';
const REFRESH = '/v1/sessions/refresh';
const LOGOUT = '/v1/sessions/logout';
const REVOKE_ALL = '/v1/me/sessions/revoke-all';

interface Person {
  readonly accountName: string;
  readonly password: string;
  readonly email: string;
}

interface Pair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly refreshExpiresIn: number;
  readonly expiresIn: number;
  readonly tokenType: string;
}

const registerActive = async (): Promise<Person> => {
  const person = { accountName: uniqueName('rt'), password: strongPassword(), email: uniqueEmail() };
  expect((await post('/v1/registrations', { ...person, channel: 'email' })).status).toBe(202);
  const code = await latestEmailCode(person.email);
  expect((await post('/v1/registrations/confirm', { accountName: person.accountName, code })).status).toBe(200);
  return person;
};

const signIn = async (person: Pick<Person, 'accountName' | 'password'>): Promise<Pair> => {
  const answer = await post('/v1/sessions', { accountName: person.accountName, password: person.password, clientId: CLIENT });
  expect(answer.status).toBe(200);
  return answer.body as Pair;
};

const refresh = (refreshToken: string, clientId = CLIENT): Promise<ApiResponse> =>
  post(REFRESH, { refreshToken, clientId });

const bearer = (method: string, path: string, token: string, body?: unknown): Promise<ApiResponse> =>
  call(method, path, body === undefined ? undefined : body, {
    authorization: `Bearer ${token}`,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  });

const errorOf = (answer: ApiResponse): string | undefined => (answer.body as { error?: string } | undefined)?.error;

const revokedNotices = async (email: string) =>
  (await emailsTo(email)).filter((mail) => mail.subject === en.notices.session_revoked.email.subject);


describe('POST /v1/sessions (refresh token)', () => {
  it('answers a refresh token (256 bits, base64url) and when its session ends', async () => {
    // Prepare
    const person = await registerActive();

    // Act
    const pair = await signIn(person);

    // Assess
    expect(pair.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.refreshExpiresIn).toBeGreaterThan(30 * 86_400 - 60);
    expect(pair.refreshExpiresIn).toBeLessThanOrEqual(30 * 86_400);
  });

  it('refuses an unknown clientId with 400 naming it', async () => {
    // Prepare
    const person = await registerActive();

    // Act
    const answer = await post('/v1/sessions', { ...person, email: undefined, clientId: 'other-app' });

    // Assess
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('clientId');
  });
});

describe('POST /v1/sessions/refresh', () => {
  it('rotates: a new pair works, and the old token after a further rotation revokes the session and tells the owner', async () => {
    // Prepare
    const person = await registerActive();
    const first = await signIn(person);

    // Act
    const second = await refresh(first.refreshToken);
    const secondPair = second.body as Pair;
    const third = await refresh(secondPair.refreshToken);
    const thirdPair = third.body as Pair;
    const replayed = await refresh(first.refreshToken);
    const newest = await refresh(thirdPair.refreshToken);

    // Assess
    expect(second.status).toBe(200);
    expect(Object.keys(secondPair).sort()).toEqual(
      ['accessToken', 'expiresIn', 'refreshExpiresIn', 'refreshToken', 'tokenType'].sort(),
    );
    expect(secondPair.tokenType).toBe('Bearer');
    expect(secondPair.refreshToken).not.toBe(first.refreshToken);
    expect((await bearer('GET', '/v1/me', secondPair.accessToken)).status).toBe(200);
    expect(third.status).toBe(200);
    expect([replayed.status, errorOf(replayed)]).toEqual([401, 'invalid_grant']);
    // The newest token's holder is signed out too.
    expect([newest.status, errorOf(newest)]).toEqual([401, 'invalid_grant']);
    expect(await revokedNotices(person.email)).toHaveLength(1);
  });

  it('answers a retry within the grace window once, with the same new refresh token; a second reuse revokes', async () => {
    // Prepare
    const person = await registerActive();
    const first = await signIn(person);
    const rotated = (await refresh(first.refreshToken)).body as Pair;

    // Act
    const retry = await refresh(first.refreshToken);
    const again = await refresh(first.refreshToken);
    const newest = await refresh(rotated.refreshToken);

    // Assess
    expect(retry.status).toBe(200);
    expect((retry.body as Pair).refreshToken).toBe(rotated.refreshToken);
    expect((retry.body as Pair).accessToken).not.toBe(rotated.accessToken);
    expect([again.status, errorOf(again)]).toEqual([401, 'invalid_grant']);
    expect([newest.status, errorOf(newest)]).toEqual([401, 'invalid_grant']);
    expect(await revokedNotices(person.email)).toHaveLength(1);
  });

  it('of two parallel refreshes with one token, one rotates and the other is the graced reuse: both get the same new token', async () => {
    // Prepare
    const person = await registerActive();
    const first = await signIn(person);

    // Act
    const answers = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)]);
    const third = await refresh(first.refreshToken);

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const [a, b] = answers.map((answer) => (answer.body as Pair).refreshToken);
    expect(a).toBe(b);
    expect([third.status, errorOf(third)]).toEqual([401, 'invalid_grant']);
    expect((await refresh(a ?? '')).status).toBe(401);
  });

  it('answers invalid_grant alike for an unknown, a malformed, another client\'s token and an unknown client', async () => {
    // Prepare
    const person = await registerActive();
    const pair = await signIn(person);

    // Act
    const answers = await Promise.all([
      refresh('A'.repeat(43)),
      refresh('not a token'),
      refresh(pair.refreshToken, 'another-app'),
    ]);
    const stillWorks = await refresh(pair.refreshToken);

    // Assess
    const bodies = new Set(answers.map((answer) => answer.text));
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
    expect(bodies.size).toBe(1);
    expect(errorOf(answers[0] as ApiResponse)).toBe('invalid_grant');
    // A refused attempt spends nothing.
    expect(stillWorks.status).toBe(200);
  });

  it('answers the 61st refresh of a session within an hour with 429 and Retry-After', async () => {
    // Prepare
    const person = await registerActive();
    let token = (await signIn(person)).refreshToken;
    for (let i = 0; i < 60; i += 1) {
      const answer = await refresh(token);
      expect(answer.status).toBe(200);
      token = (answer.body as Pair).refreshToken;
    }

    // Act
    const limited = await refresh(token);

    // Assess
    expect([limited.status, errorOf(limited)]).toEqual([429, 'rate_limited']);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // The limit spent nothing: the token is still the current one (it works again after the window).
    expect((await refresh(token)).status).toBe(429);
  }, 60_000);
});

describe('POST /v1/sessions/logout', () => {
  it('ends the session: its refresh token answers invalid_grant; an unknown token answers the same 200', async () => {
    // Prepare
    const person = await registerActive();
    const pair = await signIn(person);
    const other = await signIn(person);

    // Act
    const out = await post(LOGOUT, { refreshToken: pair.refreshToken });
    const unknown = await post(LOGOUT, { refreshToken: 'B'.repeat(43) });
    const twice = await post(LOGOUT, { refreshToken: pair.refreshToken });
    const after = await refresh(pair.refreshToken);

    // Assess
    expect([out.status, out.body]).toEqual([200, { status: 'signed_out' }]);
    expect([unknown.status, unknown.text]).toEqual([out.status, out.text]);
    expect([twice.status, twice.text]).toEqual([out.status, out.text]);
    expect([after.status, errorOf(after)]).toEqual([401, 'invalid_grant']);
    // The other session lives; the access token already issued runs out by its exp.
    expect((await refresh(other.refreshToken)).status).toBe(200);
    expect((await bearer('GET', '/v1/me', pair.accessToken)).status).toBe(200);
    expect(await revokedNotices(person.email)).toEqual([]);
  });
});

describe('POST /v1/me/sessions/revoke-all', () => {
  it('kills a fresh access token at once and every session, with no body or with {}', async () => {
    // Prepare
    const person = await registerActive();
    const a = await signIn(person);
    const b = await signIn(person);
    const fresh = (await refresh(b.refreshToken)).body as Pair;

    // Act
    const revoked = await bearer('POST', REVOKE_ALL, fresh.accessToken);

    // Assess
    expect([revoked.status, revoked.body]).toEqual([200, { status: 'signed_out' }]);
    expect((await bearer('GET', '/v1/me', fresh.accessToken)).status).toBe(401);
    expect((await bearer('GET', '/v1/me', a.accessToken)).status).toBe(401);
    expect(errorOf(await refresh(a.refreshToken))).toBe('invalid_grant');
    expect(errorOf(await refresh(fresh.refreshToken))).toBe('invalid_grant');
    const again = await signIn(person);
    expect((await bearer('POST', REVOKE_ALL, again.accessToken, {})).status).toBe(200);
    expect((await bearer('POST', REVOKE_ALL, again.accessToken, {})).status).toBe(401);
  });
});

describe('Ending every session', () => {
  it('POST /v1/me/password ends every session and answers a new pair, in a new session', async () => {
    // Prepare
    const person = await registerActive();
    const other = await signIn(person);
    const caller = await signIn(person);
    const newPassword = strongPassword();

    // Act
    const changed = await bearer('POST', '/v1/me/password', caller.accessToken, {
      currentPassword: person.password,
      newPassword,
    });
    const pair = changed.body as Pair;

    // Assess
    expect(changed.status).toBe(200);
    expect(pair.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(errorOf(await refresh(other.refreshToken))).toBe('invalid_grant');
    expect(errorOf(await refresh(caller.refreshToken))).toBe('invalid_grant');
    expect((await refresh(pair.refreshToken)).status).toBe(200);
  });

  it('a password reset ends every session', async () => {
    // Prepare
    const person = await registerActive();
    const pair = await signIn(person);
    const asked = await post('/v1/password-resets', { accountName: person.accountName });
    expect(asked.status).toBe(202);
    const { resetId } = asked.body as { resetId: string };
    const code = await latestEmailCode(person.email);

    // Act
    const reset = await post('/v1/password-resets/confirm', {
      accountName: person.accountName,
      resetId,
      code,
      newPassword: strongPassword(),
    });

    // Assess
    expect(reset.status).toBe(200);
    expect(errorOf(await refresh(pair.refreshToken))).toBe('invalid_grant');
  });

  it('erasure ends every session and leaves no session item or token lookup in the table', async () => {
    // Prepare
    const person = await registerActive();
    const pair = await signIn(person);
    const rotated = (await refresh(pair.refreshToken)).body as Pair;
    const payload = rotated.accessToken.split('.')[1] ?? '';
    const accountId = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string }).sub;
    const keysOf = (text: string) =>
      (JSON.parse(text) as { pk: { S: string }; sk: { S: string } }[]).map((item) => `${item.pk.S}/${item.sk.S}`);
    const before = keysOf(await scanTableText());
    const refs = before.filter((key) => key.startsWith(`ACCOUNT#${accountId}/REFRESH#`));
    const lookups = refs.map((key) => `REFRESH#${key.split('/REFRESH#')[1] ?? ''}/TOKEN`);
    expect(refs).toHaveLength(2);
    expect(before).toEqual(expect.arrayContaining(lookups));
    expect(before.some((key) => key.startsWith(`ACCOUNT#${accountId}/SESSION#`))).toBe(true);

    // Act
    const erased = await call('DELETE', '/v1/me', { currentPassword: person.password }, {
      authorization: `Bearer ${rotated.accessToken}`,
      'content-type': 'application/json',
    });
    const after = await refresh(rotated.refreshToken);

    // Assess
    expect(erased.status).toBe(200);
    expect(errorOf(after)).toBe('invalid_grant');
    const left = keysOf(await scanTableText());
    expect(left.filter((key) => key.startsWith(`ACCOUNT#${accountId}/`))).toEqual([`ACCOUNT#${accountId}/ACCOUNT`]);
    for (const lookup of lookups) expect(left).not.toContain(lookup);
  });
});

describe('GET /v1/me sessions', () => {
  it('lists the live sessions (client, times) and drops a signed-out one; nothing in it acts as a token', async () => {
    // Prepare
    const person = await registerActive();
    const kept = await signIn(person);
    const gone = await signIn(person);
    await post(LOGOUT, { refreshToken: gone.refreshToken });

    // Act
    const exported = await bearer('GET', '/v1/me', kept.accessToken);

    // Assess
    expect(exported.status).toBe(200);
    const { sessions } = exported.body as { sessions: Record<string, string>[] };
    expect(sessions).toHaveLength(1);
    expect(Object.keys(sessions[0] ?? {}).sort()).toEqual(['clientId', 'createdAt', 'lastUsedAt']);
    expect(sessions[0]?.clientId).toBe(CLIENT);
    expect(exported.text).not.toContain(kept.refreshToken);
  });
});

describe('Refresh tokens at rest', () => {
  it('stores no refresh token in plaintext, rotated, current or graced', async () => {
    // Prepare
    const person = await registerActive();
    const first = await signIn(person);
    const second = (await refresh(first.refreshToken)).body as Pair;
    const graced = (await refresh(first.refreshToken)).body as Pair;
    const third = (await refresh(second.refreshToken)).body as Pair;

    // Act
    const table = await scanTableText();

    // Assess
    expect(graced.refreshToken).toBe(second.refreshToken);
    for (const token of [first.refreshToken, second.refreshToken, third.refreshToken]) {
      expect(table).not.toContain(token);
    }
  });
});
