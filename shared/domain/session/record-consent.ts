// shared/domain/session
// functions/me-consent → (recordConsent) → authenticate, AccountStore
import type { AppSettings } from '../../config/settings.js';
import { InvalidRequestError, UnauthorizedError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { AccountStore, Authenticate } from './ports.js';

export interface RecordConsentDeps {
  readonly settings: Pick<AppSettings, 'privacyPolicyVersion'>;
  readonly authenticate: Authenticate;
  readonly accounts: Pick<AccountStore, 'recordConsent'>;
  readonly clock: Clock;
}

/**
 * Records the caller's consent to the privacy policy in force.
 *
 * Primary course:
 * 1. Authenticate the bearer token.
 * 2. The version must be the one in force (stage config): one cannot consent to another.
 * 3. Append `{policyVersion, acceptedAt}` to the account's consents; nothing else changes.
 *
 * Alternatives: a bad token → 401 `unauthorized`; another version → 400 `invalid_request` naming
 * `policyVersion`.
 */
export const recordConsent =
  (deps: RecordConsentDeps) =>
  async (input: { policyVersion: string }, request: { authorization?: string | undefined }): Promise<{ status: 'recorded' }> => {
    const account = await deps.authenticate(request.authorization);
    if (input.policyVersion !== deps.settings.privacyPolicyVersion) {
      throw new InvalidRequestError('The request body is invalid; see details.', [
        { field: 'policyVersion', issue: 'must be the version of the privacy policy in force' },
      ]);
    }
    const recorded = await deps.accounts.recordConsent(account.accountId, {
      policyVersion: input.policyVersion,
      acceptedAt: deps.clock.now(),
    });
    if (!recorded) throw new UnauthorizedError();
    return { status: 'recorded' };
  };
