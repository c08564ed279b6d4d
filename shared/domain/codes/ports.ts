// shared/domain/codes: the one-time codes other than registration's (password reset, contact change)
// and the code limits every code store enforces. Implemented by
// shared/adapters/dynamodb/dynamodb-code-store.ts; used by shared/domain/session (password reset) and
// shared/domain/owner (contact change).
import type { AccountId } from '../types.js';

/** Limits the store enforces atomically (from AppSettings.codes). */
export interface CodeLimits {
  readonly maxAttemptsPerCode: number;
  readonly maxFailedAttemptsTotal: number;
  readonly resendCooldownSeconds: number;
  readonly resendMaxPerHour: number;
}

/**
 * Where a one-time code lives: beside the name for a password reset (one slot per reset request, by the
 * blind index of its reset id; the sends are counted per name), in the account for a contact change.
 */
export type CodeSlot =
  | { readonly purpose: 'password_reset'; readonly nameIndex: string; readonly resetIndex: string }
  | { readonly purpose: 'contact_change'; readonly accountId: AccountId };

/**
 * Extra attributes kept with a code, such as a sealed pending contact, its blind index and channel.
 * Sealed values and indexes only: never plaintext personal data.
 */
export type CodePayload = Readonly<Record<string, string>>;

/** A new code for a slot, hashed with CodeHasher.hash(code, slot.purpose, accountId). */
export interface NewCode {
  readonly accountId: AccountId;
  readonly codeHash: string;
  readonly expiresAt: Date;
  readonly payload?: CodePayload;
}

/** A live code whose try was counted; the caller compares `codeHash` and then spends it or not. */
export interface CountedCode {
  readonly accountId: AccountId;
  readonly codeHash: string;
  readonly expiresAt: Date;
  /** Tries on this code, this one included. */
  readonly attempts: number;
  readonly payload?: CodePayload;
}

export type IssueCodeOutcome =
  | { readonly outcome: 'issued' }
  /** Sent too recently, or too often this hour: nothing was written. */
  | { readonly outcome: 'throttled'; readonly retryAfterSeconds: number };

export type CountCodeTryOutcome =
  | { readonly outcome: 'counted'; readonly code: CountedCode }
  /** No live code: none issued, expired, spent, or out of tries. */
  | { readonly outcome: 'no_live_code' };

/**
 * One-time codes other than registration's (password reset, contact change). HMAC-stored; a try is
 * counted atomically before any comparison; spending is a conditional delete on the compared hash.
 */
export interface CodeStore {
  /** Replaces the slot's code (and its tries) if the send throttle allows: a cooldown, and sends per hour. */
  issue(
    slot: CodeSlot,
    code: NewCode,
    now: Date,
    limits: Pick<CodeLimits, 'resendCooldownSeconds' | 'resendMaxPerHour'>,
  ): Promise<IssueCodeOutcome>;
  /** Counts one try on the slot's live code, before any comparison. */
  countTry(slot: CodeSlot, now: Date, maxAttemptsPerCode: number): Promise<CountCodeTryOutcome>;
  /** Spends the code that was compared; false when it was spent or superseded meanwhile. */
  spend(slot: CodeSlot, codeHash: string): Promise<boolean>;
  /** Undoes the cooldown of a send that failed, so that the user may ask again at once. */
  releaseCooldown(slot: CodeSlot, codeHash: string): Promise<void>;
}
