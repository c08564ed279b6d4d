// test/unit/domain/session: the forgotten-password flow with fakes: where the code goes, what stays
// silent (a reset id of one shape for every name), and the code rules of the confirmation (bound to purpose
// and reset id, counted per reset, single use; a weak password costs nothing), then what a reset changes:
// the hash, the token generation, the lock, the owner's notice.
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../../shared/config/settings.js';
import { InvalidCodeError, WeakPasswordError } from '../../../../shared/domain/errors.js';
import type { PasswordPolicy } from '../../../../shared/domain/password/ports.js';
import { confirmPasswordReset } from '../../../../shared/domain/session/confirm-password-reset.js';
import { RESET_ANSWER_FLOOR_MS, requestPasswordReset } from '../../../../shared/domain/session/request-password-reset.js';
import type { AccountId, AccountName } from '../../../../shared/domain/types.js';
import { fakeKeys, fixedClock, plainCodeHasher, plainIndexer, recordingCourier, scriptedRandom, taggingCipher } from '../../../helpers/fakes.js';
import { memoryCodeStore } from '../../../helpers/owner-fakes.js';
import { memoryAccounts, memorySessions, memorySignInThrottle, sessionAccount, tellingHasher } from '../../../helpers/session-fakes.js';

const settings = parseAppSettings({ email: { fromAddress: 'no-reply@signet.local' } });
const name = (value: string) => value as AccountName;
const NEW_PASSWORD = 'amber violin harbour quartz';
const silentLogger = { warn: () => undefined };
const CLIENT = { sourceIp: '203.0.113.7' };
const RESET_ID = /^[A-Za-z0-9_-]{22}$/;

/** Refuses passwords shorter than 15 characters, like the real policy's first rule. */
const lengthPolicy: PasswordPolicy = {
  check: (password) => {
    if ([...password].length < 15) throw new WeakPasswordError('The password must be at least 15 characters long.');
    return password;
  },
};

const setUp = (accounts = memoryAccounts(sessionAccount()), courier = recordingCourier()) => {
  const clock = fixedClock();
  const waits: number[] = [];
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
    wait: async (milliseconds) => {
      waits.push(milliseconds);
    },
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
  return { accounts, codeStore, signInThrottle, hasher, courier, clock, request, confirm, waits };
};

