// shared/domain/session: the ports of sign-in, the Bearer routes, password changes and resets.
// Implemented by shared/adapters/dynamodb/{dynamodb-account-store,dynamodb-sign-in-throttle}.ts and
// shared/adapters/crypto/jose-token-service.ts; used by shared/domain/session/* and the owner's routes.
import type { ConsentRecord, LegalHold } from '../owner/ports.js';
import type { StoredAccount } from '../registration/ports.js';
import type { AccountId } from '../types.js';

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
  /**
   * When given, the change publishes PasswordChanged with this `via`, occurring `at`, in the same
   * transaction as the new hash: no event without the change, no change without its event.
   */
  readonly event?: { readonly via: 'change' | 'reset'; readonly at: Date };
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
  recordConsent(
    accountId: AccountId,
    consent: { readonly policyVersion: string; readonly acceptedAt: Date },
  ): Promise<boolean>;
}

/** The back-off and lock rules of failed sign-ins (from AppSettings.signIn). */
export interface SignInLimits {
  readonly backoffAfterFailures: number;
  readonly backoffInitialSeconds: number;
  readonly backoffMaxSeconds: number;
  readonly lockAfterFailures: number;
}

export type SignInGate =
  /**
   * The attempt is counted as a failure in advance: `clientFailures` consecutive failures of this client
   * on this account (this one included), and `lockFailures`, the account's count toward the lock after
   * it, when the client was not yet throttled (absent when the attempt did not count toward the lock).
   */
  | { readonly outcome: 'allowed'; readonly clientFailures: number; readonly lockFailures?: number }
  /** This client is backing off after its consecutive failures: no password is checked until then. */
  | { readonly outcome: 'blocked'; readonly retryAfterSeconds: number }
  /** Locked after `lockAfterFailures` failures from clients not yet throttled: only a reset by code lifts it. */
  | { readonly outcome: 'locked' };

/**
 * Failed sign-ins per account and client, keyed by the name's and the client IP's blind indexes
 * (unknown names alike, so that throttling says nothing about whether a name exists).
 *
 * - Back-off is per (account, client): one client's failures never put another client in back-off, and
 *   one client's success lifts only its own. Each attempt is counted before the password is checked, by
 *   a compare-and-set on the client's count: parallel guesses from one client cannot outrun its back-off.
 * - The lock is per account, the global ceiling: it counts a failure only from a client not yet in
 *   back-off (an atomic ADD, so no race between clients delays anyone), so a throttled client adds
 *   nothing to it. At `lockAfterFailures` the account is locked for every client until a reset by code.
 */
export interface SignInThrottle {
  /**
   * Counts one attempt as a failure unless this client backs off or the account is locked. `accountId`
   * names the active account the name belongs to: its lock stays until a reset; any other name's
   * failures are forgotten in time.
   */
  admit(
    nameIndex: string,
    ipIndex: string,
    accountId: AccountId | undefined,
    now: Date,
    limits: SignInLimits,
  ): Promise<SignInGate>;
  /**
   * The attempt that `admit` counted succeeded: this client's failures start again from zero, and so
   * does the account's run toward the lock, unless others reached the lock meanwhile.
   */
  succeeded(nameIndex: string, ipIndex: string, gate: Extract<SignInGate, { outcome: 'allowed' }>, limits: SignInLimits): Promise<void>;
  /** Lifts the lock and forgets the account's lock count, and the back-off of `ipIndex` (after a reset by code). */
  clearLock(nameIndex: string, ipIndex?: string): Promise<void>;
}

export type IpGate =
  { readonly outcome: 'allowed' } | { readonly outcome: 'blocked'; readonly retryAfterSeconds: number };

/**
 * Failed sign-ins per client IP (blind-indexed) in a one-hour window. A slot is taken before the
 * password is checked and given back when the attempt succeeds or is not made.
 */
export interface IpFailureThrottle {
  take(ipIndex: string, now: Date, maxPerHour: number): Promise<IpGate>;
  giveBack(ipIndex: string, now: Date): Promise<void>;
}

/** What POST /v1/sessions and POST /v1/me/password answer with. */
export interface AccessToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds until the token stops working. */
  readonly expiresIn: number;
}

/** Who an access token is for: the account, its token generation, and the app client it was issued to. */
export interface TokenSubject {
  readonly accountId: AccountId;
  readonly generation: number;
  readonly clientId: string;
}

/** What a valid token says: whose it is, of which token generation, and for which app client. */
export type TokenClaims = TokenSubject;

/**
 * Issues and verifies short-lived signed access tokens (ES256, `kid`, `typ: at+jwt`): sign-in, refresh and
 * password changes issue them, authenticate() verifies them. Implemented by shared/adapters/crypto/jose-token-service.ts.
 */
export interface TokenService {
  issue(subject: TokenSubject): Promise<AccessToken>;
  /** Throws UnauthorizedError for a malformed, expired, forged or foreign token. */
  verify(token: string): Promise<TokenClaims>;
}

/** The caller of a Bearer route: the account, and the app client its token was issued to. */
export type AuthenticatedCaller = SessionAccount & Pick<TokenClaims, 'clientId'>;

/**
 * The caller of a Bearer route (shared/domain/session/authenticate.ts): parses `Bearer <token>`, verifies
 * it, checks that the account is active and the token's generation current; anything wrong throws
 * UnauthorizedError (401 `unauthorized`).
 */
export type Authenticate = (authorization: string | undefined) => Promise<AuthenticatedCaller>;

/** The slice of Authenticate that the owner's routes use: whose token it is (they load the account themselves). */
export type IdentifyCaller = (
  authorization: string | undefined,
) => Promise<Pick<SessionAccount, 'accountId'>>;
