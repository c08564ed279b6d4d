// shared/domain: what the use cases need from the outside world, as small role interfaces.
// No AWS types here: adapters under shared/adapters implement these; tests pass fakes or
// adapters bound to the local servers. shared/adapters/container.ts wires them once per container.
import type { AccountId, CodePurpose, Contact, Locale, PhoneNumber, EmailAddress } from './types.js';

/** The time. Injected so that expiry and throttling are testable. */
export interface Clock {
  now(): Date;
}

/** A cryptographically secure source of randomness (node:crypto in production). */
export interface Random {
  /** `length` random bytes. */
  bytes(length: number): Uint8Array;
  /** A uniformly random string of `digits` decimal digits (no modulo bias). */
  digits(digits: number): string;
}

/** argon2id behind a small interface; the encoded hash carries its own parameters. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(encodedHash: string, password: string): Promise<boolean>;
  /** Whether the hash was made with parameters other than the configured ones. */
  needsRehash(encodedHash: string): boolean;
}

/** A per-account data key: plaintext for use in this request only, wrapped for storage. */
export interface DataKey {
  readonly plaintext: Uint8Array;
  /** Opaque, self-describing wrapped form (base64); safe to store beside the data. */
  readonly wrapped: string;
}

/**
 * Wraps and unwraps per-account data keys: AWS KMS in AWS, a local master key locally.
 * The account id is bound to the wrapped key (encryption context / associated data).
 */
export interface KeyService {
  generateDataKey(accountId: AccountId): Promise<DataKey>;
  unwrapDataKey(accountId: AccountId, wrapped: string): Promise<Uint8Array>;
}

/** Field names that are encrypted under an account's data key. */
export type SealedField = 'accountName' | 'email' | 'phone' | 'preferences' | 'interests';

/** AES-256-GCM per field, account id and field name bound as associated data. */
export interface FieldCipher {
  seal(dataKey: Uint8Array, accountId: AccountId, field: SealedField, plaintext: string): string;
  /** Throws when the ciphertext, the key, the account id or the field do not match. */
  open(dataKey: Uint8Array, accountId: AccountId, field: SealedField, sealed: string): string;
}

/** What a blind index is computed over. Each kind gets its own derived key. */
export type IndexKind = 'name' | 'email' | 'phone' | 'ip';

/** Keyed HMAC-SHA256 blind indexes: equality lookups without plaintext. */
export interface BlindIndexer {
  /** Deterministic, base64url; the same value always gives the same index. */
  index(kind: IndexKind, normalizedValue: string): string;
}

/** HMAC of one-time codes, bound to purpose and account; verified in constant time. */
export interface CodeHasher {
  hash(code: string, purpose: CodePurpose, accountId: AccountId): string;
  /** Constant-time comparison against a stored hash. */
  verify(code: string, purpose: CodePurpose, accountId: AccountId, storedHash: string): boolean;
}

/** Messages sent to an account's owner that carry no code. */
export type NoticeKind =
  /** Someone tried to register with this address or number. */
  | 'registration_attempt'
  | 'password_changed'
  | 'contact_changed'
  | 'account_erased';

/** A code message: what it is for, the code itself, and how long it works. */
export interface CodeMessage {
  readonly purpose: CodePurpose;
  readonly code: string;
  readonly expiresInMinutes: number;
}

/** Sends codes and notices by the contact's channel, in the user's language. */
export interface Courier {
  /** Throws DeliveryUnavailableError when the provider does not take the message. */
  sendCode(to: Contact, message: CodeMessage, locale: Locale): Promise<void>;
  /** Throws DeliveryUnavailableError when the provider does not take the message. */
  sendNotice(to: Contact, notice: NoticeKind, locale: Locale): Promise<void>;
}

/** One email (SES v2 in AWS and locally). */
export interface Mailer {
  send(message: { to: EmailAddress; subject: string; text: string; html: string }): Promise<void>;
}

