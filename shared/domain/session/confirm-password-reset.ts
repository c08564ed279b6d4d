// shared/domain/session
// functions/password-resets-confirm → (confirmPasswordReset) → PasswordPolicy, BlindIndexer, CodeStore,
// CodeHasher, PasswordHasher, AccountStore, SignInThrottle, Courier
import type { AppSettings } from '../../config/settings.js';
import { InvalidCodeError, WeakPasswordError } from '../errors.js';
import type { CodeSlot, CodeStore } from '../codes/ports.js';
import type { BlindIndexer, Clock, CodeHasher, PasswordHasher } from '../ports.js';
import type { AccountStore, SignInThrottle } from './ports.js';
import type { SessionFamilyStore } from './session-families.js';
import { isCodeShaped } from '../registration/codes.js';
import type { PasswordPolicy } from '../password/ports.js';
import type { AccountName } from '../types.js';
import { notifyPasswordChanged, type NotifyOwnerDeps } from './notify-owner.js';

export interface ConfirmPasswordResetDeps extends NotifyOwnerDeps {
  readonly settings: Pick<AppSettings, 'codes'>;
  readonly policy: PasswordPolicy;
  readonly hasher: PasswordHasher;
  readonly indexer: BlindIndexer;
  readonly codes: CodeHasher;
  readonly codeStore: Pick<CodeStore, 'countTry' | 'spend'>;
  readonly accounts: Pick<AccountStore, 'getById' | 'setPassword'>;
  readonly signInThrottle: Pick<SignInThrottle, 'clearLock'>;
  readonly sessions: Pick<SessionFamilyStore, 'revokeAll'>;
  readonly clock: Clock;
}

/** Applies the password rules, naming the `newPassword` field when they fail. */
export const checkNewPassword = (policy: PasswordPolicy, password: string, accountName: string): string => {
  try {
    return policy.check(password, accountName);
  } catch (error) {
    if (error instanceof WeakPasswordError) throw new WeakPasswordError(error.message, 'newPassword');
    throw error;
  }
};

/** What POST /v1/password-resets/confirm takes. */
export interface PasswordResetConfirmation {
  readonly accountName: AccountName;
  /** The id POST /v1/password-resets answered with: the code is bound to it. */
  readonly resetId: string;
  readonly code: string;
  readonly newPassword: string;
}

/**
 * Sets a new password with a reset code and the id of the request that asked for it.
 *
 * Primary course:
 * 1. Check the password rules first: a weak password neither spends the code nor counts as a try.
 * 2. Count the try on that reset's live code atomically, before comparing: tries on one reset's code
 *    never touch another's, so another client's wrong codes leave the owner's code its tries.
 * 3. Compare the code's HMAC (bound to `password_reset`, the account and the reset id) in constant time.
 * 4. Hash the new password; spend the code (a conditional delete: of two racing confirms, one wins).
 * 5. End every session family, then set the hash and bump the token generation: every token issued
 *    before, access or refresh, stops working.
 * 6. Lift the sign-in lock and the confirming client's back-off (every other client's stays its own); tell
 *    the owner (no code in that notice).
 *
 * Alternatives: a wrong, expired, spent or foreign code (a registration code included), a reset id that
 * asked for no code of this name, or an unknown name: 400 `invalid_code`, one answer. A code is dead
 * after `maxAttemptsPerCode` tries.
 */
export const confirmPasswordReset =
  (deps: ConfirmPasswordResetDeps) =>
  async (input: PasswordResetConfirmation, client: { sourceIp: string }): Promise<{ status: 'changed' }> => {
    const password = checkNewPassword(deps.policy, input.newPassword, input.accountName);
    if (!isCodeShaped(input.code)) throw new InvalidCodeError();
    const now = deps.clock.now();
    const nameIndex = deps.indexer.index('name', input.accountName);
    const slot: CodeSlot = { purpose: 'password_reset', nameIndex, resetIndex: deps.indexer.index('reset', input.resetId) };
    const counted = await deps.codeStore.countTry(slot, now, deps.settings.codes.maxAttemptsPerCode);
    if (counted.outcome === 'no_live_code') throw new InvalidCodeError();
    const { code } = counted;
    if (!deps.codes.verify(input.code, 'password_reset', code.accountId, code.codeHash, input.resetId)) {
      throw new InvalidCodeError();
    }

    const passwordHash = await deps.hasher.hash(password);
    if (!(await deps.codeStore.spend(slot, code.codeHash))) throw new InvalidCodeError();
    await deps.sessions.revokeAll(code.accountId, now, 'password');
    const generation = await deps.accounts.setPassword(code.accountId, {
      passwordHash,
      bumpGeneration: true,
      event: { via: 'reset', at: now },
    });
    // The account was erased (or is no longer active) since the code was sent.
    if (generation === undefined) throw new InvalidCodeError();
    // The confirming client proved control of the account: its own back-off goes with the lock.
    await deps.signInThrottle.clearLock(nameIndex, deps.indexer.index('ip', client.sourceIp));

    const account = await deps.accounts.getById(code.accountId);
    if (account !== undefined) await notifyPasswordChanged(deps, account);
    return { status: 'changed' };
  };
