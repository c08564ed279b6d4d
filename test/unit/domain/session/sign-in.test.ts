// test/unit/domain/session: sign-in with fakes: the token, the same answer and work for every wrong
// credential, the throttles that answer 429 before any password is checked, re-hashing and consent.
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../../shared/config/settings.js';
import { InvalidCredentialsError, RateLimitedError, SignInLockedError } from '../../../../shared/domain/errors.js';
import { signIn, type SignInDeps } from '../../../../shared/domain/session/sign-in.js';
import type { AccountName } from '../../../../shared/domain/types.js';
import { fixedClock, plainIndexer } from '../../../helpers/fakes.js';
import {
  DUMMY_HASH,
  dummyHash,
  memoryAccounts,
  memoryIpThrottle,
  memorySignInThrottle,
  memorySessions,
  plainRefreshTokens,
  plainTokens,
  sessionAccount,
  tellingHasher,
} from '../../../helpers/session-fakes.js';

const settings = parseAppSettings({ email: { fromAddress: 'no-reply@signet.local' } });
const PASSWORD = 'tulip orbit canvas lantern';
const name = (value: string) => value as AccountName;
const client = { sourceIp: '203.0.113.7' };

const fakes = () => ({
  settings,
  indexer: plainIndexer,
  hasher: tellingHasher(),
  dummyHash,
  accounts: memoryAccounts(sessionAccount()),
  signInThrottle: memorySignInThrottle(),
  ipThrottle: memoryIpThrottle(),
  tokens: plainTokens(),
  sessions: memorySessions(),
  refreshTokens: plainRefreshTokens(),
  clock: fixedClock(),
});

const setUp = (overrides: Partial<ReturnType<typeof fakes>> = {}) => {
  const deps = { ...fakes(), ...overrides };
  const signInFor = signIn(deps satisfies SignInDeps);
  // Every sign-in here is for the local stage's client unless a test names another.
  const signInLocal = (input: { accountName: AccountName; password: string; clientId?: string }, source: typeof client) =>
    signInFor({ clientId: 'local-app', ...input }, source);
  return { deps, signIn: signInLocal };
};

