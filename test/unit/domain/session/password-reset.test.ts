// test/unit/domain/session: the forgotten-password flow with fakes: where the code goes, what stays
// silent, and the code rules of the confirmation (purpose-bound, counted, single use; a weak password
// costs nothing), then what a reset changes: the hash, the token generation, the lock, the owner's notice.
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../../shared/config/settings.js';
import { InvalidCodeError, WeakPasswordError } from '../../../../shared/domain/errors.js';
import type { PasswordPolicy } from '../../../../shared/domain/password/ports.js';
import { confirmPasswordReset } from '../../../../shared/domain/session/confirm-password-reset.js';
import { requestPasswordReset } from '../../../../shared/domain/session/request-password-reset.js';
import type { AccountId, AccountName } from '../../../../shared/domain/types.js';
import { fakeKeys, fixedClock, plainCodeHasher, plainIndexer, recordingCourier, scriptedRandom, taggingCipher } from '../../../helpers/fakes.js';
import { memoryCodeStore } from '../../../helpers/owner-fakes.js';
import { memoryAccounts, memorySessions, memorySignInThrottle, sessionAccount, tellingHasher } from '../../../helpers/session-fakes.js';

const settings = parseAppSettings({ email: { fromAddress: 'no-reply@signet.local' } });
const name = (value: string) => value as AccountName;
const NEW_PASSWORD = 'amber violin harbour quartz';
const silentLogger = { warn: () => undefined };

/** Refuses passwords shorter than 15 characters, like the real policy's first rule. */
const lengthPolicy: PasswordPolicy = {
  check: (password) => {
    if ([...password].length < 15) throw new WeakPasswordError('The password must be at least 15 characters long.');
    return password;
  },
};

const setUp = (accounts = memoryAccounts(sessionAccount()), courier = recordingCourier()) => {
  const clock = fixedClock();
  const codeStore = memoryCodeStore();
  const signInThrottle = memorySignInThrottle();
  const hasher = tellingHasher();
  const common = { keys: fakeKeys(), cipher: taggingCipher, courier, clock, logger: silentLogger };
  const request = requestPasswordReset({
    ...common,
    settings,
    indexer: plainIndexer,
    accounts,
    codes: plainCodeHasher,
    codeStore,
    random: scriptedRandom('123456', '234567', '345678'),
  });
  const confirm = confirmPasswordReset({
    ...common,
    settings,
    policy: lengthPolicy,
    hasher,
    indexer: plainIndexer,
    codes: plainCodeHasher,
    codeStore,
    sessions: memorySessions(),
    accounts,
    signInThrottle,
  });
  return { accounts, codeStore, signInThrottle, hasher, courier, clock, request, confirm };
};

describe('Function: requestPasswordReset', () => {
  it("sends a password_reset code to the account's verified email", async () => {
    // Prepare
    const { request, courier } = setUp();

    // Act
    await request({ accountName: name('ada.lovelace') });

    // Assess
    expect(courier.codes).toEqual([
      [{ channel: 'email', email: 'ada@example.com' }, { purpose: 'password_reset', code: '123456', expiresInMinutes: 10 }, 'en'],
    ]);
  });

  it('sends it to the verified phone when the email is not verified', async () => {
    // Prepare
    const account = sessionAccount({
      emailVerified: false,
      phoneVerified: true,
      sealed: { ...sessionAccount().sealed, phone: 'sealed(acc-1:phone:+447400123456)' },
    });
    const { request, courier } = setUp(memoryAccounts(account));

    // Act
    await request({ accountName: name('ada.lovelace') });

    // Assess
    expect(courier.codes.map(([to]) => to)).toEqual([{ channel: 'sms', phone: '+447400123456' }]);
  });

  it('does nothing, silently, for an unknown name, a pending account or one without a verified contact', async () => {
    // Prepare
    const pending = sessionAccount({ accountId: 'acc-2' as AccountId, nameIndex: 'name-index(grace)', status: 'pending' });
    const unverified = sessionAccount({ accountId: 'acc-3' as AccountId, nameIndex: 'name-index(ida)', emailVerified: false });
    const { request, courier, codeStore } = setUp(memoryAccounts(pending, unverified));

    // Act
    const outcomes = [
      await request({ accountName: name('nobody') }),
      await request({ accountName: name('grace') }),
      await request({ accountName: name('ida') }),
    ];

    // Assess
    expect(outcomes).toEqual([undefined, undefined, undefined]);
    expect(courier.codes).toEqual([]);
    expect(codeStore.codes.size).toBe(0);
  });

  it('answers a throttled request as any other, and sends nothing', async () => {
    // Prepare
    const { request, courier } = setUp();
    await request({ accountName: name('ada.lovelace') });

    // Act
    const again = await request({ accountName: name('ada.lovelace') });

    // Assess
    expect(again).toBeUndefined();
    expect(courier.codes).toHaveLength(1);
  });

  it('swallows a failed send and lifts the cooldown so that the owner may ask again at once', async () => {
    // Prepare
    const { request, codeStore } = setUp(memoryAccounts(sessionAccount()), recordingCourier(true));

    // Act
    const outcome = await request({ accountName: name('ada.lovelace') });

    // Assess
    expect(outcome).toBeUndefined();
    expect([...codeStore.codes.values()][0]?.lastSentAt).toBe(0);
  });
});