/** One SMS (SNS Publish to a phone number, in AWS and locally). */
export interface Texter {
  send(message: { to: PhoneNumber; text: string }): Promise<void>;
}

/** Structured logging without personal data: callers pass ids and outcomes, never values. */
export interface Logger {
  info(message: string, attributes?: Record<string, string | number | boolean>): void;
  warn(message: string, attributes?: Record<string, string | number | boolean>): void;
  error(message: string, attributes?: Record<string, string | number | boolean>): void;
}

/** Sealed (encrypted) personal fields of an account, as stored. */
export type SealedFields = Readonly<Partial<Record<SealedField, string>>>;

/** Throttle state of a code: cooldown since the last send and resends in the current hour window. */
export interface SendWindow {
  /** Epoch seconds of the last successful send (0 when the last send failed). */
  readonly lastSentAt: number;
  /** Epoch seconds at which the current one-hour resend window opened. */
  readonly windowStart: number;
  /** Resends counted in the current window (the first send is not a resend). */
  readonly resends: number;
}

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

/** Limits the store enforces atomically (from AppSettings.codes). */
export interface CodeLimits {
  readonly maxAttemptsPerCode: number;
  readonly maxFailedAttemptsTotal: number;
  readonly resendCooldownSeconds: number;
  readonly resendMaxPerHour: number;
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

/** Caps messages to one contact in a rolling window (owner notices). */
export interface ContactThrottle {
  /** Takes one slot for the contact's blind index; false when the window is full. */
  tryTake(contactIndex: string, now: Date, maxPerHour: number): Promise<boolean>;
}

// ---- The owner's rights (issue 4): export, profile and contact changes, erasure. ----
// Implemented by shared/adapters/dynamodb/dynamodb-owner-store.ts; used by shared/domain/owner/* and
// shared/domain/privacy/erase-account.ts (which the retention sweeper and the operators reuse).

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
  recordErasureRequest(accountId: AccountId, request: { readonly requestedAt: Date; readonly reason: ErasureReason }): Promise<boolean>;
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

// ---- Operators and retention (issue 4): legal hold, lawful disclosures, the audit log, the sweeper. ----
// Implemented by shared/adapters/dynamodb/dynamodb-{admin-store,audit-log,retention-store}.ts; used by
// shared/domain/admin/* and shared/domain/retention/sweep.ts. Reuses LegalHold, ErasureRequest,
// ErasureReason and DisclosureRecord from the owner's section above.

/** What operators see of an account: its state and the names of its fields, never a value or an index. */
export interface AdminAccountView {
  readonly accountId: AccountId;
  readonly status: 'pending' | 'active';
  /** Names of the personal fields the account holds, e.g. ['accountName', 'email']. */
  readonly fields: readonly SealedField[];
  readonly legalHold?: LegalHold;
  readonly erasureRequested?: ErasureRequest;
}

/** Data items a disclosure may name: the account's personal fields. */
export type DisclosedItem = SealedField;

/** A lawful disclosure as recorded: append-only, beside its account, erased with it. */
export interface Disclosure extends DisclosureRecord {
  /** Random id; with the date it makes the item's sort key. */
  readonly disclosureId: string;
  readonly items: readonly DisclosedItem[];
}

/** What the audit log records. Sweeper entries record what retention did without an operator. */
export type AuditAction =
  | 'hold.place'
  | 'hold.lift'
  | 'disclosure.record'
  | 'audit.list'
  /** An erasure that waited on a hold, carried out when the hold was lifted. */
  | 'account.erased'
  | 'retention.erased'
  | 'retention.erasure_skipped'
  | 'retention.sweep';

/** Non-personal facts of an audit entry: operator text, counts, outcomes, field names. */
export type AuditDetails = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** One audit-log entry. Holds no personal data: an opaque account id at most. */
export interface AuditEntry {
  /** Random id; with `at` it makes the entry's sort key. */
  readonly entryId: string;
  /** ISO 8601 time of the action. */
  readonly at: string;
  readonly action: AuditAction;
  /** Who acted: an OS user name locally, an IAM principal (or 'lambda') in AWS, 'sweeper' for retention. */
  readonly actor: string;
  readonly accountId?: AccountId;
  readonly details: AuditDetails;
  /** ISO 8601 time after which TTL deletes the entry (`retention.auditLogDays`). */
  readonly keepUntil: string;
}

/** Append-only: entries are written with a condition that they are new; nothing updates or deletes them. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Entries oldest first, optionally of one account; entries past `keepUntil` are left out. */
  list(filter: { readonly accountId?: AccountId; readonly now: Date }): Promise<AuditEntry[]>;
}

