// test/unit/domain/registration: resendCode's branches, with fakes of the domain's ports.
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../../shared/config/settings.js';
import { RateLimitedError } from '../../../../shared/domain/errors.js';
import type {
  RenewCodeOutcome,
  StoredAccount,
} from '../../../../shared/domain/registration/ports.js';
import { resendCode, type ResendCodeDeps } from '../../../../shared/domain/registration/resend-code.js';
import type { AccountId, AccountName } from '../../../../shared/domain/types.js';
import {
  fakeKeys,
  fixedClock,
  plainCodeHasher,
  plainIndexer,
  recordingCourier,
  scriptedRandom,
  taggingCipher,
} from '../../../helpers/fakes.js';

const settings = parseAppSettings({ email: { fromAddress: 'no-reply@signet.test' } });
const accountId = 'acc-7' as AccountId;

const account: StoredAccount = {
  accountId,
  status: 'pending',
  wrappedKey: 'wrapped:acc-7',
  sealed: { phone: `sealed(${accountId}:phone:+8613800138000)` },
  locale: 'zh-CN',
  nameIndex: 'name-index(li.lei)',
  createdAt: '2026-11-25T09:00:00.000Z',
};

const build = (renewed: RenewCodeOutcome, courierFails = false) => {
  const hashes: string[] = [];
  const released: string[] = [];
  const store: ResendCodeDeps['store'] = {
    renewCode: async (_name: string, code: { hashFor: (id: AccountId) => string }) => {
      hashes.push(code.hashFor(accountId));
      return renewed;
    },
    getAccount: async () => account,
    releaseCooldown: async (_name: string, hash: string) => {
      released.push(hash);
    },
  };
  const courier = recordingCourier(courierFails);
  const resend = resendCode({
    settings,
    indexer: plainIndexer,
    codes: plainCodeHasher,
    store,
    keys: fakeKeys(),
    cipher: taggingCipher,
    courier,
    clock: fixedClock(),
    random: scriptedRandom('271828'),
  });
  return { resend, courier, hashes, released };
};

describe('Function: resendCode', () => {
  it('sends the new code to the decrypted contact by the registration channel, in its locale', async () => {
    // Prepare
    const { resend, courier, hashes } = build({ outcome: 'renewed', accountId, channel: 'sms', codeHash: 'h' });

    // Act
    await resend({ accountName: 'li.lei' as AccountName });

    // Assess
    expect(hashes).toEqual(['registration:acc-7:271828']);
    expect(courier.codes).toEqual([
      [{ channel: 'sms', phone: '+8613800138000' }, { purpose: 'registration', code: '271828', expiresInMinutes: 10, accountName: 'li.lei' }, 'zh-CN'],
    ]);
  });

  it('does nothing, silently, for a name with no pending registration', async () => {
    // Prepare
    const { resend, courier } = build({ outcome: 'no_pending' });

    // Act
    await resend({ accountName: 'nobody' as AccountName });

    // Assess
    expect(courier.codes).toHaveLength(0);
  });

  it('throws RateLimitedError carrying the wait when throttled', async () => {
    // Prepare
    const { resend } = build({ outcome: 'throttled', retryAfterSeconds: 42 });

    // Act
    const result = resend({ accountName: 'li.lei' as AccountName });

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'rate_limited', statusCode: 429, retryAfterSeconds: 42 });
    await expect(result).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('lifts the cooldown when the new code could not be sent', async () => {
    // Prepare
    const { resend, released } = build({ outcome: 'renewed', accountId, channel: 'sms', codeHash: 'h-new' }, true);

    // Act
    const result = resend({ accountName: 'li.lei' as AccountName });

    // Assess
    await expect(result).rejects.toThrow('provider down');
    expect(released).toEqual(['h-new']);
  });

  it("sends nothing for a decoy, but takes the would-be send's slot of the contact's budget", async () => {
    // Prepare
    const { resend, courier } = build({
      outcome: 'renewed',
      accountId,
      channel: 'email',
      codeHash: 'h',
      decoy: true,
      contactIndex: 'email-index(owner)',
    });

    // Act
    await resend({ accountName: 'li.lei' as AccountName });

    // Assess
    expect(courier.codes).toEqual([]);
    expect(courier.spent).toEqual(['email-index(owner)']);
  });

  it("answers 429 with the budget's Retry-After when the contact's message budget is used up", async () => {
    // Prepare
    const { resend, courier } = build({ outcome: 'renewed', accountId, channel: 'sms', codeHash: 'h' });
    courier.sendCode = async () => ({ sent: false, retryAfterSeconds: 1234 });

    // Act
    const result = resend({ accountName: 'li.lei' as AccountName });

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1234 });
  });
});
