// shared/domain: what the use cases need from the outside world, as small role interfaces.
// No AWS types here: adapters under shared/adapters implement these; tests pass fakes or
// adapters bound to the local servers. shared/adapters/wiring/ builds them once per container.
// These are the ports every feature shares; each feature's own ports sit beside its use cases
// (shared/domain/{registration,session,codes,owner,admin,retention,password}/ports.ts).
import type { AccountId, CodePurpose, Contact, EmailAddress, Locale, PhoneNumber } from './types.js';

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
export type IndexKind = 'name' | 'email' | 'phone' | 'ip' | 'smsPrefix' | 'reset';

/** Keyed HMAC-SHA256 blind indexes: equality lookups without plaintext. */
export interface BlindIndexer {
  /** Deterministic, base64url; the same value always gives the same index. */
  index(kind: IndexKind, normalizedValue: string): string;
}

/**
 * HMAC of one-time codes, bound to purpose and account (and, given `boundTo`, to the request that asked
 * for the code, such as a password reset's id); verified in constant time.
 */
export interface CodeHasher {
  hash(code: string, purpose: CodePurpose, accountId: AccountId, boundTo?: string): string;
  /** Constant-time comparison against a stored hash. */
  verify(code: string, purpose: CodePurpose, accountId: AccountId, storedHash: string, boundTo?: string): boolean;
}

/** Messages sent to an account's owner that carry no code. */
export type NoticeKind =
  /** Someone tried to register with this address or number. */
  | 'registration_attempt'
  | 'password_changed'
  | 'contact_changed'
  | 'account_erased'
  /** A session family was ended because one of its refresh tokens was used twice (theft detection). */
  | 'session_revoked';

/** A code message: what it is for, the code itself, and how long it works. */
export interface CodeMessage {
  readonly purpose: CodePurpose;
  readonly code: string;
  readonly expiresInMinutes: number;
  /** The account being created, named in a registration code's message (it goes to the contact only). */
  readonly accountName?: string;
}

/**
 * What became of a message: sent, or held back (nothing sent) because its contact used up its message
 * budget, which frees in `retryAfterSeconds`.
 */
export type Delivery = { readonly sent: true } | { readonly sent: false; readonly retryAfterSeconds: number };

/**
 * Sends codes and notices by the contact's channel, in the user's language. Every message first takes a
 * slot of its contact's message budget; beyond it nothing is sent.
 */
export interface Courier {
  /** Throws DeliveryUnavailableError when the provider does not take the message. */
  sendCode(to: Contact, message: CodeMessage, locale: Locale): Promise<Delivery>;
  /** Throws DeliveryUnavailableError when the provider does not take the message. */
  sendNotice(to: Contact, notice: NoticeKind, locale: Locale): Promise<Delivery>;
  /**
   * Takes a slot of the decoy budget of the contact with this blind index for a message a decoy would
   * have sent, and sends nothing: a decoy then runs out of budget exactly when a fresh contact would.
   */
  spendWithoutSending(contactIndex: string): Promise<Delivery>;
  /**
   * Throws SmsUnavailableError when a code texted to `phone` now would be refused by the SMS budgets; takes
   * nothing. A decoy that sends no code calls it so that it answers as a real send would.
   */
  assertCanText?(phone: PhoneNumber): Promise<void>;
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

/** Caps messages to one contact in a rolling window (owner notices). */
export interface ContactThrottle {
  /** Takes one slot for the contact's blind index; false when the window is full. */
  tryTake(contactIndex: string, now: Date, maxPerHour: number): Promise<boolean>;
}

/** An answer as it was sent: its status, its headers and its JSON body as text. */
export interface RecordedAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** One request under an Idempotency-Key: who sent it, with which key, and its body's fingerprint. */
export interface IdempotentRequest {
  /** The key as the client sent it (1 to 255 visible ASCII characters). */
  readonly key: string;
  /** Whom the key belongs to: `account:<id>` (verified bearer token) or `ip:<the address's blind index>`. */
  readonly caller: string;
  /** The keyed HMAC of the request body (IdempotencyGuard.fingerprint). */
  readonly fingerprint: string;
}

/**
 * Runs a route's handling once per route, caller and key, and answers repeats with the first answer.
 * Answers with a status of 500 or more are handed back and not kept, so that a retry runs again. Throws
 * IdempotencyKeyReusedError (422) for a repeat with another fingerprint and IdempotencyInProgressError
 * (409) while the first request with the key still runs.
 */
export interface IdempotencyGuard {
  /**
   * The caller a key belongs to: the account of the verified bearer token on the Bearer routes (throws
   * UnauthorizedError for a bad token, before any key is looked up), the client IP's blind index otherwise.
   */
  callerOf(request: { readonly sourceIp: string; readonly authorization?: string | undefined }): Promise<string>;
  /** Keyed HMAC of the body as canonical JSON (object keys sorted): never a plain hash, bodies carry passwords. */
  fingerprint(body: unknown): string;
  /**
   * `handle` once for this request; its answer kept (sealed) for 24 hours. `remainingTimeMs` bounds how
   * long the first request counts as running (a function that died lets a retry run after it).
   */
  run(
    request: IdempotentRequest,
    handle: () => Promise<RecordedAnswer>,
    remainingTimeMs: () => number,
  ): Promise<{ readonly answer: RecordedAnswer; readonly replayed: boolean }>;
}
