// shared/domain/session
// functions/password-resets → (requestPasswordReset) → BlindIndexer, AccountStore, CodeStore, KeyService,
// FieldCipher, CodeHasher, Courier
import type { AppSettings } from '../../config/settings.js';
import type { ClientGate } from '../client-budget.js';
import { RateLimitedError } from '../errors.js';
import type { CodeSlot, CodeStore } from '../codes/ports.js';
import type { BlindIndexer, Clock, CodeHasher, Courier, Logger, Random } from '../ports.js';
import type { AccountStore } from './ports.js';
import { describeFailure } from './failures.js';
import { CODE_DIGITS, addMinutes } from '../registration/codes.js';
import type { AccountName } from '../types.js';
import { openAccount, type OwnerContactDeps } from './owner-contact.js';

export interface RequestPasswordResetDeps extends OwnerContactDeps {
  readonly settings: Pick<AppSettings, 'codes'>;
  readonly indexer: BlindIndexer;
  readonly accounts: Pick<AccountStore, 'findByNameIndex'>;
  readonly codes: CodeHasher;
  readonly codeStore: Pick<CodeStore, 'issue' | 'releaseCooldown'>;
  readonly courier: Courier;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Pick<Logger, 'warn'>;
  /** Resolves after `milliseconds` (setTimeout in production). */
  readonly wait: (milliseconds: number) => Promise<void>;
  /** Per-client budget of requests that would send an SMS (always wired; tests may omit it). */
  readonly clientGate?: ClientGate;
}

/**
 * Every answer takes at least this long, so that a known name's work (reading its contact, writing and
 * sending the code) does not show in the response time next to an unknown name's.
 */
export const RESET_ANSWER_FLOOR_MS = 350;

/** Random bytes in a reset id: 128 bits from the CSPRNG. */
const RESET_ID_BYTES = 16;

/** What POST /v1/password-resets answers, for any name. */
export interface PasswordResetAccepted {
  readonly status: 'accepted';
  /** Opaque and random (22 base64url characters); the confirm names it with the code. */
  readonly resetId: string;
}

/** A fresh reset id: the same shape whether or not a code goes with it. */
const newResetId = (random: Random): string => Buffer.from(random.bytes(RESET_ID_BYTES)).toString('base64url');

/**
 * Sends a password reset code to the account's owner, bound to this request's reset id.
 *
 * Primary course:
 * 1. Draw the reset id first: every answer carries one, whatever the name.
 * 2. Find the active account by the name's blind index, and its verified contact (email first, else phone).
 * 3. Store the code's HMAC (bound to `password_reset`, the account and the reset id) under the reset id's
 *    blind index, if the name's send throttle allows: a cooldown, and at most `resendMaxPerHour` codes an hour.
 * 4. Send the code.
 *
 * Alternatives: an unknown name, an account not yet verified or without a verified contact, a throttled
 * request and a failed send all end alike: 202 with a reset id of the same shape, no sooner than
 * `RESET_ANSWER_FLOOR_MS`, so that the answer says nothing about whether a name exists. A failed send
 * lifts the cooldown and drops the code.
 */
export const requestPasswordReset = (deps: RequestPasswordResetDeps) => {
  const send = sendResetCode(deps);
  return async (
    input: { accountName: AccountName },
    client?: { readonly sourceIp: string },
  ): Promise<PasswordResetAccepted> => {
    const started = deps.clock.now().getTime();
    const resetId = newResetId(deps.random);
    await send(input, resetId, client);
    const elapsed = deps.clock.now().getTime() - started;
    if (elapsed < RESET_ANSWER_FLOOR_MS) await deps.wait(RESET_ANSWER_FLOOR_MS - elapsed);
    return { status: 'accepted', resetId };
  };
};

/** Steps 2 to 4: whatever happens, nothing of it reaches the answer. */
const sendResetCode =
  (deps: RequestPasswordResetDeps) =>
  async (input: { accountName: AccountName }, resetId: string, client?: { readonly sourceIp: string }): Promise<void> => {
    const now = deps.clock.now();
    const nameIndex = deps.indexer.index('name', input.accountName);
    const account = await deps.accounts.findByNameIndex(nameIndex);
    if (account === undefined || account.status !== 'active') return;
    const { contact } = await openAccount(deps, account);
    if (contact === undefined) return;
    // Past the client's SMS budget no code is texted, and the answer stays 202: a 429 here would tell that
    // the name is an account that resets by SMS.
    if (contact.channel === 'sms' && deps.clientGate !== undefined) {
      try {
        await deps.clientGate.admit(client?.sourceIp ?? 'unknown', ['sms']);
      } catch (error) {
        if (error instanceof RateLimitedError) return;
        throw error;
      }
    }

    const slot: CodeSlot = { purpose: 'password_reset', nameIndex, resetIndex: deps.indexer.index('reset', resetId) };
    const code = deps.random.digits(CODE_DIGITS);
    const codeHash = deps.codes.hash(code, 'password_reset', account.accountId, resetId);
    const issued = await deps.codeStore.issue(
      slot,
      { accountId: account.accountId, codeHash, expiresAt: addMinutes(now, deps.settings.codes.ttlMinutes) },
      now,
      deps.settings.codes,
    );
    if (issued.outcome === 'throttled') return;
    try {
      await deps.courier.sendCode(
        contact,
        { purpose: 'password_reset', code, expiresInMinutes: deps.settings.codes.ttlMinutes },
        account.locale,
      );
    } catch (error) {
      await deps.codeStore.releaseCooldown(slot, codeHash);
      deps.logger.warn('password reset code not sent', describeFailure(error));
    }
  };