export type LiftHoldOutcome =
  | { readonly outcome: 'lifted'; readonly erasureRequested: boolean }
  | { readonly outcome: 'no_hold' }
  | { readonly outcome: 'reference_mismatch' }
  | { readonly outcome: 'not_active' };

/**
 * Legal holds and disclosures on account items. Each change and its audit entry are written in one
 * transaction, conditional on the account's state: no action goes unaudited, no audit entry lies.
 */
export interface AdminStore {
  /** The live account a name's guard points at; undefined when none (or its registration lapsed). */
  findByNameIndex(nameIndex: string, now: Date): Promise<AdminAccountView | undefined>;
  /** Places the hold on an active account not already held. */
  placeHold(accountId: AccountId, hold: LegalHold, audit: AuditEntry): Promise<'placed' | 'already_held' | 'not_active'>;
  /** Removes the active hold whose reference matches; says whether an erasure waits on it. */
  liftHold(accountId: AccountId, reference: string, audit: AuditEntry): Promise<LiftHoldOutcome>;
  /** Appends a disclosure to an active account. */
  recordDisclosure(accountId: AccountId, disclosure: Disclosure, audit: AuditEntry): Promise<'recorded' | 'not_active'>;
}

/** Erases an account as DELETE /v1/me does (shared/domain/privacy/erase-account.ts). */
export interface AccountEraser {
  erase(accountId: AccountId, reason: ErasureReason): Promise<'erased' | 'held' | 'absent'>;
}

/** Address of one table item, handed out by the retention store and given back to it as is. */
export interface ItemRef {
  readonly pk: string;
  readonly sk: string;
}

/** What the sweeper sees of one scanned item: kinds and times, never personal data. */
export type SweepItem =
  | {
      readonly kind: 'account';
      readonly ref: ItemRef;
      readonly accountId: AccountId;
      readonly status: 'pending' | 'active' | 'erased';
      /** TTL of a pending registration or a tombstone. */
      readonly expiresAt?: Date;
      /** Last sign-in (or activation) of an active account. */
      readonly lastActiveAt?: Date;
      readonly legalHold: boolean;
      readonly erasureRequested: boolean;
    }
  /** Items that only live until their TTL: name/email/phone guards, codes, throttles. */
  | { readonly kind: 'guard' | 'code' | 'throttle'; readonly ref: ItemRef; readonly expiresAt?: Date }
  /** Everything the sweeper leaves alone: audit entries, disclosures, its own checkpoint, unknown kinds. */
  | { readonly kind: 'other' };

/** Running counts of one sweep, kept in its checkpoint across resumed invocations. */
export interface SweepTotals {
  readonly scanned: number;
  readonly removed: {
    readonly pendingRegistrations: number;
    readonly tombstones: number;
    readonly guards: number;
    readonly codes: number;
    readonly throttles: number;
  };
  readonly erased: { readonly inactivity: number; readonly holdLifted: number };
  readonly skippedForHold: number;
  /** Erasures that failed (logged by account id); the next sweep tries them again. */
  readonly failed: number;
}

