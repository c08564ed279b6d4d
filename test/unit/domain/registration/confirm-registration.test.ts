// test/unit/domain/registration: confirmRegistration's branches, with fakes of the domain's ports.
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../../shared/config/settings.js';
import { InvalidCodeError } from '../../../../shared/domain/errors.js';
import type {
  CountedCodeTry,
  CountTryOutcome,
} from '../../../../shared/domain/registration/ports.js';
import { confirmRegistration, type ConfirmRegistrationDeps } from '../../../../shared/domain/registration/confirm-registration.js';
import type { AccountId, AccountName } from '../../../../shared/domain/types.js';
import { countingBudget, fixedClock, plainCodeHasher, plainIndexer } from '../../../helpers/fakes.js';

const settings = parseAppSettings({ email: { fromAddress: 'no-reply@signet.test' } });
const accountName = 'grace.hopper' as AccountName;

const attempt = (triesTotal: number): CountedCodeTry => ({
  accountId: 'acc-1' as AccountId,
  codeHash: 'registration:acc-1:314159',
  triesTotal,
  channel: 'email',
  emailIndex: 'email-index(grace@example.com)',
  contactIndex: 'email-index(grace@example.com)',
});

const build = (counted: CountTryOutcome, activates = true, budget = countingBudget()) => {
  const calls = { counted: 0, activated: 0, cancelled: 0 };
  const store: ConfirmRegistrationDeps['store'] = {
    countCodeTry: async () => {
      calls.counted += 1;
      return counted;
    },
    activate: async () => {
      calls.activated += 1;
      return activates;
    },
    cancelPending: async () => {
      calls.cancelled += 1;
    },
  };
  const confirm = confirmRegistration({
    settings,
    indexer: plainIndexer,
    codes: plainCodeHasher,
    store,
    budget,
    clock: fixedClock(),
  });
  return { confirm, calls, budget };
};

describe('Function: confirmRegistration', () => {
  it('activates the account for the right code', async () => {
    // Prepare
    const { confirm, calls } = build({ outcome: 'counted', attempt: attempt(1) });

    // Act
    const result = await confirm({ accountName, code: '314159' });

    // Assess
    expect(result).toEqual({ status: 'active' });
    expect(calls).toEqual({ counted: 1, activated: 1, cancelled: 0 });
  });

  it('answers invalid_code without counting a try for something that cannot be a code', async () => {
    // Prepare
    const { confirm, calls } = build({ outcome: 'counted', attempt: attempt(1) });

    // Act
    const results = await Promise.allSettled(['31415', '3141592', 'abcdef', ''].map((code) => confirm({ accountName, code })));

    // Assess
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof InvalidCodeError)).toBe(true);
    expect(calls.counted).toBe(0);
  });

  it('cancels the pending registration on the wrong code that uses up the last try across codes', async () => {
    // Prepare
    const { confirm, calls } = build({ outcome: 'counted', attempt: attempt(settings.codes.maxFailedAttemptsTotal) });

    // Act
    const result = confirm({ accountName, code: '000000' });

    // Assess
    await expect(result).rejects.toBeInstanceOf(InvalidCodeError);
    expect(calls.cancelled).toBe(1);
    expect(calls.activated).toBe(0);
  });

  it('keeps the registration after a wrong code while tries remain', async () => {
    // Prepare
    const { confirm, calls } = build({ outcome: 'counted', attempt: attempt(3) });

    // Act
    const result = confirm({ accountName, code: '000000' });

    // Assess
    await expect(result).rejects.toBeInstanceOf(InvalidCodeError);
    expect(calls.cancelled).toBe(0);
  });

  it('cancels a registration whose tries are exhausted, even for the right code', async () => {
    // Prepare
    const { confirm, calls } = build({ outcome: 'tries_exhausted', attempt: attempt(10) });

    // Act
    const result = confirm({ accountName, code: '314159' });

    // Assess
    await expect(result).rejects.toBeInstanceOf(InvalidCodeError);
    expect(calls).toEqual({ counted: 1, activated: 0, cancelled: 1 });
  });

  it('answers invalid_code when a parallel confirm spent the code first', async () => {
    // Prepare
    const { confirm } = build({ outcome: 'counted', attempt: attempt(2) }, false);

    // Act
    const result = confirm({ accountName, code: '314159' });

    // Assess
    await expect(result).rejects.toBeInstanceOf(InvalidCodeError);
  });

  it("counts each try against the contact's day, and answers invalid_code uncompared once it is used up", async () => {
    // Prepare: the contact's budget has no try left (other registrations of it failed today).
    const { confirm, calls, budget } = build({ outcome: 'counted', attempt: attempt(1) }, true, countingBudget(0));

    // Act: even the right code.
    const result = confirm({ accountName, code: '314159' });

    // Assess
    await expect(result).rejects.toBeInstanceOf(InvalidCodeError);
    expect(calls.activated).toBe(0);
    expect(budget.tries).toEqual([]);
  });

  it('takes one try of the contact for each counted try', async () => {
    // Prepare
    const { confirm, budget } = build({ outcome: 'counted', attempt: attempt(1) });

    // Act
    await confirm({ accountName, code: '314159' });

    // Assess
    expect(budget.tries).toEqual(['email-index(grace@example.com)']);
  });
});