describe('Function: confirmPasswordReset', () => {
  it('sets the new password, bumps the token generation, lifts the sign-in lock and tells the owner', async () => {
    // Prepare
    const { request, confirm, accounts, signInThrottle, courier } = setUp();
    await request({ accountName: name('ada.lovelace') });

    // Act
    const answer = await confirm({ accountName: name('ada.lovelace'), code: '123456', newPassword: NEW_PASSWORD });

    // Assess
    expect(answer).toEqual({ status: 'changed' });
    const account = accounts.accounts.get('acc-1' as AccountId);
    expect(account?.passwordHash).toBe(`hash(${NEW_PASSWORD})`);
    expect(account?.tokenGeneration).toBe(1);
    expect(signInThrottle.cleared).toEqual(['name-index(ada.lovelace)']);
    expect(courier.notices).toEqual([[{ channel: 'email', email: 'ada@example.com' }, 'password_changed', 'en']]);
  });

  it('works once: the same code a second time is invalid_code', async () => {
    // Prepare
    const { request, confirm } = setUp();
    await request({ accountName: name('ada.lovelace') });
    await confirm({ accountName: name('ada.lovelace'), code: '123456', newPassword: NEW_PASSWORD });

    // Act
    const again = confirm({ accountName: name('ada.lovelace'), code: '123456', newPassword: `${NEW_PASSWORD} 2` });

    // Assess
    await expect(again).rejects.toBeInstanceOf(InvalidCodeError);
  });

  it('refuses a weak password before trying the code: no try is spent and the code still works', async () => {
    // Prepare
    const { request, confirm, codeStore } = setUp();
    await request({ accountName: name('ada.lovelace') });

    // Act
    const weak = await confirm({ accountName: name('ada.lovelace'), code: '123456', newPassword: 'short' }).catch(
      (error: unknown) => error,
    );
    const tries = [...codeStore.codes.values()][0]?.attempts;
    const strong = await confirm({ accountName: name('ada.lovelace'), code: '123456', newPassword: NEW_PASSWORD });

    // Assess
    expect(weak).toBeInstanceOf(WeakPasswordError);
    expect((weak as WeakPasswordError).details).toEqual([{ field: 'newPassword', issue: expect.any(String) }]);
    expect(tries).toBe(0);
    expect(strong).toEqual({ status: 'changed' });
  });

  it('kills the code after 5 wrong tries, even for the right digits', async () => {
    // Prepare
    const { request, confirm, accounts } = setUp();
    await request({ accountName: name('ada.lovelace') });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await confirm({ accountName: name('ada.lovelace'), code: '999999', newPassword: NEW_PASSWORD }).catch(() => undefined);
    }

    // Act
    const right = confirm({ accountName: name('ada.lovelace'), code: '123456', newPassword: NEW_PASSWORD });

    // Assess
    await expect(right).rejects.toBeInstanceOf(InvalidCodeError);
    expect(accounts.accounts.get('acc-1' as AccountId)?.tokenGeneration).toBe(0);
  });

  it('refuses a code of another purpose for the same account and digits', async () => {
    // Prepare
    const { confirm, codeStore } = setUp();
    codeStore.codes.set('password_reset:name-index(ada.lovelace)', {
      accountId: 'acc-1' as AccountId,
      codeHash: plainCodeHasher.hash('123456', 'registration', 'acc-1' as AccountId),
      expiresAt: new Date('2026-11-25T10:10:00.000Z'),
      attempts: 0,
      lastSentAt: 0,
    });

    // Act
    const outcome = confirm({ accountName: name('ada.lovelace'), code: '123456', newPassword: NEW_PASSWORD });

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(InvalidCodeError);
  });

  it('answers invalid_code for an unknown name, an expired code or one that is not six digits', async () => {
    // Prepare
    const { request, confirm, clock } = setUp();
    await request({ accountName: name('ada.lovelace') });
    clock.advance(600);

    // Act
    const outcomes = await Promise.allSettled([
      confirm({ accountName: name('nobody'), code: '123456', newPassword: NEW_PASSWORD }),
      confirm({ accountName: name('ada.lovelace'), code: '123456', newPassword: NEW_PASSWORD }),
      confirm({ accountName: name('ada.lovelace'), code: '12345', newPassword: NEW_PASSWORD }),
    ]);

    // Assess
    for (const outcome of outcomes) {
      expect(outcome.status === 'rejected' && outcome.reason instanceof InvalidCodeError).toBe(true);
    }
  });
});
