// shared/domain/registration
// functions/resend → (resendCode) → BlindIndexer, RegistrationStore, KeyService, FieldCipher, Courier
import type { AppSettings } from '../../config/settings.js';
import type { ClientGate } from '../client-budget.js';
import { RateLimitedError } from '../errors.js';
import type { BlindIndexer, Clock, CodeHasher, Courier, Delivery, FieldCipher, KeyService, Random } from '../ports.js';
import type { RegistrationStore } from './ports.js';
import type { AccountName, Contact, EmailAddress, PhoneNumber } from '../types.js';
import { CODE_DIGITS, addMinutes } from './codes.js';

export interface ResendCodeDeps {
  readonly settings: Pick<AppSettings, 'codes'>;
  readonly indexer: BlindIndexer;
  readonly codes: CodeHasher;
  readonly store: Pick<RegistrationStore, 'renewCode' | 'releaseCooldown' | 'getAccount'>;
  readonly keys: KeyService;
  readonly cipher: FieldCipher;
  readonly courier: Courier;
  readonly clock: Clock;
  readonly random: Random;
  /** Per-client budget of requests that would send an SMS (always wired; tests may omit it). */
  readonly clientGate?: ClientGate;
}

/**
 * Sends a new registration code, which supersedes the old one.
 *
 * Primary course:
 * 1. Replace the code if the throttle allows (first resend after the cooldown, at most
 *    `resendMaxPerHour` an hour), in one conditional write. Failed tries are never reset.
 * 2. Decrypt the contact with the account's data key and send the code by the registration's channel.
 *
 * Alternatives: an unknown or lapsed name does nothing and answers alike (202). A throttled resend
 * answers 429 with Retry-After, and so does one whose contact used up its message budget (nothing is
 * sent), and an SMS resend past the client's `sms.perClientPerHour`. A decoy's resend (decoy.ts) is
 * throttled alike, passes the same client budget, and its would-be send counts against the contact's
 * budget; it sends nothing. A failed send answers 503 and lifts the cooldown.
 */
export const resendCode =
  (deps: ResendCodeDeps) =>
  async (input: { accountName: AccountName }, client?: { readonly sourceIp: string }): Promise<void> => {
    const nameIndex = deps.indexer.index('name', input.accountName);
    const now = deps.clock.now();
    const code = deps.random.digits(CODE_DIGITS);
    const renewed = await deps.store.renewCode(
      nameIndex,
      {
        hashFor: (accountId) => deps.codes.hash(code, 'registration', accountId),
        expiresAt: addMinutes(now, deps.settings.codes.ttlMinutes),
      },
      now,
      deps.settings.codes,
    );
    if (renewed.outcome === 'no_pending') return;
    if (renewed.outcome === 'throttled') throw new RateLimitedError(renewed.retryAfterSeconds);
    if (renewed.channel === 'sms' && deps.clientGate !== undefined) {
      // Over the client's SMS budget: 429, and the registration's own cooldown is lifted again.
      await deps.clientGate.admit(client?.sourceIp ?? 'unknown', ['sms']).catch(async (error: unknown) => {
        await deps.store.releaseCooldown(nameIndex, renewed.codeHash);
        throw error;
      });
    }
    if (renewed.decoy === true) {
      // Nothing to send; the would-be send counts against the contact's budget as a real one would.
      if (renewed.contactIndex === undefined) return;
      const spent = await deps.courier.spendWithoutSending(renewed.contactIndex);
      if (!spent.sent) throw new RateLimitedError(spent.retryAfterSeconds);
      return;
    }

    const account = await deps.store.getAccount(renewed.accountId);
    if (account === undefined) return;
    const dataKey = await deps.keys.unwrapDataKey(account.accountId, account.wrappedKey);
    let contact: Contact;
    try {
      const field = renewed.channel === 'email' ? 'email' : 'phone';
      const sealed = account.sealed[field];
      if (sealed === undefined) return;
      const value = deps.cipher.open(dataKey, account.accountId, field, sealed);
      contact =
        renewed.channel === 'email'
          ? { channel: 'email', email: value as EmailAddress }
          : { channel: 'sms', phone: value as PhoneNumber };
    } finally {
      dataKey.fill(0);
    }
    let delivery: Delivery;
    try {
      delivery = await deps.courier.sendCode(
        contact,
        {
          purpose: 'registration',
          code,
          expiresInMinutes: deps.settings.codes.ttlMinutes,
          accountName: input.accountName,
        },
        account.locale,
      );
    } catch (error) {
      await deps.store.releaseCooldown(nameIndex, renewed.codeHash);
      throw error;
    }
    if (!delivery.sent) throw new RateLimitedError(delivery.retryAfterSeconds);
  };
