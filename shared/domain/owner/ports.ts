// shared/domain/owner: the ports of the owner's rights (export, profile and contact changes, erasure).
// Implemented by shared/adapters/dynamodb/dynamodb-owner-store.ts; used by shared/domain/owner/* and
// shared/domain/privacy/erase-account.ts (which the retention sweeper and the operators reuse).
import type { SealedField, SealedFields } from '../ports.js';
import type { AccountId, Locale } from '../types.js';

/** Why an account is erased: its owner asked, it was unused too long, or the hold it waited on was lifted. */
export type ErasureReason = 'owner_request' | 'inactivity' | 'hold_lifted';

/** A legal hold placed by an operator. Its texts describe the demand, never the owner's personal data. */
export interface LegalHold {
  readonly active: boolean;
  /** ISO 8601 time the hold was placed. */
  readonly since: string;
  readonly reason: string;
  readonly basis: string;
  readonly reference: string;
}

/** An erasure that waits for a legal hold to be lifted. */
export interface ErasureRequest {
  /** ISO 8601 time of the first request (later requests keep it). */
  readonly requestedAt: string;
  readonly reason: ErasureReason;
}

/** One consent to the privacy policy. */
export interface ConsentRecord {
  readonly policyVersion: string;
  /** ISO 8601. */
  readonly acceptedAt: string;
}

/** The fields of a contact kept on an account, by their sealed-field name. */
export type ContactField = Extract<SealedField, 'email' | 'phone'>;

/** The account item as the owner's rights see it: sealed fields and blind indexes, never plaintext. */
export interface OwnerAccount {
  readonly accountId: AccountId;
  readonly status: 'pending' | 'active';
  readonly wrappedKey: string;
  readonly sealed: SealedFields;
  /** ISO 8601 time each sealed field was collected or last changed. */
  readonly fieldsCollectedAt: Readonly<Partial<Record<SealedField, string>>>;
  readonly passwordHash: string;
  /** Bumped by every password change and reset: tokens of other generations are dead. */
  readonly tokenGeneration: number;
  readonly locale: Locale;
  readonly nameIndex: string;
  readonly emailIndex?: string;
  readonly phoneIndex?: string;
  readonly emailVerified: boolean;
  readonly phoneVerified: boolean;
  readonly consent: readonly ConsentRecord[];
  /** ISO 8601. */
  readonly createdAt: string;
  /** When a pending registration lapses; absent for active accounts. */
  readonly expiresAt?: Date;
  readonly legalHold?: LegalHold;
  readonly erasureRequested?: ErasureRequest;
}

/** A lawful disclosure of an account's data, as the operators recorded it. */
export interface DisclosureRecord {
  /** ISO 8601 date of the disclosure. */
  readonly date: string;
  readonly authority: string;
  readonly legalBasis: string;
  readonly documentReference: string;
  /** Which data items were disclosed (field names such as `email`). */
  readonly items: readonly string[];
  /** False when the law forbids telling the owner: the export then leaves it out. */
  readonly ownerMayBeTold: boolean;
}

/** New sealed values of the owner-editable fields, and the locale. */
export interface ProfileUpdate {
  readonly sealed: Readonly<Partial<Record<'preferences' | 'interests', string>>>;
  readonly locale?: Locale;
  readonly at: Date;
}

/** A verified contact that replaces (or adds) the account's contact of its kind. */
export interface ContactReplacement {
  readonly field: ContactField;
  /** Blind index of the new contact. */
  readonly index: string;
  /** The new contact sealed under the account's data key for `field`. */
  readonly sealed: string;
  /** Index of the contact it replaces, as read; absent when the account had none of this kind. */
  readonly previousIndex?: string;
  readonly at: Date;
}

export type ReplaceContactOutcome =
  | 'changed'
  /** The new contact's guard is held by another account: nothing was written. */
  | 'contact_taken'
  /** The account changed meanwhile (or is no longer active): nothing was written. */
  | 'stale';

/** What is left of an erased account: no personal data, kept for `retention.tombstoneDays`. */
export interface Tombstone {
  readonly erasedAt: Date;
  readonly reason: ErasureReason;
  /** When TTL deletes the tombstone. */
  readonly expiresAt: Date;
}

/**
 * The owner's rights on the account item and what hangs off it. Every change is conditional on the
 * state it was decided on, so a concurrent change answers `stale`/`conflict` instead of being lost.
 */
export interface OwnerStore {
  /** The account (lapsed pending registrations included); undefined when absent or erased. */
  load(accountId: AccountId): Promise<OwnerAccount | undefined>;
  /** Every disclosure recorded for the account, oldest first. */
  listDisclosures(accountId: AccountId): Promise<DisclosureRecord[]>;
  /** Writes new sealed values and the locale of an active account; false when it is not active. */
  updateProfile(accountId: AccountId, update: ProfileUpdate): Promise<boolean>;
  /** The account holding a live guard on the contact, if any. */
  contactHolder(field: ContactField, index: string, now: Date): Promise<AccountId | undefined>;
  /** In one transaction: claims the new guard, releases the old one, updates the account. */
  replaceContact(accountId: AccountId, replacement: ContactReplacement): Promise<ReplaceContactOutcome>;
  /** Records an erasure that waits on the account's active legal hold; false when no hold is active. */
  recordErasureRequest(
    accountId: AccountId,
    request: { readonly requestedAt: Date; readonly reason: ErasureReason },
  ): Promise<boolean>;
  /**
   * In one transaction: replaces the account with its tombstone (the wrapped data key goes with it:
   * crypto-shredding), releases its name, email and phone guards, and deletes its codes, throttles
   * and every item of its partition (disclosures, pending contact change). `conflict` when the account
   * changed since `account` was read, or a legal hold was placed meanwhile: nothing was written.
   */
  erase(account: OwnerAccount, tombstone: Tombstone): Promise<'erased' | 'conflict'>;
  /** Deletes what an interrupted erasure left in the account's partition (the tombstone stays). */
  removeLeftovers(accountId: AccountId): Promise<void>;
}
