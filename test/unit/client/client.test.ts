// test/unit/client: the app client's retry and token rules, pinned with an injected fetch, sleep and clock:
// the exact requests sent, one Idempotency-Key per call on every attempt, three attempts at most, no retry
// on a 4xx, one refresh for concurrent 401s, and tokens dropped on invalid_grant and at sign-out.
import { describe, expect, it } from 'vitest';
import { createSignetClient, memoryStorage, SignetApiError } from '../../../shared/client/index.js';
import type { SignetClientOptions, TokenStorage } from '../../../shared/client/index.js';

const BASE_URL = 'https://api.example.test';
const CLIENT_ID = 'test-app';
/** 2026-01-01T00:00:00Z, the fake clock's start. */
const T0 = Date.UTC(2026, 0, 1);

interface SentRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

type Reply = Response | Error | (() => Response | Error | Promise<Response>);

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const apiError = (status: number, error: string, headers: Record<string, string> = {}): Response =>
  json(status, { error, message: `${error} happened` }, headers);

/** A JWT-shaped token (unsigned: the client only reads `exp` and `iat`). */
const jwt = (claims: { exp: number; iat?: number }, id: string): string => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'ES256', typ: 'at+jwt' })}.${part({ sub: 'acct', ...claims, jti: id })}.c2ln`;
};

/** A token answer issued at T0 (by the server's clock) whose access token lives until `exp`. */
const pair = (id: string, exp = T0 / 1000 + 900) => ({
  accessToken: jwt({ iat: T0 / 1000, exp }, id),
  tokenType: 'Bearer',
  expiresIn: 900,
  refreshToken: `refresh-${id}`,
  refreshExpiresIn: 30 * 86_400,
});

const REGISTRATION = {
  accountName: 'ada.lovelace',
  password: 'tulip orbit canvas lantern',
  channel: 'email' as const,
  email: 'ada@example.com',
};
const ACCEPTED = {
  accountName: 'ada.lovelace',
  channel: 'email',
  destination: 'a***@example.com',
  expiresAt: '2026-01-01T00:15:00.000Z',
};

/** A client whose fetch answers from `replies` in order (by route when a function routes), recording each send. */
const harness = (
  replies: Reply[] | ((request: SentRequest) => Reply),
  extra: Partial<SignetClientOptions> = {},
) => {
  const sent: SentRequest[] = [];
  const sleeps: number[] = [];
  const clock = { now: T0 };
  const storage: TokenStorage = extra.storage ?? memoryStorage();
  let uuid = 0;
  const queue = Array.isArray(replies) ? [...replies] : undefined;
  const client = createSignetClient({
    baseUrl: BASE_URL,
    clientId: CLIENT_ID,
    storage,
    fetch: async (url, init) => {
      const request: SentRequest = {
        url,
        method: init.method ?? 'GET',
        headers: { ...(init.headers as Record<string, string>) },
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      sent.push(request);
      const reply = queue === undefined ? (replies as (r: SentRequest) => Reply)(request) : queue.shift();
      if (reply === undefined) throw new Error(`no reply scripted for send ${sent.length}`);
      const answer = typeof reply === 'function' ? await reply() : reply;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => clock.now,
    randomUUID: () => `key-${++uuid}`,
    ...extra,
  });
  return { client, sent, sleeps, clock, storage };
};

const networkError = (n: number) => new TypeError(`fetch failed ${n}`);

/** Signs the harness's client in with the pair `id` (the first scripted reply must be taken by it). */
const signedIn = async (h: ReturnType<typeof harness>) => {
  await h.client.signIn({ accountName: 'ada.lovelace', password: 'tulip orbit canvas lantern' });
  h.sent.length = 0;
};

describe('Function: createSignetClient', () => {
  describe('Retries', () => {
    it('sends a POST again after network errors with the same Idempotency-Key and body, backing off', async () => {
      // Prepare
      const h = harness([networkError(1), networkError(2), json(202, ACCEPTED)]);

      // Act
      const accepted = await h.client.register(REGISTRATION);

      // Assess
      expect(accepted).toEqual(ACCEPTED);
      expect(h.sent).toEqual(
        Array.from({ length: 3 }, () => ({
          url: `${BASE_URL}/v1/registrations`,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'key-1' },
          body: REGISTRATION,
        })),
      );
      expect(h.sleeps).toEqual([250, 500]);
    });

    it('retries a 503 and throws the third 503 as a SignetApiError', async () => {
      // Prepare
      const h = harness([1, 2, 3].map(() => apiError(503, 'delivery_unavailable', { 'retry-after': '5' })));

      // Act
      const error = await h.client.resend({ accountName: 'ada.lovelace' }).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(SignetApiError);
      expect(error).toMatchObject({ status: 503, error: 'delivery_unavailable', retryAfter: 5, details: [] });
      expect(h.sent.map((s) => s.headers['idempotency-key'])).toEqual(['key-1', 'key-1', 'key-1']);
      expect(h.sleeps).toEqual([250, 500]);
    });

    it('throws the last network error after three attempts', async () => {
      // Prepare
      const h = harness([networkError(1), networkError(2), networkError(3), json(200, { status: 'active' })]);

      // Act
      const error = await h.client
        .confirm({ accountName: 'ada.lovelace', code: '123456' })
        .catch((e: unknown) => e);

      // Assess
      expect(error).toEqual(networkError(3));
      expect(h.sent).toHaveLength(3);
    });

    it('sends at most maxAttempts times when the caller asks for fewer', async () => {
      // Prepare
      const h = harness([networkError(1), networkError(2)], { maxAttempts: 2 });

      // Act
      const error = await h.client.register(REGISTRATION).catch((e: unknown) => e);

      // Assess
      expect(error).toEqual(networkError(2));
      expect(h.sent).toHaveLength(2);
      expect(h.sleeps).toEqual([250]);
    });

    it.each([400, 401, 409, 422])('does not retry a %i', async (status) => {
      // Prepare
      const h = harness([
        json(status, {
          error: 'invalid_request',
          message: 'bad',
          details: [{ field: 'email', issue: 'required' }],
        }),
      ]);

      // Act
      const error = await h.client.register(REGISTRATION).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(SignetApiError);
      expect(error).toMatchObject({
        status,
        error: 'invalid_request',
        message: 'bad',
        details: [{ field: 'email', issue: 'required' }],
        retryAfter: undefined,
      });
      expect(h.sent).toHaveLength(1);
      expect(h.sleeps).toEqual([]);
    });

    it('does not retry a 503 that says SMS is out of budget (email works instead)', async () => {
      // Prepare
      const h = harness([apiError(503, 'sms_unavailable'), json(202, ACCEPTED)]);

      // Act
      const error = await h.client
        .register({ ...REGISTRATION, channel: 'sms', phone: '+447400123456' })
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ status: 503, error: 'sms_unavailable' });
      expect(h.sent).toHaveLength(1);
    });

    it('does not retry a GET after a network error', async () => {
      // Prepare
      const h = harness([networkError(1), json(200, {})]);

      // Act
      const error = await h.client.me().catch((e: unknown) => e);

      // Assess
      expect(error).toEqual(networkError(1));
      expect(h.sent).toHaveLength(1);
    });

    it('throws a 429 at once with its Retry-After unless the caller opted in', async () => {
      // Prepare
      const h = harness([apiError(429, 'rate_limited', { 'retry-after': '2' }), json(202, ACCEPTED)]);

      // Act
      const error = await h.client.register(REGISTRATION).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ status: 429, error: 'rate_limited', retryAfter: 2 });
      expect(h.sent).toHaveLength(1);
      expect(h.sleeps).toEqual([]);
    });

    it('waits out a 429 for Retry-After when opted in, then sends again under a new key (the API keeps the 429 for the old one)', async () => {
      // Prepare
      const h = harness([apiError(429, 'rate_limited', { 'retry-after': '2' }), json(202, ACCEPTED)], {
        waitOnRateLimit: true,
      });

      // Act
      const accepted = await h.client.register(REGISTRATION);

      // Assess
      expect(accepted).toEqual(ACCEPTED);
      expect(h.sleeps).toEqual([2000]);
      expect(h.sent.map((s) => s.headers['idempotency-key'])).toEqual(['key-1', 'key-2']);
    });

    it('waits out a 409 idempotency_in_progress for its Retry-After and asks again with the same key', async () => {
      // Prepare: the first send's answer was lost while the API still ran it; the retry meets it running.
      const h = harness([
        networkError(1),
        apiError(409, 'idempotency_in_progress', { 'retry-after': '1' }),
        json(202, ACCEPTED),
      ]);

      // Act
      const accepted = await h.client.register(REGISTRATION);

      // Assess
      expect(accepted).toEqual(ACCEPTED);
      expect(h.sleeps).toEqual([250, 1000]);
      expect(h.sent.map((s) => s.headers['idempotency-key'])).toEqual(['key-1', 'key-1', 'key-1']);
    });

    it('throws a 429 whose Retry-After is longer than the cap at once', async () => {
      // Prepare
      const h = harness([apiError(429, 'rate_limited', { 'retry-after': '31' }), json(202, ACCEPTED)], {
        waitOnRateLimit: { maxSeconds: 30 },
      });

      // Act
      const error = await h.client.register(REGISTRATION).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ status: 429, retryAfter: 31 });
      expect(h.sent).toHaveLength(1);
    });

    it('names API Gateway’s own 429 (no Signet body) rate_limited', async () => {
      // Prepare
      const h = harness([json(429, { message: 'Too Many Requests' })]);

      // Act
      const error = await h.client.register(REGISTRATION).catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ status: 429, error: 'rate_limited', message: 'Too Many Requests' });
    });
  });

  describe('Idempotency-Key', () => {
    it('uses the caller’s key, and a new one for each call otherwise', async () => {
      // Prepare
      const h = harness([json(202, ACCEPTED), json(202, ACCEPTED), json(202, ACCEPTED)]);

      // Act
      await h.client.register(REGISTRATION, { idempotencyKey: 'my-own-key' });
      await h.client.register(REGISTRATION);
      await h.client.register(REGISTRATION);

      // Assess
      expect(h.sent.map((s) => s.headers['idempotency-key'])).toEqual(['my-own-key', 'key-1', 'key-2']);
    });

    it('is sent on the routes that take one and on no other', async () => {
      // Prepare
      const h = harness((request) => {
        if (request.url.endsWith('/v1/sessions')) return json(200, pair('a'));
        if (request.url.endsWith('/v1/sessions/refresh')) return json(200, pair('b'));
        return json(200, { status: 'ok' });
      });

      // Act
      await h.client.register(REGISTRATION);
      await h.client.confirm({ accountName: 'ada.lovelace', code: '123456' });
      await h.client.resend({ accountName: 'ada.lovelace' });
      await h.client.requestPasswordReset({ accountName: 'ada.lovelace' });
      await h.client.confirmPasswordReset({
        accountName: 'ada.lovelace',
        resetId: 'r',
        code: '123456',
        newPassword: 'another long pass phrase',
      });
      await h.client.signIn({ accountName: 'ada.lovelace', password: 'tulip orbit canvas lantern' });
      await h.client.changeContact({
        currentPassword: 'tulip orbit canvas lantern',
        email: 'new@example.com',
      });
      await h.client.confirmContact({ code: '123456' });
      await h.client.refresh();
      await h.client.me();
      await h.client.updateMe({ locale: 'en' });
      await h.client.recordConsent({ policyVersion: '2026-01-01' });
      await h.client.signOut();

      // Assess
      const keyed = h.sent.filter((s) => s.headers['idempotency-key'] !== undefined).map((s) => s.url);
      expect(keyed).toEqual(
        [
          '/v1/registrations',
          '/v1/registrations/confirm',
          '/v1/registrations/resend',
          '/v1/password-resets',
          '/v1/password-resets/confirm',
          '/v1/me/contact',
          '/v1/me/contact/confirm',
        ].map((path) => `${BASE_URL}${path}`),
      );
      expect(h.sent).toHaveLength(13);
    });
  });

  describe('Tokens', () => {
    it('keeps the sign-in’s tokens and sends the access token to Bearer routes', async () => {
      // Prepare
      const h = harness([
        json(200, { ...pair('a'), consentRequired: false }),
        json(200, { status: 'updated' }),
      ]);

      // Act
      const signIn = await h.client.signIn({
        accountName: 'ada.lovelace',
        password: 'tulip orbit canvas lantern',
      });
      const updated = await h.client.updateMe({ locale: 'en' });

      // Assess
      expect(signIn.consentRequired).toBe(false);
      expect(updated).toEqual({ status: 'updated' });
      expect(h.sent[0]).toEqual({
        url: `${BASE_URL}/v1/sessions`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: { accountName: 'ada.lovelace', password: 'tulip orbit canvas lantern', clientId: CLIENT_ID },
      });
      expect(h.sent[1]).toEqual({
        url: `${BASE_URL}/v1/me`,
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${pair('a').accessToken}` },
        body: { locale: 'en' },
      });
      expect(await h.storage.get()).toEqual({
        accessToken: pair('a').accessToken,
        refreshToken: 'refresh-a',
        accessExpiresAt: T0 / 1000 + 900,
        refreshExpiresAt: T0 / 1000 + 30 * 86_400,
      });
    });

    it('reads the access token’s lifetime from exp - iat, not from expiresIn', async () => {
      // Prepare
      const h = harness([json(200, pair('a', T0 / 1000 + 600))]);

      // Act
      await h.client.signIn({ accountName: 'ada.lovelace', password: 'tulip orbit canvas lantern' });

      // Assess
      expect((await h.storage.get())?.accessExpiresAt).toBe(T0 / 1000 + 600);
    });

    it('counts the lifetime from its own clock, so a clock an hour ahead does not refresh before every call', async () => {
      // Prepare
      const h = harness([json(200, pair('a')), json(200, { status: 'ok' })]);
      h.clock.now = T0 + 3_600_000;
      await signedIn(h);

      // Act
      await h.client.me();

      // Assess
      expect((await h.storage.get())?.accessExpiresAt).toBe(T0 / 1000 + 3600 + 900);
      expect(h.sent.map((s) => s.url.slice(BASE_URL.length))).toEqual(['/v1/me']);
    });

    it('takes exp as it is when the token has no iat, and expiresIn when it is no JWT', async () => {
      // Prepare
      const h = harness([
        json(200, { ...pair('a'), accessToken: jwt({ exp: T0 / 1000 + 300 }, 'a') }),
        json(200, { ...pair('b'), accessToken: 'opaque-token' }),
      ]);

      // Act
      await h.client.signIn({ accountName: 'ada.lovelace', password: 'p' });
      const fromExp = (await h.storage.get())?.accessExpiresAt;
      await h.client.signIn({ accountName: 'ada.lovelace', password: 'p' });
      const fromExpiresIn = (await h.storage.get())?.accessExpiresAt;

      // Assess
      expect([fromExp, fromExpiresIn]).toEqual([T0 / 1000 + 300, T0 / 1000 + 900]);
    });

    it('refreshes once on a 401 unauthorized and sends the call again with the new token', async () => {
      // Prepare
      const h = harness([
        json(200, pair('a')),
        apiError(401, 'unauthorized'),
        json(200, pair('b')),
        json(200, { account: 'export' }),
      ]);
      await signedIn(h);

      // Act
      const mine = await h.client.me();

      // Assess
      expect(mine).toEqual({ account: 'export' });
      expect(
        h.sent.map((s) => [s.method, s.url.slice(BASE_URL.length), s.headers.authorization, s.body]),
      ).toEqual([
        ['GET', '/v1/me', `Bearer ${pair('a').accessToken}`, undefined],
        ['POST', '/v1/sessions/refresh', undefined, { refreshToken: 'refresh-a', clientId: CLIENT_ID }],
        ['GET', '/v1/me', `Bearer ${pair('b').accessToken}`, undefined],
      ]);
      expect((await h.storage.get())?.refreshToken).toBe('refresh-b');
    });

    it('shares one refresh between concurrent calls refused with 401', async () => {
      // Prepare
      let refreshes = 0;
      const h = harness((request) => {
        if (request.url.endsWith('/v1/sessions')) return json(200, pair('a'));
        if (request.url.endsWith('/refresh')) {
          refreshes += 1;
          return () =>
            new Promise<Response>((resolve) => setTimeout(() => resolve(json(200, pair('b'))), 20));
        }
        return request.headers.authorization === `Bearer ${pair('b').accessToken}`
          ? json(200, { status: 'recorded' })
          : apiError(401, 'unauthorized');
      });
      await signedIn(h);

      // Act
      const answers = await Promise.all([
        h.client.recordConsent({ policyVersion: '2026-01-01' }),
        h.client.me(),
        h.client.updateMe({ locale: 'en' }),
      ]);

      // Assess
      expect(answers).toEqual([{ status: 'recorded' }, { status: 'recorded' }, { status: 'recorded' }]);
      expect(refreshes).toBe(1);
      expect(h.sent.filter((s) => s.url.endsWith('/refresh'))).toHaveLength(1);
      expect(h.sent).toHaveLength(7);
    });

    it('refreshes before the call when the access token expires within the leeway', async () => {
      // Prepare
      const h = harness([
        json(200, pair('a')),
        json(200, pair('b', T0 / 1000 + 1800)),
        json(200, { status: 'ok' }),
      ]);
      await signedIn(h);
      h.clock.now = T0 + (900 - 30) * 1000;

      // Act
      await h.client.me();

      // Assess
      expect(h.sent.map((s) => [s.url.slice(BASE_URL.length), s.headers.authorization])).toEqual([
        ['/v1/sessions/refresh', undefined],
        ['/v1/me', `Bearer ${pair('b', T0 / 1000 + 1800).accessToken}`],
      ]);
    });

    it('does not refresh while the access token has more than the leeway left', async () => {
      // Prepare
      const h = harness([json(200, pair('a')), json(200, { status: 'ok' })]);
      await signedIn(h);
      h.clock.now = T0 + (900 - 31) * 1000;

      // Act
      await h.client.me();

      // Assess
      expect(h.sent.map((s) => s.url.slice(BASE_URL.length))).toEqual(['/v1/me']);
    });

    it('drops the tokens on invalid_grant and throws it', async () => {
      // Prepare
      const h = harness([
        json(200, pair('a')),
        apiError(401, 'unauthorized'),
        apiError(401, 'invalid_grant'),
      ]);
      await signedIn(h);

      // Act
      const error = await h.client.me().catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ status: 401, error: 'invalid_grant' });
      expect(await h.storage.get()).toBeUndefined();
      expect(h.sent).toHaveLength(2);
    });

    it('keeps the tokens when a refresh fails for another reason', async () => {
      // Prepare
      const h = harness([json(200, pair('a')), apiError(429, 'rate_limited', { 'retry-after': '1800' })]);
      await signedIn(h);

      // Act
      const error = await h.client.refresh().catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ status: 429, retryAfter: 1800 });
      expect((await h.storage.get())?.refreshToken).toBe('refresh-a');
    });

    it('does not refresh on a 401 invalid_credentials (a wrong current password)', async () => {
      // Prepare
      const h = harness([json(200, pair('a')), apiError(401, 'invalid_credentials'), json(200, pair('b'))]);
      await signedIn(h);

      // Act
      const error = await h.client
        .changePassword({ currentPassword: 'wrong wrong wrong', newPassword: 'another long pass phrase' })
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ status: 401, error: 'invalid_credentials' });
      expect(h.sent).toHaveLength(1);
      expect((await h.storage.get())?.refreshToken).toBe('refresh-a');
    });

    it('throws a second 401 after the refresh without refreshing again', async () => {
      // Prepare
      const h = harness([
        json(200, pair('a')),
        apiError(401, 'unauthorized'),
        json(200, pair('b')),
        apiError(401, 'unauthorized'),
        json(200, pair('c')),
      ]);
      await signedIn(h);

      // Act
      const error = await h.client.me().catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ status: 401, error: 'unauthorized' });
      expect(h.sent.map((s) => s.url.slice(BASE_URL.length))).toEqual([
        '/v1/me',
        '/v1/sessions/refresh',
        '/v1/me',
      ]);
    });

    it('keeps the new tokens a password change answers', async () => {
      // Prepare
      const h = harness([json(200, pair('a')), json(200, pair('b'))]);
      await signedIn(h);

      // Act
      await h.client.changePassword({
        currentPassword: 'tulip orbit canvas lantern',
        newPassword: 'another long one',
      });

      // Assess
      expect((await h.storage.get())?.refreshToken).toBe('refresh-b');
    });
  });

  describe('Method: signOut', () => {
    it('revokes the refresh token on the server and drops both tokens', async () => {
      // Prepare
      const h = harness([json(200, pair('a')), json(200, { status: 'signed_out' })]);
      await signedIn(h);

      // Act
      const answer = await h.client.signOut();

      // Assess
      expect(answer).toEqual({ status: 'signed_out' });
      expect(h.sent).toEqual([
        {
          url: `${BASE_URL}/v1/sessions/logout`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: { refreshToken: 'refresh-a' },
        },
      ]);
      expect(await h.storage.get()).toBeUndefined();
    });

    it('drops the tokens when the server answers invalid_grant', async () => {
      // Prepare
      const h = harness([json(200, pair('a')), apiError(401, 'invalid_grant')]);
      await signedIn(h);

      // Act
      const answer = await h.client.signOut();

      // Assess
      expect(answer).toEqual({ status: 'signed_out' });
      expect(await h.storage.get()).toBeUndefined();
    });

    it('drops the tokens and throws when the server cannot be reached', async () => {
      // Prepare
      const h = harness([json(200, pair('a')), networkError(1), networkError(2), networkError(3)]);
      await signedIn(h);

      // Act
      const error = await h.client.signOut().catch((e: unknown) => e);

      // Assess
      expect(error).toEqual(networkError(3));
      expect(await h.storage.get()).toBeUndefined();
    });

    it('sends nothing without a session', async () => {
      // Prepare
      const h = harness([]);

      // Act
      const answer = await h.client.signOut();

      // Assess
      expect(answer).toEqual({ status: 'signed_out' });
      expect(h.sent).toEqual([]);
    });
  });

  describe('Methods: revokeAllSessions, eraseAccount', () => {
    it('drop the tokens once the server answers', async () => {
      // Prepare
      const h = harness([
        json(200, pair('a')),
        json(200, { status: 'signed_out' }),
        json(200, pair('b')),
        json(200, { status: 'erased' }),
      ]);

      // Act
      await h.client.signIn({ accountName: 'ada.lovelace', password: 'p' });
      await h.client.revokeAllSessions();
      const afterRevoke = await h.storage.get();
      await h.client.signIn({ accountName: 'ada.lovelace', password: 'p' });
      await h.client.eraseAccount({ currentPassword: 'p' });

      // Assess
      expect(afterRevoke).toBeUndefined();
      expect(await h.storage.get()).toBeUndefined();
      expect(h.sent.map((s) => [s.method, s.url.slice(BASE_URL.length), s.body])).toEqual([
        ['POST', '/v1/sessions', { accountName: 'ada.lovelace', password: 'p', clientId: CLIENT_ID }],
        ['POST', '/v1/me/sessions/revoke-all', {}],
        ['POST', '/v1/sessions', { accountName: 'ada.lovelace', password: 'p', clientId: CLIENT_ID }],
        ['DELETE', '/v1/me', { currentPassword: 'p' }],
      ]);
    });
  });
  describe('Method: privacyPolicy', () => {
    it('reads the policy in force without a token, even when signed in', async () => {
      // Prepare
      const h = harness([json(200, pair('a')), json(200, { version: '2026-11-01', effectiveAt: '2026-11-01T00:00:00.000Z' })]);
      await h.client.signIn({ accountName: 'ada.lovelace', password: 'p' });

      // Act
      const policy = await h.client.privacyPolicy();

      // Assess
      expect(policy).toEqual({ version: '2026-11-01', effectiveAt: '2026-11-01T00:00:00.000Z' });
      expect(h.sent.at(-1)?.method).toBe('GET');
      expect(h.sent.at(-1)?.url).toBe(`${BASE_URL}/v1/privacy-policy`);
      expect(h.sent.at(-1)?.headers?.authorization).toBeUndefined();
    });
  });
});