/** Where a sweep stands: the scan position after the last finished page. */
export interface SweepCheckpoint {
  /** Stable across the invocations that make up one sweep. */
  readonly runId: string;
  /** ISO 8601. */
  readonly startedAt: string;
  /** Opaque scan position; absent before the first page. */
  readonly cursor?: string;
  readonly pages: number;
  readonly totals: SweepTotals;
}

/**
 * The table as the retention sweeper walks it: a paginated scan, conditional deletes of expired items,
 * and one checkpoint item with a lease, so that runs resume where they stopped and never overlap.
 */
export interface RetentionStore {
  scan(cursor: string | undefined, pageSize: number): Promise<{ items: SweepItem[]; cursor?: string }>;
  /** The account item as it is now (consistent read), in the scan's terms. */
  readAccount(accountId: AccountId): Promise<Extract<SweepItem, { kind: 'account' }> | undefined>;
  /**
   * Deletes an item whose TTL has passed, on condition that it still has (it was not renewed meanwhile);
   * an account only when pending or erased and not held. False when the condition failed.
   */
  removeExpired(ref: ItemRef, now: Date): Promise<boolean>;
  /**
   * Takes the lease for `holder` unless another holder's lease runs; returns the sweep to continue (an
   * interrupted one) or `fresh`; undefined when another run holds the lease.
   */
  claim(holder: string, fresh: SweepCheckpoint, now: Date, leaseUntil: Date): Promise<SweepCheckpoint | undefined>;
  /** Saves progress and extends the lease; false when the lease was lost to another holder. */
  save(holder: string, checkpoint: SweepCheckpoint, leaseUntil: Date): Promise<boolean>;
  /** Gives up the lease, keeping the position: the next run resumes. */
  release(holder: string): Promise<void>;
  /** Ends the sweep: the next run starts from the beginning. */
  finish(holder: string): Promise<void>;
}

// ---- Sign-in, sessions, password reset and one-time codes (issue 4). ----
// Implemented by shared/adapters/dynamodb/{dynamodb-account-store,dynamodb-code-store,dynamodb-sign-in-throttle}.ts
// and shared/adapters/crypto/jose-token-service.ts (TokenService, in shared/domain/session/token-service.ts);
// used by shared/domain/session/* and the owner's routes (authenticate, CodeStore for contact changes).

/** An account as sign-in and the bearer-token routes see it: sealed fields and indexes, never plaintext. */
export interface SessionAccount extends StoredAccount {
  /** argon2id PHC string. */
  readonly passwordHash: string;
  /** Bumped by every password change, reset and erasure; a token of another generation is dead. */
  readonly tokenGeneration: number;
  readonly emailVerified: boolean;
  readonly phoneVerified: boolean;
  /** Oldest first; the last one is in force. */
  readonly consent: readonly ConsentRecord[];
  /** ISO 8601 time of the last sign-in (or of the activation). */
  readonly lastActiveAt?: string;
  readonly legalHold?: LegalHold;
}

/** Reads an account by its opaque id (what a bearer token names). */
export interface AccountReader {
  /** The account, pending or active; undefined when absent, erased, or a lapsed pending registration. */
  getById(accountId: AccountId): Promise<SessionAccount | undefined>;
}

/** A new password hash for an account; `previousHash` makes the write conditional on the hash it replaces. */
export interface PasswordChange {
  readonly passwordHash: string;
  /** When given, nothing is written unless the stored hash is still this one (a concurrent change wins). */
  readonly previousHash?: string;
  /** Whether every token issued so far stops working (true for a change or a reset, false for a re-hash). */
  readonly bumpGeneration: boolean;
}

