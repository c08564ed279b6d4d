// shared/domain/owner
// functions/me-contact → (requestContactChange) → authenticate, PasswordHasher, BlindIndexer, OwnerStore,
//   KeyService, FieldCipher, CodeHasher, CodeStore, ContactThrottle, Courier
// functions/me-contact-confirm → (confirmContactChange) → authenticate, CodeStore, CodeHasher, OwnerStore,
//   KeyService, FieldCipher, Courier
import type { AppSettings } from '../../config/settings.js';
import type { ClientGate } from '../client-budget.js';
import { maskContact } from '../contact/mask.js';
import { InvalidCodeError, InvalidRequestError, RateLimitedError } from '../errors.js';
import type { CodePayload, CodeSlot, CodeStore } from '../codes/ports.js';
import type {
  BlindIndexer,
  Clock,
  CodeHasher,
  ContactThrottle,
  Courier,
  FieldCipher,
  KeyService,
  Logger,
  Random,
} from '../ports.js';
import type { ContactField, OwnerAccount, OwnerStore } from './ports.js';
import type { ContactBudget } from '../courier/ports.js';
import { CODE_DIGITS, addMinutes, isCodeShaped } from '../registration/codes.js';
import { answerAsDecoy, decoyCodeHash, decoyIndexOf } from '../registration/decoy.js';
import type { Channel, Contact, Password } from '../types.js';
import { loadCaller, type CurrentPasswordCheck, type OwnerRequest } from './caller.js';
import type { IdentifyCaller } from '../session/ports.js';
import { noticeContact, openPersonalData, withDataKey } from './personal-data.js';

/** POST /v1/me/contact after validation: one new contact, and the current password. */
export interface ContactChangeRequest {
  readonly contact: Contact;
  readonly currentPassword: Password;
}

/** 202 to POST /v1/me/contact, for a free contact and a taken one alike. */
export interface ContactChangeAccepted {
  readonly channel: Channel;
  /** The new contact, masked. */
  readonly destination: string;
  /** ISO 8601 time at which the code stops working. */
  readonly expiresAt: string;
}

export interface RequestContactChangeDeps {
  readonly settings: Pick<AppSettings, 'codes' | 'registration'>;
  readonly authenticate: IdentifyCaller;
  readonly store: Pick<OwnerStore, 'load' | 'contactHolder'>;
  readonly checkPassword: CurrentPasswordCheck;
  readonly indexer: BlindIndexer;
  readonly keys: KeyService;
  readonly cipher: FieldCipher;
  readonly codeHasher: CodeHasher;
  readonly codes: Pick<CodeStore, 'issue' | 'releaseCooldown'>;
  readonly noticeThrottle: ContactThrottle;
  readonly courier: Courier;
  readonly clock: Clock;
  readonly random: Random;
  /** Per-client budget of requests that would send an SMS (always wired; tests may omit it). */
  readonly clientGate?: ClientGate;
}

export interface ConfirmContactChangeDeps {
  readonly settings: Pick<AppSettings, 'codes'>;
  readonly authenticate: IdentifyCaller;
  readonly store: Pick<OwnerStore, 'load' | 'replaceContact'>;
  readonly codeHasher: CodeHasher;
  readonly codes: Pick<CodeStore, 'countTry' | 'spend'>;
  /** The new contact's code tries of the day (`contacts.failedTriesPerDay`). */
  readonly budget: Pick<ContactBudget, 'takeTry'>;
  readonly keys: KeyService;
  readonly cipher: FieldCipher;
  readonly courier: Courier;
  readonly clock: Clock;
  /** Where a failed change notice is reported (ids and error names only). */
  readonly logger?: Pick<Logger, 'warn'>;
}

/** The pending contact a contact-change code carries: sealed, with its blind index. */
interface PendingContact {
  readonly field: ContactField;
  readonly index: string;
  readonly sealed: string;
}

