// test/integration/client: the app client (signet/client) against the local API, as an app would use it:
// sign-up by email with the code from the outbox, sign-in, a refresh once the access token has expired (by the
// client's clock) or is refused, one refresh shared by concurrent calls, invalid_grant, and sign-out.
import { createSignetClient, memoryStorage, SignetApiError } from 'signet/client';
import type { SignetClientOptions, TokenStorage } from 'signet/client';
import { describe, expect, it } from 'vitest';
import { en } from '../../../shared/messages/en.js';
import {
  emailsTo,
  latestEmailCode,
  post,
  signet,
  strongPassword,
  uniqueEmail,
  uniqueName,
} from '../../helpers/api.js';

const CLIENT_ID = 'local-app';

/** A client on the local API whose sends are counted by path, with a clock the test can move forward. */
const appClient = (options: Partial<SignetClientOptions> = {}) => {
  const sentPaths: string[] = [];
  const clock = { offsetMs: 0 };
  const storage: TokenStorage = options.storage ?? memoryStorage();
  const client = createSignetClient({
    baseUrl: signet().apiUrl,
    clientId: CLIENT_ID,
    storage,
    now: () => Date.now() + clock.offsetMs,
    fetch: (url, init) => {
      sentPaths.push(`${init.method} ${new URL(url).pathname}`);
      return fetch(url, init);
    },
    ...options,
  });
  return { client, sentPaths, clock, storage };
};

/** Registers by email, confirms with the code from the outbox and signs in, all through the client. */
const signedUp = async (app: ReturnType<typeof appClient>) => {
  const person = { accountName: uniqueName('cl'), password: strongPassword(), email: uniqueEmail() };
  await app.client.register({ ...person, channel: 'email' });
  await app.client.confirm({ accountName: person.accountName, code: await latestEmailCode(person.email) });
  await app.client.signIn({ accountName: person.accountName, password: person.password });
  app.sentPaths.length = 0;
  return person;
};

const sessionRevokedNotices = async (email: string) =>
  (await emailsTo(email)).filter((mail) => mail.subject === en.notices.session_revoked.email.subject);