/** The account item, for sign-in, password changes and consent. Every write is a conditional update. */
export interface AccountStore extends AccountReader {
  /** The account a name's guard points at; undefined when none or when its pending registration lapsed. */
  findByNameIndex(nameIndex: string): Promise<SessionAccount | undefined>;
  /**
   * Sets the password hash of an active account (SET passwordHash, ADD tokenGeneration 1 when bumping).
   * @returns the token generation now in force; undefined when the account is not active or its hash changed.
   */
  setPassword(accountId: AccountId, change: PasswordChange): Promise<number | undefined>;
  /** Records a successful sign-in (lastActiveAt); with `rehash`, replaces the hash if it is still `previousHash`. */
  recordSignIn(
    accountId: AccountId,
    at: Date,
    rehash?: { readonly passwordHash: string; readonly previousHash: string },
  ): Promise<void>;
  /** Appends a consent to an active account's list; false when the account is not active. */
  recordConsent(accountId: AccountId, consent: { readonly policyVersion: string; readonly acceptedAt: Date }): Promise<boolean>;
}

/** The back-off and lock rules of failed sign-ins (from AppSettings.signIn). */
export interface SignInLimits {
  readonly backoffAfterFailures: number;
  readonly backoffInitialSeconds: number;
  readonly backoffMaxSeconds: number;
  readonly lockAfterFailures: number;
}

export type SignInGate =
  /** The attempt is counted as a failure in advance (`failures` consecutive, this one included). */
  | { readonly outcome: 'allowed'; readonly failures: number }
  /** Backing off after consecutive failures: no password is checked until then. */
  | { readonly outcome: 'blocked'; readonly retryAfterSeconds: number }
  /** Locked after `lockAfterFailures` consecutive failures: only a password reset by code lifts it. */
  | { readonly outcome: 'locked' };

/**
 * Consecutive failed sign-ins per account, keyed by the name's blind index (unknown names alike, so
 * that throttling says nothing about whether a name exists). Each attempt is counted before the
 * password is checked, by a compare-and-set on the count: parallel guesses cannot outrun the back-off.
 */
export interface SignInThrottle {
  /**
   * Counts one attempt as a failure unless backing off or locked. `accountId` names the active account
   * the name belongs to: its lock stays until a reset; any other name's failures are forgotten in time.
   */
  admit(nameIndex: string, accountId: AccountId | undefined, now: Date, limits: SignInLimits): Promise<SignInGate>;
  /** The attempt that `admit` counted succeeded: the consecutive failures start again from zero. */
  succeeded(nameIndex: string, failures: number): Promise<void>;
  /** Forgets every failure and lifts a lock (after a password reset by code). */
  clear(nameIndex: string): Promise<void>;
}

export type IpGate = { readonly outcome: 'allowed' } | { readonly outcome: 'blocked'; readonly retryAfterSeconds: number };

/**
 * Failed sign-ins per client IP (blind-indexed) in a one-hour window. A slot is taken before the
 * password is checked and given back when the attempt succeeds or is not made.
 */
export interface IpFailureThrottle {
  take(ipIndex: string, now: Date, maxPerHour: number): Promise<IpGate>;
  giveBack(ipIndex: string, now: Date): Promise<void>;
}

/** Where a one-time code lives: beside the name for a password reset, in the account for a contact change. */
export type CodeSlot =
  | { readonly purpose: 'password_reset'; readonly nameIndex: string }
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
  issue(slot: CodeSlot, code: NewCode, now: Date, limits: Pick<CodeLimits, 'resendCooldownSeconds' | 'resendMaxPerHour'>): Promise<IssueCodeOutcome>;
  /** Counts one try on the slot's live code, before any comparison. */
  countTry(slot: CodeSlot, now: Date, maxAttemptsPerCode: number): Promise<CountCodeTryOutcome>;
  /** Spends the code that was compared; false when it was spent or superseded meanwhile. */
  spend(slot: CodeSlot, codeHash: string): Promise<boolean>;
  /** Undoes the cooldown of a send that failed, so that the user may ask again at once. */
  releaseCooldown(slot: CodeSlot, codeHash: string): Promise<void>;
}
