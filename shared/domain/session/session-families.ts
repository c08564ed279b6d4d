// shared/domain/session: session families, the refresh tokens that keep an app signed in. Their ports
// (implemented by shared/adapters/dynamodb/dynamodb-session-store.ts and
// shared/adapters/crypto/refresh-token-codec.ts) and the steps sign-in, refresh and the password routes share.
import type { AppSettings } from '../../config/settings.js';
import type { Clock } from '../ports.js';
import type { AccessToken, TokenService } from './ports.js';
import type { AccountId } from '../types.js';

/** Why a family ended: signed out, every session ended by the owner, a reused token, or a password change or reset. */
export type FamilyEnd = 'signed_out' | 'revoked_all' | 'reuse_detected' | 'password';

/** The last rotation of a family: the token it replaced, and (sealed) the token it issued, for the grace window. */
export interface FamilyRotation {
  /** HMAC of the token this rotation replaced. */
  readonly previousHash: string;
  /** ISO 8601. */
  readonly rotatedAt: string;
  /** The token the rotation issued, sealed so that only the replaced token opens it; gone once used or revoked. */
  readonly sealedSuccessor?: string;
  /** Whether a reuse inside the grace window was already answered. */
  readonly graceUsed: boolean;
}

/**
 * One sign-in of one account on one app client, kept alive by rotating refresh tokens. Only HMACs of
 * its tokens are stored.
 */
export interface SessionFamily {
  /** Random, opaque; never shown to anyone. */
  readonly familyId: string;
  readonly accountId: AccountId;
  readonly clientId: string;
  /** ISO 8601 times. */
  readonly createdAt: string;
  readonly lastUsedAt: string;
  /** Nothing refreshes after this, whatever its use: `session.refreshTokenTtlDays` after the sign-in. */
  readonly absoluteExpiresAt: string;
  /** `session.refreshIdleDays` after the last use (never past the absolute expiry). */
  readonly idleExpiresAt: string;
  readonly status: 'active' | 'revoked';
  /** HMAC of the one token that rotates now. */
  readonly currentHash: string;
  readonly rotation?: FamilyRotation;
  /** The refresh-rate window: its start (ISO 8601) and the refreshes counted in it. */
  readonly window: { readonly startedAt: string; readonly count: number };
}

/** What a rotation writes, on condition that the family is active and `currentHash` still the presented one. */
export interface FamilyRotationWrite {
  readonly newHash: string;
  readonly rotation: FamilyRotation;
  readonly lastUsedAt: string;
  readonly idleExpiresAt: string;
  readonly window: SessionFamily['window'];
}

/**
 * The session families of the table. A family sits in its account's partition; each of its tokens has a
 * lookup from the token's HMAC to the family, and a reference beside the family so that erasure finds it.
 * Every write is conditional: of two rotations of one token, one wins.
 */
export interface SessionFamilyStore {
  /** Stores a new family and its first token's lookup, in one transaction. */
  create(family: SessionFamily): Promise<void>;
  /** The family a token's HMAC belongs to (any of its tokens, rotated ones included); undefined when none. */
  findByTokenHash(tokenHash: string): Promise<SessionFamily | undefined>;
  /** Rotates: false when the family changed meanwhile (another rotation won, or it was revoked). */
  rotate(family: SessionFamily, write: FamilyRotationWrite): Promise<boolean>;
  /** Spends the grace answer of the last rotation: false when spent already, rotated again, or revoked. */
  useGrace(family: SessionFamily, at: Date): Promise<boolean>;
  /** Ends one family; true when this call ended it (it was active). */
  revoke(family: Pick<SessionFamily, 'accountId' | 'familyId'>, at: Date, reason: FamilyEnd): Promise<boolean>;
  /** Ends every active family of the account. */
  revokeAll(accountId: AccountId, at: Date, reason: FamilyEnd): Promise<void>;
  /** The account's families, active or not, expired or not. */
  list(accountId: AccountId): Promise<SessionFamily[]>;
}