describe('Module: signet/client (local API)', () => {
  it('signs up by email, confirms with the code from the outbox, signs in and reads the account', async () => {
    // Prepare
    const app = appClient();
    const person = { accountName: uniqueName('cl'), password: strongPassword(), email: uniqueEmail() };

    // Act
    const accepted = await app.client.register({ ...person, channel: 'email', locale: 'en' });
    const code = await latestEmailCode(person.email);
    const confirmed = await app.client.confirm({ accountName: person.accountName, code });
    const session = await app.client.signIn({ accountName: person.accountName, password: person.password });
    const mine = await app.client.me();

    // Assess
    expect(accepted).toMatchObject({ accountName: person.accountName, channel: 'email' });
    expect(accepted.destination).not.toContain(person.email);
    expect(confirmed).toEqual({ status: 'active' });
    expect(session.tokenType).toBe('Bearer');
    expect(await app.storage.get()).toMatchObject({
      accessToken: session.accessToken,
      refreshToken: session.refreshToken,
    });
    expect(mine.account).toMatchObject({ accountName: person.accountName, status: 'active' });
  });

  it('throws the API’s errors as SignetApiError: a wrong code, a wrong password', async () => {
    // Prepare
    const app = appClient();
    const person = { accountName: uniqueName('cl'), password: strongPassword(), email: uniqueEmail() };
    await app.client.register({ ...person, channel: 'email' });
    const code = await latestEmailCode(person.email);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    // Act
    const badCode = await app.client
      .confirm({ accountName: person.accountName, code: wrong })
      .catch((e) => e);
    await app.client.confirm({ accountName: person.accountName, code });
    const badPassword = await app.client
      .signIn({ accountName: person.accountName, password: `${person.password}!` })
      .catch((e) => e);

    // Assess
    expect(badCode).toBeInstanceOf(SignetApiError);
    expect(badCode).toMatchObject({ status: 400, error: 'invalid_code' });
    expect(badPassword).toMatchObject({ status: 401, error: 'invalid_credentials' });
    expect(await app.storage.get()).toBeUndefined();
  });

  it('refreshes before a call once the access token has expired by its clock, and the new token works', async () => {
    // Prepare
    const app = appClient();
    await signedUp(app);
    const before = await app.storage.get();
    app.clock.offsetMs = 16 * 60_000;

    // Act
    const mine = await app.client.me();

    // Assess
    expect(app.sentPaths).toEqual(['POST /v1/sessions/refresh', 'GET /v1/me']);
    expect(mine.account.status).toBe('active');
    const after = await app.storage.get();
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(after?.accessToken).not.toBe(before?.accessToken);
  });

  it('refreshes once on a refused access token and sends the call again', async () => {
    // Prepare
    const app = appClient();
    await signedUp(app);
    const held = await app.storage.get();
    if (held === undefined) throw new Error('signed in without tokens');
    // A token the API refuses as it refuses an expired one: 401 unauthorized.
    await app.storage.set({ ...held, accessToken: `${held.accessToken.slice(0, -4)}AAAA` });

    // Act
    const updated = await app.client.updateMe({ locale: 'zh-CN' });

    // Assess
    expect(updated).toEqual({ status: 'updated' });
    expect(app.sentPaths).toEqual(['PATCH /v1/me', 'POST /v1/sessions/refresh', 'PATCH /v1/me']);
    expect((await app.client.me()).account.locale).toBe('zh-CN');
  });

  it('shares one refresh between a concurrent pair of calls', async () => {
    // Prepare
    const app = appClient();
    const person = await signedUp(app);
    const policyVersion = (await app.client.me()).consent.at(-1)?.policyVersion;
    if (policyVersion === undefined) throw new Error('a confirmed account has consented');
    app.sentPaths.length = 0;
    app.clock.offsetMs = 16 * 60_000;

    // Act
    const [mine, consent] = await Promise.all([app.client.me(), app.client.recordConsent({ policyVersion })]);

    // Assess
    expect(app.sentPaths.filter((path) => path === 'POST /v1/sessions/refresh')).toHaveLength(1);
    expect(mine.account.status).toBe('active');
    expect(consent).toEqual({ status: 'recorded' });
    expect(await sessionRevokedNotices(person.email)).toEqual([]);
  });

  it('shares one refresh between a concurrent pair refused with 401', async () => {
    // Prepare
    const app = appClient();
    await signedUp(app);
    const held = await app.storage.get();
    if (held === undefined) throw new Error('signed in without tokens');
    await app.storage.set({ ...held, accessToken: `${held.accessToken.slice(0, -4)}AAAA` });

    // Act
    const answers = await Promise.all([app.client.me(), app.client.updateMe({ interests: ['books'] })]);

    // Assess
    expect(app.sentPaths.filter((path) => path === 'POST /v1/sessions/refresh')).toHaveLength(1);
    expect(app.sentPaths).toHaveLength(5);
    expect(answers[1]).toEqual({ status: 'updated' });
  });

  it('drops the tokens when the session is gone (invalid_grant)', async () => {
    // Prepare
    const app = appClient();
    await signedUp(app);
    const held = await app.storage.get();
    if (held === undefined) throw new Error('signed in without tokens');
    // Another device signed the account out everywhere: the stored tokens are dead.
    const other = appClient();
    await other.storage.set(held);
    await other.client.revokeAllSessions();

    // Act
    const error = await app.client.me().catch((e) => e);

    // Assess
    expect(error).toMatchObject({ status: 401, error: 'invalid_grant' });
    expect(app.sentPaths).toEqual(['GET /v1/me', 'POST /v1/sessions/refresh']);
    expect(await app.storage.get()).toBeUndefined();
  });

  it('signs out: the refresh token is revoked on the server and both tokens are dropped', async () => {
    // Prepare
    const app = appClient();
    await signedUp(app);
    const held = await app.storage.get();

    // Act
    const answer = await app.client.signOut();

    // Assess
    expect(answer).toEqual({ status: 'signed_out' });
    expect(app.sentPaths).toEqual(['POST /v1/sessions/logout']);
    expect(await app.storage.get()).toBeUndefined();
    const reuse = await post('/v1/sessions/refresh', {
      refreshToken: held?.refreshToken,
      clientId: CLIENT_ID,
    });
    expect([reuse.status, (reuse.body as { error?: string }).error]).toEqual([401, 'invalid_grant']);
    await expect(app.client.me()).rejects.toMatchObject({ status: 401, error: 'unauthorized' });
  });

  it('changes the password and keeps the new session it answers', async () => {
    // Prepare
    const app = appClient();
    const person = await signedUp(app);
    const before = await app.storage.get();

    // Act
    await app.client.changePassword({ currentPassword: person.password, newPassword: strongPassword() });
    const mine = await app.client.me();

    // Assess
    expect((await app.storage.get())?.refreshToken).not.toBe(before?.refreshToken);
    expect(mine.account.accountName).toBe(person.accountName);
    expect(app.sentPaths).toEqual(['POST /v1/me/password', 'GET /v1/me']);
  });
});