const fieldOf = (contact: Contact): ContactField => (contact.channel === 'email' ? 'email' : 'phone');
const valueOf = (contact: Contact): string => (contact.channel === 'email' ? contact.email : contact.phone);
const indexOf = (account: OwnerAccount, field: ContactField): string | undefined =>
  field === 'email' ? account.emailIndex : account.phoneIndex;
const slotOf = (account: OwnerAccount): CodeSlot => ({
  purpose: 'contact_change',
  accountId: account.accountId,
});

const payloadOf = (pending: PendingContact): CodePayload => ({ ...pending });

const pendingContactOf = (payload: CodePayload | undefined): PendingContact | undefined => {
  const field = payload?.field;
  const index = payload?.index;
  const sealed = payload?.sealed;
  if ((field !== 'email' && field !== 'phone') || index === undefined || sealed === undefined)
    return undefined;
  return { field, index, sealed };
};

/**
 * Starts adding or replacing the caller's email or phone: the new contact must prove itself with a
 * code before it replaces the old one.
 *
 * Primary course:
 * 1. Authenticate the bearer token, load the account, check the current password.
 * 2. Seal the new contact under the account's data key and keep it, with its blind index, beside a new
 *    `contact_change` code (throttled like a resend: a cooldown, and sends per hour).
 * 3. Send the code to the new contact.
 *
 * Alternatives: a new contact that belongs to another account answers exactly alike: a decoy code
 * (shared/domain/registration/decoy.ts, the same mechanism as registration's: a hash no code matches,
 * never sent) takes the same throttle slot (so the next request is throttled alike) and the same slot of
 * the contact's message budget, nothing about the account changes, and the contact's owner gets a notice
 * (at most `ownerNoticesPerHour`). Over the contact's message budget nothing is sent, answered alike. The
 * account's own contact answers 400. A wrong password answers 401 `invalid_credentials` (it counts as
 * a failed sign-in); too many requests 429; a failed send 503, and the request may be repeated at once.
 */
export const requestContactChange =
  (deps: RequestContactChangeDeps) =>
  async (input: ContactChangeRequest, request: OwnerRequest): Promise<ContactChangeAccepted> => {
    const account = await loadCaller(deps.authenticate, deps.store, request.authorization);
    await deps.checkPassword(account, input.currentPassword, request.sourceIp);
    // A change to a phone counts as a text, taken phone or not (its decoy answers alike).
    if (input.contact.channel === 'sms') await deps.clientGate?.admit(request.sourceIp, ['sms']);
    const field = fieldOf(input.contact);
    const index = deps.indexer.index(field, valueOf(input.contact));
    if (index === indexOf(account, field)) {
      throw new InvalidRequestError('This is already the contact of the account.', [
        { field, issue: 'is already the contact of this account' },
      ]);
    }

    const now = deps.clock.now();
    const holder = await deps.store.contactHolder(field, index, now);
    const taken = holder !== undefined && holder !== account.accountId;
    const code = deps.random.digits(CODE_DIGITS);
    const expiresAt = addMinutes(now, deps.settings.codes.ttlMinutes);
    // A taken contact gets the decoy's hash, which no code matches (decoy.ts).
    const codeHash = taken ? decoyCodeHash(deps.random) : deps.codeHasher.hash(code, 'contact_change', account.accountId);
    // Sealed either way, so that a taken contact costs the same work (and the same KMS call) as a free one.
    const sealed = await withDataKey(deps.keys, account, (dataKey) =>
      deps.cipher.seal(dataKey, account.accountId, field, valueOf(input.contact)),
    );
    const payload = taken ? undefined : payloadOf({ field, index, sealed });
    const issued = await deps.codes.issue(
      slotOf(account),
      { accountId: account.accountId, codeHash, expiresAt, ...(payload === undefined ? {} : { payload }) },
      now,
      deps.settings.codes,
    );
    if (issued.outcome === 'throttled') throw new RateLimitedError(issued.retryAfterSeconds);

    if (taken) {
      await answerAsDecoy(
        deps,
        input.contact,
        { contact: index, decoy: decoyIndexOf(deps.indexer, input.contact) },
        account.locale,
        // A real code refused by the SMS budgets lifts the cooldown: so does the decoy's.
        () => deps.codes.releaseCooldown(slotOf(account), codeHash),
      );
    } else {
      try {
        await deps.courier.sendCode(
          input.contact,
          { purpose: 'contact_change', code, expiresInMinutes: deps.settings.codes.ttlMinutes },
          account.locale,
        );
      } catch (error) {
        await deps.codes.releaseCooldown(slotOf(account), codeHash);
        throw error;
      }
    }
    return {
      channel: input.contact.channel,
      destination: maskContact(input.contact),
      expiresAt: expiresAt.toISOString(),
    };
  };

