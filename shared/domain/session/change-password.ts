// shared/domain/session
// functions/me-password → (changePassword) → authenticate, PasswordPolicy, KeyService, FieldCipher,
// SignInThrottle, IpFailureThrottle, PasswordHasher, AccountStore, TokenService, Courier, SessionFamilyStore
import type { AppSettings } from '../../config/settings.js';
import { UnauthorizedError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { AccountStore, Authenticate, TokenService } from './ports.js';
import type { PasswordPolicy } from '../password/ports.js';
import { checkNewPassword } from './confirm-password-reset.js';
import { checkCredentials, type CredentialCheckDeps } from './credentials.js';
import { notifyPasswordChanged, type NotifyOwnerDeps } from './notify-owner.js';
import { openAccount } from './owner-contact.js';
import { startFamily, type SessionFamilyStore, type StartFamilyDeps, type TokenPair } from './session-families.js';

export interface ChangePasswordDeps extends CredentialCheckDeps, NotifyOwnerDeps, StartFamilyDeps {
  readonly settings: Pick<AppSettings, 'signIn' | 'session'>;
  readonly sessions: Pick<SessionFamilyStore, 'create' | 'revokeAll'>;
  readonly authenticate: Authenticate;
  readonly policy: PasswordPolicy;
  readonly accounts: Pick<AccountStore, 'setPassword'>;
  readonly tokens: TokenService;
  readonly clock: Clock;
}

/**
 * Changes the caller's password.
 *
 * Primary course:
 * 1. Authenticate the bearer token.
 * 2. Check the new password's rules (they need the account name, decrypted with the account's data key).
 * 3. Check the current password under the sign-in throttles: a wrong one counts as a failed sign-in.
 * 4. End every session family (no refresh token works any more), then set the new hash, on condition
 *    that the stored one is still the one checked, and bump the token generation: every earlier access
 *    token, the caller's included, stops working (after the families, so a racing refresh cannot mint one).
 * 5. Tell the owner (no code in that notice); return a token pair of the new generation for the caller's
 *    client, in a new family.
 *
 * Alternatives: a bad token → 401 `unauthorized`; a wrong current password → 401 `invalid_credentials`;
 * throttled → 429; a password changed meanwhile by another request → 401 `unauthorized` (that change
 * revoked this token).
 */
export const changePassword =
  (deps: ChangePasswordDeps) =>
  async (
    input: { currentPassword: string; newPassword: string },
    request: { authorization?: string | undefined; sourceIp: string },
  ): Promise<TokenPair> => {
    const account = await deps.authenticate(request.authorization);
    const { accountName } = await openAccount(deps, account, { accountName: true });
    const password = checkNewPassword(deps.policy, input.newPassword, accountName ?? '');
    const now = deps.clock.now();
    await checkCredentials(deps, {
      nameIndex: account.nameIndex,
      account,
      password: input.currentPassword,
      sourceIp: request.sourceIp,
      now,
    });

    const passwordHash = await deps.hasher.hash(password);
    await deps.sessions.revokeAll(account.accountId, now, 'password');
    const generation = await deps.accounts.setPassword(account.accountId, {
      passwordHash,
      previousHash: account.passwordHash,
      bumpGeneration: true,
      event: { via: 'change', at: now },
    });
    if (generation === undefined) throw new UnauthorizedError();
    await notifyPasswordChanged(deps, account);
    return startFamily(deps, { accountId: account.accountId, generation, clientId: account.clientId });
  };
