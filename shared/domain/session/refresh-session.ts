// shared/domain/session
// functions/sessions-refresh → (refreshSession) → RefreshTokenCodec, SessionFamilyStore, AccountReader,
// TokenService, Courier
import type { AppSettings } from '../../config/settings.js';
import { InvalidGrantError, RateLimitedError } from '../errors.js';
import type { Clock, Courier, Logger } from '../ports.js';
import type { AccountReader, SessionAccount, TokenService } from './ports.js';
import { describeFailure } from './failures.js';
import { openAccount, type OwnerContactDeps } from './owner-contact.js';
import {
  idleExpiry,
  isLive,
  secondsUntil,
  type RefreshTokenCodec,
  type SessionFamily,
  type SessionFamilyStore,
  type TokenPair,
} from './session-families.js';

export interface RefreshSessionDeps extends OwnerContactDeps {
  readonly settings: Pick<AppSettings, 'session' | 'clients'>;
  readonly refreshTokens: RefreshTokenCodec;
  readonly sessions: Pick<SessionFamilyStore, 'findByTokenHash' | 'rotate' | 'useGrace' | 'revoke'>;
  readonly accounts: AccountReader;
  readonly tokens: TokenService;
  readonly courier: Courier;
  readonly logger: Pick<Logger, 'warn'>;
  readonly clock: Clock;
}

const HOUR_MS = 3_600_000;
/** A refresh token is 43 characters of base64url; anything else is not one of ours. */
const REFRESH_TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** Concurrent writes make a refresh read the family again; this many times at most. */
const MAX_ATTEMPTS = 3;

/** Tells the owner that a session was ended for safety; a failed send is logged and does not fail the answer. */
const notifySessionRevoked = async (deps: RefreshSessionDeps, account: SessionAccount): Promise<void> => {
  try {
    const { contact } = await openAccount(deps, account);
    if (contact === undefined) return;
    await deps.courier.sendNotice(contact, 'session_revoked', account.locale);
  } catch (error) {
    deps.logger.warn('session revoked notice not sent', describeFailure(error));
  }
};

/**
 * Trades a refresh token for a new access token and a new refresh token (rotation).
 *
 * Primary course:
 * 1. Find the family by the token's HMAC; it must be live (active, before its absolute and idle expiry),
 *    for this client (a configured one), of an active account.
 * 2. The token is the family's current one: count the refresh in the family's hourly window, then rotate
 *    by a conditional write (the presented token must still be current): a new token, its HMAC stored,
 *    the new token sealed under a key only the replaced token opens, for the grace window.
 * 3. Issue an access token of the account's token generation for the client.
 *
 * Alternatives:
 * - A rotated token presented again within `refreshReuseGraceSeconds` of its rotation, for the first
 *   time: a fresh access token and the very refresh token that rotation issued (a client's retry).
 * - Any other rotated token (after the window, or a second reuse): the family is revoked, the newest
 *   token dies with it, and the owner is told on their contact; 401 `invalid_grant`.
 * - Unknown, expired, revoked or another client's token, an unknown client: 401 `invalid_grant`, one answer.
 * - More than `refreshesPerFamilyPerHour` in the family's window: 429 `rate_limited` with Retry-After.
 */
export const refreshSession =
  (deps: RefreshSessionDeps) =>
  async (input: { refreshToken: string; clientId: string }): Promise<TokenPair> => {
    const { session } = deps.settings;
    if (!REFRESH_TOKEN.test(input.refreshToken)) throw new InvalidGrantError();
    const knownClient = deps.settings.clients.some((client) => client.id === input.clientId);
    const presentedHash = deps.refreshTokens.hash(input.refreshToken);

    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const now = deps.clock.now();
      const family = await deps.sessions.findByTokenHash(presentedHash);
      if (family === undefined || !knownClient || family.clientId !== input.clientId || !isLive(family, now)) {
        throw new InvalidGrantError();
      }
      // Read before any write: a token issued now carries a generation that a later revoke-all or
      // password change still kills.
      const account = await deps.accounts.getById(family.accountId);
      if (account === undefined || account.status !== 'active') throw new InvalidGrantError();
      const subject = { accountId: account.accountId, generation: account.tokenGeneration, clientId: family.clientId };

      if (deps.refreshTokens.same(presentedHash, family.currentHash)) {
        const windowStart = Date.parse(family.window.startedAt);
        const freshWindow = now.getTime() - windowStart >= HOUR_MS;
        if (!freshWindow && family.window.count >= session.refreshesPerFamilyPerHour) {
          throw new RateLimitedError(Math.max(1, Math.ceil((windowStart + HOUR_MS - now.getTime()) / 1000)));
        }
        const refreshToken = deps.refreshTokens.generate();
        const rotated = await deps.sessions.rotate(family, {
          newHash: deps.refreshTokens.hash(refreshToken),
          rotation: {
            previousHash: presentedHash,
            rotatedAt: now.toISOString(),
            sealedSuccessor: deps.refreshTokens.seal(refreshToken, input.refreshToken, family.familyId),
            graceUsed: false,
          },
          lastUsedAt: now.toISOString(),
          idleExpiresAt: idleExpiry(deps.settings, now, family.absoluteExpiresAt),
          window: freshWindow
            ? { startedAt: now.toISOString(), count: 1 }
            : { startedAt: family.window.startedAt, count: family.window.count + 1 },
        });
        // Another request rotated this token first (or the family ended): read again, as a reuse.
        if (!rotated) continue;
        const access = await deps.tokens.issue(subject);
        return { ...access, refreshToken, refreshExpiresIn: secondsUntil(family.absoluteExpiresAt, now) };
      }

      const graced = await answerGrace(deps, family, input.refreshToken, presentedHash, now);
      if (graced === 'changed') continue;
      if (graced !== undefined) {
        const access = await deps.tokens.issue(subject);
        return { ...access, refreshToken: graced, refreshExpiresIn: secondsUntil(family.absoluteExpiresAt, now) };
      }

      // A rotated token, outside its grace: whoever holds it, the family is no longer safe.
      if (await deps.sessions.revoke(family, now, 'reuse_detected')) await notifySessionRevoked(deps, account);
      throw new InvalidGrantError();
    }
    throw new InvalidGrantError();
  };

/**
 * The grace answer to a reuse of the last rotated token: its successor, once, within the window;
 * undefined when no grace applies; `changed` when the family changed under us (read it again).
 */
const answerGrace = async (
  deps: RefreshSessionDeps,
  family: SessionFamily,
  presented: string,
  presentedHash: string,
  now: Date,
): Promise<string | 'changed' | undefined> => {
  const { rotation } = family;
  if (rotation === undefined || rotation.graceUsed || rotation.sealedSuccessor === undefined) return undefined;
  if (!deps.refreshTokens.same(presentedHash, rotation.previousHash)) return undefined;
  const sinceRotation = now.getTime() - Date.parse(rotation.rotatedAt);
  if (sinceRotation < 0 || sinceRotation > deps.settings.session.refreshReuseGraceSeconds * 1000) return undefined;
  const successor = deps.refreshTokens.open(rotation.sealedSuccessor, presented, family.familyId);
  if (successor === undefined) return undefined;
  return (await deps.sessions.useGrace(family, now)) ? successor : 'changed';
};
