// shared/domain/owner
// functions/me-delete → (deleteAccount) → authenticate, PasswordHasher, eraseAccount
import { LegalHoldError } from '../errors.js';
import type { OwnerStore } from './ports.js';
import type { ErasureOutcome } from '../privacy/erase-account.js';
import type { AccountId, Password } from '../types.js';
import { loadCaller, type CurrentPasswordCheck, type OwnerRequest } from './caller.js';
import type { IdentifyCaller } from '../session/ports.js';

export interface DeleteAccountDeps {
  readonly authenticate: IdentifyCaller;
  readonly store: Pick<OwnerStore, 'load'>;
  readonly checkPassword: CurrentPasswordCheck;
  /** `eraseAccount(deps)` of shared/domain/privacy/erase-account.ts. */
  readonly erase: (accountId: AccountId, reason: 'owner_request') => Promise<ErasureOutcome>;
}

/**
 * Erases the caller's account at their request (the right to erasure).
 *
 * Primary course:
 * 1. Authenticate the bearer token and load the account; check the current password.
 * 2. Erase it (eraseAccount): the data key is destroyed, the name, email and phone are free again,
 *    codes, throttles and disclosures go, a tombstone without personal data stays for a while. Every
 *    token dies with the account. The owner is told on their verified contact.
 *
 * Alternatives: a missing, bad or revoked token answers 401 `unauthorized`, a wrong password 401
 * `invalid_credentials` (it counts as a failed sign-in; throttled: 429). Under legal hold: 409 `legal_hold`, nothing is deleted, and the request is
 * recorded so that the erasure happens the moment the hold is lifted.
 */
export const deleteAccount =
  (deps: DeleteAccountDeps) =>
  async (input: { currentPassword: Password }, request: OwnerRequest): Promise<{ status: 'erased' }> => {
    const account = await loadCaller(deps.authenticate, deps.store, request.authorization);
    await deps.checkPassword(account, input.currentPassword, request.sourceIp);
    const outcome = await deps.erase(account.accountId, 'owner_request');
    if (outcome === 'held') throw new LegalHoldError();
    // `absent`: a concurrent request erased it first; the owner's wish is met all the same.
    return { status: 'erased' };
  };
