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
}

export type CreatePendingOutcome =
  | { readonly outcome: 'created' }
  | { readonly outcome: 'name_taken' }
  /** Which contacts already belong to another account (nothing was written). */
  | { readonly outcome: 'contact_taken'; readonly taken: readonly ('email' | 'sms')[] };

/** A code try that was counted; the caller compares the code and then activates or not. */
export interface CountedCodeTry {
  readonly accountId: AccountId;
  readonly codeHash: string;
  /** Tries counted on this registration across all its codes, this one included. */
  readonly triesTotal: number;
  readonly emailIndex?: string;
  readonly phoneIndex?: string;
  readonly channel: 'email' | 'sms';
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
  /** Claims name, email and phone and writes the account and its code in one transaction. */
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