describe('Function: requestPasswordReset', () => {
  it("sends a password_reset code to the account's verified email", async () => {
    // Prepare
    const { request, courier } = setUp();

    // Act
    const answer = await request({ accountName: name('ada.lovelace') });

    // Assess
    expect(answer).toEqual({ status: 'accepted', resetId: expect.stringMatching(RESET_ID) });
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

  it('does nothing, silently, for an unknown name, a pending account or one without a verified contact, and still answers a fresh reset id', async () => {
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
    for (const outcome of outcomes) expect(outcome).toEqual({ status: 'accepted', resetId: expect.stringMatching(RESET_ID) });
    expect(new Set(outcomes.map((outcome) => outcome.resetId)).size).toBe(3);
    expect(courier.codes).toEqual([]);
    expect(codeStore.codes.size).toBe(0);
  });

  it('answers a known and an unknown name no sooner than the floor', async () => {
    // Prepare
    const { request, waits } = setUp();

    // Act
    await request({ accountName: name('ada.lovelace') });
    await request({ accountName: name('nobody') });

    // Assess: the fixed clock stands still, so each waits the whole floor.
    expect(waits).toEqual([RESET_ANSWER_FLOOR_MS, RESET_ANSWER_FLOOR_MS]);
  });

  it('answers a throttled request as any other, and sends nothing', async () => {
    // Prepare
    const { request, courier } = setUp();
    await request({ accountName: name('ada.lovelace') });

    // Act
    const again = await request({ accountName: name('ada.lovelace') });

    // Assess
    expect(again).toEqual({ status: 'accepted', resetId: expect.stringMatching(RESET_ID) });
    expect(courier.codes).toHaveLength(1);
  });

  it('swallows a failed send, drops its code and lifts the cooldown so that the owner may ask again at once', async () => {
    // Prepare
    const courier = recordingCourier(true);
    const { request, codeStore } = setUp(memoryAccounts(sessionAccount()), courier);

    // Act
    const outcome = await request({ accountName: name('ada.lovelace') });
    const again = await request({ accountName: name('ada.lovelace') });

    // Assess
    expect(outcome).toEqual({ status: 'accepted', resetId: expect.stringMatching(RESET_ID) });
    // The second request was not held back by a cooldown: it drew a code (and its send failed too).
    expect(again.resetId).not.toBe(outcome.resetId);
    expect(courier.codes).toHaveLength(0);
    expect(codeStore.codes.size).toBe(0);
  });
});

describe('Function: confirmPasswordReset', () => {
  it('sets the new password, bumps the token generation, lifts the sign-in lock and tells the owner', async () => {
    // Prepare
    const { request, confirm, accounts, signInThrottle, courier } = setUp();
    const { resetId } = await request({ accountName: name('ada.lovelace') });

    // Act
    const answer = await confirm({ accountName: name('ada.lovelace'), resetId, code: '123456', newPassword: NEW_PASSWORD }, CLIENT);

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
    const { resetId } = await request({ accountName: name('ada.lovelace') });
    await confirm({ accountName: name('ada.lovelace'), resetId, code: '123456', newPassword: NEW_PASSWORD }, CLIENT);

    // Act
    const again = confirm({ accountName: name('ada.lovelace'), resetId, code: '123456', newPassword: `${NEW_PASSWORD} 2` }, CLIENT);

    // Assess
    await expect(again).rejects.toBeInstanceOf(InvalidCodeError);
  });

  it('refuses a weak password before trying the code: no try is spent and the code still works', async () => {
    // Prepare
    const { request, confirm, codeStore } = setUp();
    const { resetId } = await request({ accountName: name('ada.lovelace') });

    // Act
    const weak = await confirm({ accountName: name('ada.lovelace'), resetId, code: '123456', newPassword: 'short' }, CLIENT).catch(
      (error: unknown) => error,
    );
    const tries = [...codeStore.codes.values()][0]?.attempts;
    const strong = await confirm({ accountName: name('ada.lovelace'), resetId, code: '123456', newPassword: NEW_PASSWORD }, CLIENT);

    // Assess
    expect(weak).toBeInstanceOf(WeakPasswordError);
    expect((weak as WeakPasswordError).details).toEqual([{ field: 'newPassword', issue: expect.any(String) }]);
    expect(tries).toBe(0);
    expect(strong).toEqual({ status: 'changed' });
  });

  it('kills the code after 5 wrong tries, even for the right digits', async () => {
    // Prepare
    const { request, confirm, accounts } = setUp();
    const { resetId } = await request({ accountName: name('ada.lovelace') });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await confirm({ accountName: name('ada.lovelace'), resetId, code: '999999', newPassword: NEW_PASSWORD }, CLIENT).catch(() => undefined);
    }

    // Act
    const right = confirm({ accountName: name('ada.lovelace'), resetId, code: '123456', newPassword: NEW_PASSWORD }, CLIENT);

    // Assess
    await expect(right).rejects.toBeInstanceOf(InvalidCodeError);
    expect(accounts.accounts.get('acc-1' as AccountId)?.tokenGeneration).toBe(0);
  });

  it("leaves the owner's code its tries whatever another reset's wrong codes did, and refuses a code under another reset id", async () => {
    // Prepare: the attacker's reset first, then the owner's, a cooldown later.
    const { request, confirm, clock } = setUp();
    const attacker = await request({ accountName: name('ada.lovelace') });
    clock.advance(61);
    const owner = await request({ accountName: name('ada.lovelace') });
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await confirm({ accountName: name('ada.lovelace'), resetId: attacker.resetId, code: '999999', newPassword: NEW_PASSWORD }, CLIENT).catch(() => undefined);
    }

    // Act: the owner's code (234567) under the attacker's id, then under the owner's.
    const crossed = await confirm(
      { accountName: name('ada.lovelace'), resetId: attacker.resetId, code: '234567', newPassword: NEW_PASSWORD },
      CLIENT,
    ).catch((error: unknown) => error);
    const answer = await confirm({ accountName: name('ada.lovelace'), resetId: owner.resetId, code: '234567', newPassword: NEW_PASSWORD }, CLIENT);

    // Assess
    expect(crossed).toBeInstanceOf(InvalidCodeError);
    expect(answer).toEqual({ status: 'changed' });
  });

  it('refuses a code of another purpose for the same account and digits', async () => {
    // Prepare
    const { confirm, codeStore } = setUp();
    const resetId = 'AQEBAQEBAQEBAQEBAQEBAQ';
    codeStore.codes.set(`password_reset:name-index(ada.lovelace):reset-index(${resetId})`, {
      accountId: 'acc-1' as AccountId,
      codeHash: plainCodeHasher.hash('123456', 'registration', 'acc-1' as AccountId, resetId),
      expiresAt: new Date('2026-11-25T10:10:00.000Z'),
      attempts: 0,
      lastSentAt: 0,
    });

    // Act
    const outcome = confirm({ accountName: name('ada.lovelace'), resetId, code: '123456', newPassword: NEW_PASSWORD }, CLIENT);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(InvalidCodeError);
  });

  it('answers invalid_code for an unknown name, an expired code or one that is not six digits', async () => {
    // Prepare
    const { request, confirm, clock } = setUp();
    const { resetId } = await request({ accountName: name('ada.lovelace') });
    clock.advance(600);

    // Act
    const outcomes = await Promise.allSettled([
      confirm({ accountName: name('nobody'), resetId, code: '123456', newPassword: NEW_PASSWORD }, CLIENT),
      confirm({ accountName: name('ada.lovelace'), resetId, code: '123456', newPassword: NEW_PASSWORD }, CLIENT),
      confirm({ accountName: name('ada.lovelace'), resetId, code: '12345', newPassword: NEW_PASSWORD }, CLIENT),
    ]);

    // Assess
    for (const outcome of outcomes) {
      expect(outcome.status === 'rejected' && outcome.reason instanceof InvalidCodeError).toBe(true);
    }
  });
});
