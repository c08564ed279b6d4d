// shared/domain/registration: the ports of registration (register, confirm, resend): the pending
// registration, its code and its throttle. Implemented by
// shared/adapters/dynamodb/dynamodb-registration-store.ts.
import type { CodeLimits } from '../codes/ports.js';
import type { SealedFields } from '../ports.js';
import type { AccountId, Locale } from '../types.js';

/** A registration that waits for its code, ready to be written: no plaintext personal data. */
export interface PendingRegistration {
  readonly accountId: AccountId;
  readonly nameIndex: string;
  readonly emailIndex?: string;
  readonly phoneIndex?: string;
  readonly wrappedKey: string;
  readonly sealed: SealedFields;
  readonly passwordHash: string;
  readonly channel: 'email' | 'sms';
  readonly locale: Locale;
  readonly consent: { readonly policyVersion: string; readonly acceptedAt: Date };
  readonly createdAt: Date;
  /** When the unconfirmed registration lapses and frees its name and contact. */
  readonly expiresAt: Date;
  readonly code: { readonly hash: string; readonly expiresAt: Date };
  /**
   * The code hash a decoy gets instead (see decoy.ts: random, so that no code ever matches it).
   */
  readonly decoyCodeHash: string;
  /**
   * The blind index a decoy keeps for the channel's contact: the contact's index under a domain of its
   * own (decoy.ts), not the index of the owner's account, so that nothing a decoy leaves (for at most
   * the pending period) matches the owner's items, also after the owner's erasure.
   */
  readonly decoyContactIndex: string;
}

/**
 * What a registration became. A contact counts as taken only when an active account verified it; one held
 * unverified (by a pending registration, or as an active account's unverified second contact) is taken
 * over in the same transaction.
 */
export type CreatePendingOutcome =
  /** Written; `taken` lists the registration's other contacts that an active account verified (left out). */
  | { readonly outcome: 'created'; readonly taken?: readonly ('email' | 'sms')[] }
  | { readonly outcome: 'name_taken' }
  /**
   * The channel's contact belongs to another account: only a decoy holds the name (a name guard and a
   * code that never matches, no account, no personal data). `taken` lists every verified contact.
   */
  | { readonly outcome: 'decoy'; readonly taken: readonly ('email' | 'sms')[] };

/** A code try that was counted; the caller compares the code and then activates or not. */
export interface CountedCodeTry {
  readonly accountId: AccountId;
  readonly codeHash: string;
  /** Tries counted on this registration across all its codes, this one included. */
  readonly triesTotal: number;
  readonly emailIndex?: string;
  readonly phoneIndex?: string;
  readonly channel: 'email' | 'sms';
  /** The blind index of the contact the code went to (or, for a decoy, would have). */
  readonly contactIndex?: string;
}

export type CountTryOutcome =
  | { readonly outcome: 'counted'; readonly attempt: CountedCodeTry }
  /** No live code: unknown name, expired, spent, or this code is out of tries. */
  | { readonly outcome: 'no_live_code' }
  /** The registration used up its tries across codes; it must be cancelled. */
  | { readonly outcome: 'tries_exhausted'; readonly attempt: CountedCodeTry };

export type RenewCodeOutcome =
  | {
      readonly outcome: 'renewed';
      readonly accountId: AccountId;
      readonly channel: 'email' | 'sms';
      readonly codeHash: string;
      /** A decoy's code: nothing to send, but the would-be send counts against `contactIndex`'s budget. */
      readonly decoy?: boolean;
      readonly contactIndex?: string;
    }
  | { readonly outcome: 'no_pending' }
  | { readonly outcome: 'throttled'; readonly retryAfterSeconds: number };

/** A stored account, as the use cases see it: sealed fields and indexes, never plaintext. */
export interface StoredAccount {
  readonly accountId: AccountId;
  readonly status: 'pending' | 'active';
  readonly wrappedKey: string;
  readonly sealed: SealedFields;
  readonly locale: Locale;
  readonly nameIndex: string;
  readonly emailIndex?: string;
  readonly phoneIndex?: string;
  readonly createdAt: string;
}

/**
 * Pending registrations and their codes. Every uniqueness claim and every counter is a conditional
 * write or a transaction: never read-then-write.
 */
export interface RegistrationStore {
  /**
   * Claims name, email and phone and writes the account and its code in one transaction; takes over a
   * contact held unverified (cancelling a pending holder, or removing it from an active account); writes a
   * decoy when the channel's contact is verified by another account.
   */
  createPending(registration: PendingRegistration): Promise<CreatePendingOutcome>;
  /** Counts one try on the live registration code of a name, before any comparison. */
  countCodeTry(nameIndex: string, now: Date, limits: CodeLimits): Promise<CountTryOutcome>;
  /** Activates the account and spends the code; false when the code was spent or superseded meanwhile. */
  activate(nameIndex: string, attempt: CountedCodeTry, now: Date): Promise<boolean>;
  /** Cancels a pending registration: account, guards and code go; the name and contact are free again. */
  cancelPending(nameIndex: string, attempt: CountedCodeTry): Promise<void>;
  /** Replaces the code of a pending registration if the throttle allows a resend now. */
  renewCode(
    nameIndex: string,
    code: { readonly hashFor: (accountId: AccountId) => string; readonly expiresAt: Date },
    now: Date,
    limits: CodeLimits,
  ): Promise<RenewCodeOutcome>;
  /** Undoes the cooldown of a send that failed, so that the user may resend at once. */
  releaseCooldown(nameIndex: string, codeHash: string): Promise<void>;
  getAccount(accountId: AccountId): Promise<StoredAccount | undefined>;
}