describe('Function: signIn', () => {
  it('answers a Bearer token of the account generation and records the sign-in', async () => {
    // Prepare
    const { deps, signIn: signInWith } = setUp({ accounts: memoryAccounts(sessionAccount({ tokenGeneration: 4 })) });

    // Act
    const answer = await signInWith({ accountName: name('ada.lovelace'), password: PASSWORD, clientId: 'local-app' }, client);

    // Assess
    expect(answer).toEqual({
      accessToken: 'token.acc-1.4',
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: 'rt-1'.padEnd(43, 'x'),
      refreshExpiresIn: 30 * 86_400,
    });
    // Only the refresh token's HMAC is kept, with its family: account, client, times.
    expect([...deps.sessions.families.values()]).toEqual([
      expect.objectContaining({
        accountId: 'acc-1',
        clientId: 'local-app',
        status: 'active',
        currentHash: `h(${'rt-1'.padEnd(43, 'x')})`,
        createdAt: '2026-11-25T10:00:00.000Z',
        absoluteExpiresAt: '2026-12-25T10:00:00.000Z',
        idleExpiresAt: '2026-12-02T10:00:00.000Z',
      }),
    ]);
    expect(deps.accounts.signIns).toEqual([{ accountId: 'acc-1', at: deps.clock.now() }]);
    expect(deps.accounts.accounts.get(sessionAccount().accountId)?.lastActiveAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it('answers a wrong password, an unknown name and a pending account alike, each after one argon2 verify', async () => {
    // Prepare
    const pending = sessionAccount({ accountId: 'acc-2' as never, nameIndex: 'name-index(grace)', status: 'pending' });
    const { deps, signIn: signInWith } = setUp({ accounts: memoryAccounts(sessionAccount(), pending) });

    // Act
    const errors: unknown[] = [];
    for (const attempt of [
      { accountName: name('ada.lovelace'), password: 'wrong password here', clientId: 'local-app' },
      { accountName: name('nobody'), password: PASSWORD, clientId: 'local-app' },
      { accountName: name('grace'), password: PASSWORD, clientId: 'local-app' },
    ]) {
      errors.push(await signInWith(attempt, client).catch((error: unknown) => error));
    }

    // Assess
    for (const error of errors) {
      expect(error).toBeInstanceOf(InvalidCredentialsError);
      expect((error as InvalidCredentialsError).toJSON()).toEqual(new InvalidCredentialsError().toJSON());
    }
    expect(deps.hasher.verified).toEqual([sessionAccount().passwordHash, DUMMY_HASH, pending.passwordHash]);
    expect(deps.tokens.issued).toEqual([]);
  });

  it('counts failures of unknown names too, so that throttling says nothing about whether a name exists', async () => {
    // Prepare
    const { deps, signIn: signInWith } = setUp();

    // Act
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await signInWith({ accountName: name('nobody'), password: PASSWORD, clientId: 'local-app' }, client).catch(() => undefined);
    }
    const sixth = signInWith({ accountName: name('nobody'), password: PASSWORD, clientId: 'local-app' }, client);

    // Assess
    await expect(sixth).rejects.toBeInstanceOf(RateLimitedError);
    expect(deps.signInThrottle.states.get('name-index(nobody)/ip-index(203.0.113.7)')?.failures).toBe(5);
    expect(deps.signInThrottle.lockCounts.get('name-index(nobody)')).toBe(5);
  });

  it('keeps a lock only for an active account: a pending registration may lapse and free its name', async () => {
    // Prepare
    const pending = sessionAccount({ accountId: 'acc-2' as never, nameIndex: 'name-index(grace)', status: 'pending' });
    const { deps, signIn: signInWith } = setUp({ accounts: memoryAccounts(sessionAccount(), pending) });

    // Act
    for (const accountName of ['ada.lovelace', 'grace', 'nobody']) {
      await signInWith({ accountName: name(accountName), password: 'wrong password here', clientId: 'local-app' }, client).catch(() => undefined);
    }

    // Assess
    expect(deps.signInThrottle.lockHolders).toEqual(['acc-1', undefined, undefined]);
  });

  it('answers 429 with the back-off after 5 failures, even for the right password, without checking it', async () => {
    // Prepare
    const { deps, signIn: signInWith } = setUp();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await signInWith({ accountName: name('ada.lovelace'), password: 'wrong password here', clientId: 'local-app' }, client).catch(() => undefined);
    }
    const verifiedBefore = deps.hasher.verified.length;

    // Act
    const throttled = signInWith({ accountName: name('ada.lovelace'), password: PASSWORD, clientId: 'local-app' }, client);

    // Assess
    await expect(throttled).rejects.toMatchObject({ code: 'rate_limited', statusCode: 429, retryAfterSeconds: 1 });
    expect(deps.hasher.verified).toHaveLength(verifiedBefore);
  });

  it('doubles the back-off with each further failure and lets the right password in once it has passed', async () => {
    // Prepare
    const { deps, signIn: signInWith } = setUp();
    const wrong = () =>
      signInWith({ accountName: name('ada.lovelace'), password: 'wrong password here', clientId: 'local-app' }, client).catch(() => undefined);
    const right = () => signInWith({ accountName: name('ada.lovelace'), password: PASSWORD, clientId: 'local-app' }, client);
    for (let attempt = 0; attempt < 5; attempt += 1) await wrong();

    // Act
    const waits: (number | undefined)[] = [];
    for (let failure = 5; failure < 9; failure += 1) {
      const blocked = await right().catch((error: unknown) => error);
      const wait = blocked instanceof RateLimitedError ? blocked.retryAfterSeconds : undefined;
      waits.push(wait);
      deps.clock.advance(wait ?? 0);
      if (failure < 8) await wrong();
    }
    const answer = await right();

    // Assess
    expect(waits).toEqual([1, 2, 4, 8]);
    expect(answer.tokenType).toBe('Bearer');
    expect(deps.signInThrottle.states.has('name-index(ada.lovelace)/ip-index(203.0.113.7)')).toBe(false);
  });

  it('locks the password after 100 failures from clients not yet throttled: 429 even for the right password, from any client, long after', async () => {
    // Prepare: 20 clients, 5 failures each (each then backs off).
    const { deps, signIn: signInWith } = setUp({ ipThrottle: memoryIpThrottle(1000) });
    for (let attacker = 0; attacker < 20; attacker += 1) {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        await signInWith({ accountName: name('ada.lovelace'), password: 'wrong password here', clientId: 'local-app' }, { sourceIp: `198.51.100.${attacker}` }).catch(() => undefined);
      }
    }
    deps.clock.advance(30 * 86_400);

    // Act
    const locked = signInWith({ accountName: name('ada.lovelace'), password: PASSWORD, clientId: 'local-app' }, client);

    // Assess
    await expect(locked).rejects.toBeInstanceOf(SignInLockedError);
    await expect(locked).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 900 });
  });

  it('counts toward the lock only failures of a client not yet in back-off: 100 failures of one client do not lock', async () => {
    // Prepare
    const { deps, signIn: signInWith } = setUp({ ipThrottle: memoryIpThrottle(1000) });
    for (let attempt = 0; attempt < 100; attempt += 1) {
      await signInWith({ accountName: name('ada.lovelace'), password: 'wrong password here' }, client).catch(() => undefined);
      deps.clock.advance(settings.signIn.backoffMaxSeconds);
    }

    // Act
    const fromOwner = await signInWith({ accountName: name('ada.lovelace'), password: PASSWORD }, { sourceIp: '192.0.2.1' });

    // Assess
    expect(deps.signInThrottle.lockCounts.get('name-index(ada.lovelace)')).toBe(0);
    expect(fromOwner.tokenType).toBe('Bearer');
  });

  it("never backs off the owner's client for another client's failures, and the owner's success lifts no one else's back-off", async () => {
    // Prepare
    const { signIn: signInWith } = setUp();
    const attacker = { sourceIp: '198.51.100.9' };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await signInWith({ accountName: name('ada.lovelace'), password: 'wrong password here' }, attacker).catch(() => undefined);
    }

    // Act
    const owner = await signInWith({ accountName: name('ada.lovelace'), password: PASSWORD }, client);
    const attackerAfter = signInWith({ accountName: name('ada.lovelace'), password: PASSWORD }, attacker);

    // Assess
    expect(owner.tokenType).toBe('Bearer');
    await expect(attackerAfter).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1 });
  });

  it('answers 429 when the client IP used up its failures, whatever the account, and gives the slot back on success', async () => {
    // Prepare
    const ipThrottle = memoryIpThrottle(2);
    const { deps, signIn: signInWith } = setUp({ ipThrottle });
    await signInWith({ accountName: name('ada.lovelace'), password: PASSWORD, clientId: 'local-app' }, client);
    await signInWith({ accountName: name('x1'), password: PASSWORD, clientId: 'local-app' }, client).catch(() => undefined);
    await signInWith({ accountName: name('x2'), password: PASSWORD, clientId: 'local-app' }, client).catch(() => undefined);

    // Act
    const fromSameIp = signInWith({ accountName: name('ada.lovelace'), password: PASSWORD, clientId: 'local-app' }, client);
    const fromOtherIp = await signInWith({ accountName: name('ada.lovelace'), password: PASSWORD, clientId: 'local-app' }, { sourceIp: '198.51.100.1' });

    // Assess
    await expect(fromSameIp).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 3600 });
    expect(fromOtherIp.tokenType).toBe('Bearer');
    expect(deps.ipThrottle.taken.get('ip-index(203.0.113.7)')).toBe(2);
  });

  it('re-hashes a hash made with older argon2 parameters, keeping the token generation', async () => {
    // Prepare
    const { deps, signIn: signInWith } = setUp({ hasher: tellingHasher({ stale: true }) });

    // Act
    const answer = await signInWith({ accountName: name('ada.lovelace'), password: PASSWORD, clientId: 'local-app' }, client);

    // Assess
    expect(deps.hasher.hashed).toEqual([PASSWORD]);
    expect(deps.accounts.signIns[0]?.rehash).toEqual({ passwordHash: `hash(${PASSWORD})`, previousHash: `hash(${PASSWORD})` });
    expect(answer.accessToken).toBe('token.acc-1.0');
  });

  it('says consentRequired when the latest consent is to an older privacy policy', async () => {
    // Prepare
    const old = sessionAccount({ consent: [{ policyVersion: '2025-01-01', acceptedAt: '2025-01-01T00:00:00.000Z' }] });
    const { signIn: signInWith } = setUp({ accounts: memoryAccounts(old) });
    const { signIn: signInCurrent } = setUp();

    // Act
    const stale = await signInWith({ accountName: name('ada.lovelace'), password: PASSWORD, clientId: 'local-app' }, client);
    const current = await signInCurrent({ accountName: name('ada.lovelace'), password: PASSWORD, clientId: 'local-app' }, client);

    // Assess
    expect(stale.consentRequired).toBe(true);
    expect(current).not.toHaveProperty('consentRequired');
  });
});