/** Makes and checks refresh tokens; the adapter holds the keys. */
export interface RefreshTokenCodec {
  /** A new refresh token: 256 random bits from the CSPRNG, base64url. */
  generate(): string;
  /** A new family id (random, opaque). */
  newFamilyId(): string;
  /** The token's HMAC under Signet's refresh-token key: what is stored and looked up. */
  hash(token: string): string;
  /** Whether two HMACs are the same, in constant time. */
  same(a: string, b: string): boolean;
  /** Seals `successor` (AES-GCM) under a key derived from the seal key and the `replaced` token, bound to the family. */
  seal(successor: string, replaced: string, familyId: string): string;
  /** Opens what `seal` made; undefined when it does not open. */
  open(sealed: string, replaced: string, familyId: string): string | undefined;
}

/** What sign-in, refresh and the password change answer: an access token and the family's refresh token. */
export interface TokenPair extends AccessToken {
  readonly refreshToken: string;
  /** Seconds until the family's absolute expiry. */
  readonly refreshExpiresIn: number;
}

export interface StartFamilyDeps {
  readonly settings: Pick<AppSettings, 'session'>;
  readonly sessions: Pick<SessionFamilyStore, 'create'>;
  readonly refreshTokens: Pick<RefreshTokenCodec, 'generate' | 'newFamilyId' | 'hash'>;
  readonly tokens: TokenService;
  readonly clock: Clock;
}

const DAY_MS = 86_400_000;

const addMs = (date: Date, ms: number): Date => new Date(date.getTime() + ms);

/** Seconds from `now` until `iso`, never below zero. */
export const secondsUntil = (iso: string, now: Date): number =>
  Math.max(0, Math.floor((Date.parse(iso) - now.getTime()) / 1000));

/** The idle expiry of a use at `now`: `refreshIdleDays` later, never past the absolute expiry. */
export const idleExpiry = (settings: Pick<AppSettings, 'session'>, now: Date, absoluteExpiresAt: string): string =>
  new Date(Math.min(addMs(now, settings.session.refreshIdleDays * DAY_MS).getTime(), Date.parse(absoluteExpiresAt))).toISOString();

/** Whether a family may still refresh at `now`: active, before its absolute and its idle expiry. */
export const isLive = (family: SessionFamily, now: Date): boolean =>
  family.status === 'active' &&
  now.getTime() < Date.parse(family.absoluteExpiresAt) &&
  now.getTime() < Date.parse(family.idleExpiresAt);

/**
 * Starts a new family for the account on the client and answers its first token pair.
 *
 * 1. Make a refresh token (CSPRNG) and keep only its HMAC, with the family (account, client, times).
 * 2. Issue an access token of the given generation for the client.
 */
export const startFamily = async (
  deps: StartFamilyDeps,
  subject: { readonly accountId: AccountId; readonly generation: number; readonly clientId: string },
): Promise<TokenPair> => {
  const now = deps.clock.now();
  const refreshToken = deps.refreshTokens.generate();
  const absoluteExpiresAt = addMs(now, deps.settings.session.refreshTokenTtlDays * DAY_MS).toISOString();
  await deps.sessions.create({
    familyId: deps.refreshTokens.newFamilyId(),
    accountId: subject.accountId,
    clientId: subject.clientId,
    createdAt: now.toISOString(),
    lastUsedAt: now.toISOString(),
    absoluteExpiresAt,
    idleExpiresAt: idleExpiry(deps.settings, now, absoluteExpiresAt),
    status: 'active',
    currentHash: deps.refreshTokens.hash(refreshToken),
    window: { startedAt: now.toISOString(), count: 0 },
  });
  const access = await deps.tokens.issue(subject);
  return { ...access, refreshToken, refreshExpiresIn: secondsUntil(absoluteExpiresAt, now) };
};
