// shared/domain/registration
// functions/confirm → (confirmRegistration) → BlindIndexer, RegistrationStore, CodeHasher
import type { AppSettings } from '../../config/settings.js';
import { InvalidCodeError } from '../errors.js';
import type { BlindIndexer, Clock, CodeHasher } from '../ports.js';
import type { ContactBudget } from '../courier/ports.js';
import type { RegistrationStore } from './ports.js';
import type { AccountName } from '../types.js';
import { isCodeShaped } from './codes.js';

export interface ConfirmRegistrationDeps {
  readonly settings: Pick<AppSettings, 'codes'>;
  readonly indexer: BlindIndexer;
  readonly codes: CodeHasher;
  readonly store: Pick<RegistrationStore, 'countCodeTry' | 'activate' | 'cancelPending'>;
  readonly budget: Pick<ContactBudget, 'takeTry'>;
  readonly clock: Clock;
}

/**
 * Confirms a pending registration with its one-time code; the account becomes active.
 *
 * Primary course:
 * 1. Count the try atomically, before comparing: parallel guesses cannot outrun the limit; count it
 *    against the contact's tries of the day too (`contacts.failedTriesPerDay`).
 * 2. Compare the code's HMAC in constant time.
 * 3. Activate the account and spend the code in one transaction (of two racing confirms, one wins).
 *
 * Alternatives: wrong, expired, spent or superseded code, or unknown name: one answer, 400
 * `invalid_code`. A code is dead after `maxAttemptsPerCode` tries; after `maxFailedAttemptsTotal`
 * tries across codes the pending registration is cancelled and its name and contact are free again.
 * Once the contact used up its tries of the day, every code for it answers `invalid_code`, uncompared.
 * A decoy's code (decoy.ts) never matches, and is counted and cancelled alike.
 */
export const confirmRegistration =
  (deps: ConfirmRegistrationDeps) =>
  async (input: { accountName: AccountName; code: string }): Promise<{ status: 'active' }> => {
    if (!isCodeShaped(input.code)) throw new InvalidCodeError();
    const nameIndex = deps.indexer.index('name', input.accountName);
    const now = deps.clock.now();
    const counted = await deps.store.countCodeTry(nameIndex, now, deps.settings.codes);
    if (counted.outcome === 'no_live_code') throw new InvalidCodeError();
    if (counted.outcome === 'tries_exhausted') {
      await deps.store.cancelPending(nameIndex, counted.attempt);
      throw new InvalidCodeError();
    }
    const { attempt } = counted;
    // The contact's tries of the day, across cancelled and new registrations, before comparing.
    const contactTry =
      attempt.contactIndex === undefined ? undefined : await deps.budget.takeTry(attempt.contactIndex, now);
    if (contactTry?.allowed === false || !deps.codes.verify(input.code, 'registration', attempt.accountId, attempt.codeHash)) {
      if (attempt.triesTotal >= deps.settings.codes.maxFailedAttemptsTotal) {
        await deps.store.cancelPending(nameIndex, attempt);
      }
      throw new InvalidCodeError();
    }
    if (!(await deps.store.activate(nameIndex, attempt, now))) throw new InvalidCodeError();
    return { status: 'active' };
  };
