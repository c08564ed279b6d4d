// test/unit/domain/session: the owner's password change with fakes: a new token of a new generation, a wrong
// current password counted as a failed sign-in, the notice.
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../../shared/config/settings.js';
import {
  InvalidCredentialsError,
  RateLimitedError,
  UnauthorizedError,
  WeakPasswordError,
} from '../../../../shared/domain/errors.js';
import { createPasswordPolicy } from '../../../../shared/domain/password/password-policy.js';
import { authenticate } from '../../../../shared/domain/session/authenticate.js';
import { changePassword } from '../../../../shared/domain/session/change-password.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { fakeKeys, fixedClock, plainIndexer, recordingCourier, taggingCipher } from '../../../helpers/fakes.js';
import {
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
const CURRENT = 'tulip orbit canvas lantern';
const NEW_PASSWORD = 'amber violin harbour quartz';
const request = { authorization: 'Bearer token.acc-1.0', sourceIp: '203.0.113.7' };

const setUp = () => {
  const accounts = memoryAccounts(sessionAccount());
  const tokens = plainTokens();
  const courier = recordingCourier();
  const signInThrottle = memorySignInThrottle();
  const clock = fixedClock();
  const deps = {
    settings,
    authenticate: authenticate({ tokens, accounts }),
    policy: createPasswordPolicy(settings.password, { has: () => false, size: 0 }),
    indexer: plainIndexer,
    hasher: tellingHasher(),
    dummyHash,
    signInThrottle,
    ipThrottle: memoryIpThrottle(),
    accounts,
    tokens,
    sessions: memorySessions(),
    refreshTokens: plainRefreshTokens(),
    keys: fakeKeys(),
    cipher: taggingCipher,
    courier,
    clock,
    logger: { warn: () => undefined },
  };
  return { ...deps, change: changePassword(deps) };
};

describe('Function: changePassword', () => {
  it('sets the new password and answers a token of the next generation; the old token stops working', async () => {
    // Prepare
    const { change, accounts, authenticate: caller, courier } = setUp();

    // Act
    const answer = await change({ currentPassword: CURRENT, newPassword: NEW_PASSWORD }, request);

    // Assess
    expect(answer).toEqual({
      accessToken: 'token.acc-1.1',
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: 'rt-1'.padEnd(43, 'x'),
      refreshExpiresIn: 30 * 86_400,
    });
    expect(accounts.accounts.get('acc-1' as AccountId)?.passwordHash).toBe(`hash(${NEW_PASSWORD})`);
    await expect(caller(request.authorization)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(caller(`Bearer ${answer.accessToken}`)).resolves.toMatchObject({ tokenGeneration: 1 });
    expect(courier.notices).toEqual([[{ channel: 'email', email: 'ada@example.com' }, 'password_changed', 'en']]);
  });

  it('answers 401 invalid_credentials for a wrong current password, and counts it as a failed sign-in', async () => {
    // Prepare
    const { change, signInThrottle, accounts } = setUp();

    // Act
    const outcome = change({ currentPassword: 'not the password at all', newPassword: NEW_PASSWORD }, request);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(signInThrottle.lockCounts.get('name-index(ada.lovelace)')).toBe(1);
    expect(accounts.accounts.get('acc-1' as AccountId)?.tokenGeneration).toBe(0);
  });

  it('is throttled like sign-in: after 5 wrong current passwords even the right one answers 429', async () => {
    // Prepare
    const { change } = setUp();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await change({ currentPassword: 'not the password at all', newPassword: NEW_PASSWORD }, request).catch(() => undefined);
    }

    // Act
    const outcome = change({ currentPassword: CURRENT, newPassword: NEW_PASSWORD }, request);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('refuses a new password that contains the account name (decrypted for the check) as weak_password on newPassword', async () => {
    // Prepare
    const { change } = setUp();

    // Act
    const outcome = change({ currentPassword: CURRENT, newPassword: 'ada.lovelace forever and ever' }, request);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(WeakPasswordError);
    await expect(outcome).rejects.toMatchObject({ details: [{ field: 'newPassword', issue: expect.any(String) }] });
  });

  it('answers 401 unauthorized without a valid token, before looking at any password', async () => {
    // Prepare
    const { change, hasher } = setUp();

    // Act
    const outcome = change({ currentPassword: CURRENT, newPassword: NEW_PASSWORD }, { sourceIp: '203.0.113.7' });

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(UnauthorizedError);
    expect(hasher.verified).toEqual([]);
  });
});