/**
 * Confirms a contact change with the code sent to the new contact.
 *
 * Primary course:
 * 1. Authenticate the bearer token and load the account.
 * 2. Count the try on the account's `contact_change` code, and on the new contact's tries of the day
 *    (`contacts.failedTriesPerDay`), before comparing; compare its HMAC in constant time; spend it (of
 *    two racing confirms, one wins).
 * 3. In one transaction: claim the new contact's guard, release the old one, store the sealed contact,
 *    its index and its verified flag (conditional on the contact being as it was read).
 * 4. Tell the old contact (if verified; else the account's other verified contact) that it changed.
 *    No code in that notice.
 *
 * Alternatives: a wrong, expired, spent or decoy code, or a contact taken or changed meanwhile: 400
 * `invalid_code`. A missing, bad or revoked token: 401 `unauthorized`.
 */
export const confirmContactChange =
  (deps: ConfirmContactChangeDeps) =>
  async (
    input: { code: string },
    request: Pick<OwnerRequest, 'authorization'>,
  ): Promise<{ status: 'changed' }> => {
    const account = await loadCaller(deps.authenticate, deps.store, request.authorization);
    if (!isCodeShaped(input.code)) throw new InvalidCodeError();
    const now = deps.clock.now();
    const slot = slotOf(account);
    const counted = await deps.codes.countTry(slot, now, deps.settings.codes.maxAttemptsPerCode);
    if (counted.outcome === 'no_live_code') throw new InvalidCodeError();
    const pending = pendingContactOf(counted.code.payload);
    // Counted against the new contact's tries of the day before comparing; a decoy has no contact.
    const contactTry = pending === undefined ? undefined : await deps.budget.takeTry(pending.index, now);
    if (
      contactTry?.allowed === false ||
      !deps.codeHasher.verify(input.code, 'contact_change', account.accountId, counted.code.codeHash)
    ) {
      throw new InvalidCodeError();
    }
    if (pending === undefined || !(await deps.codes.spend(slot, counted.code.codeHash)))
      throw new InvalidCodeError();

    // Read the old contact while it is still stored: afterwards only the new one is.
    const previousIndex = indexOf(account, pending.field);
    const data = await openPersonalData(deps.keys, deps.cipher, account);
    const replacedVerified = pending.field === 'email' ? account.emailVerified : account.phoneVerified;
    const told = replacedVerified
      ? noticeContact(account, data, pending.field === 'email' ? 'phone' : 'email')
      : noticeContact(account, data, pending.field);

    const outcome = await deps.store.replaceContact(account.accountId, {
      field: pending.field,
      index: pending.index,
      sealed: pending.sealed,
      ...(previousIndex === undefined ? {} : { previousIndex }),
      at: now,
    });
    if (outcome !== 'changed') throw new InvalidCodeError();

    if (told !== undefined) {
      try {
        await deps.courier.sendNotice(told, 'contact_changed', account.locale);
      } catch (error) {
        deps.logger?.warn('contact change notice not sent', {
          accountId: account.accountId,
          errorName: error instanceof Error ? error.name : typeof error,
        });
      }
    }
    return { status: 'changed' };
  };
