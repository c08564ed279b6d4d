// shared/domain/registration
// functions/register → (registerAccount) → PasswordPolicy, PasswordHasher, KeyService, FieldCipher,
// BlindIndexer, CodeHasher, RegistrationStore, ContactThrottle, Courier (decoy.ts for a taken contact)
import type { AppSettings } from '../../config/settings.js';
import type { ClientGate } from '../client-budget.js';
import { maskContact } from '../contact/mask.js';
import { AccountNameTakenError } from '../errors.js';
import type {
  BlindIndexer,
  Clock,
  CodeHasher,
  ContactThrottle,
  Courier,
  FieldCipher,
  KeyService,
  PasswordHasher,
  Random,
  SealedFields,
} from '../ports.js';
import type { PasswordPolicy } from '../password/ports.js';
import type { RegistrationStore } from './ports.js';
import type { AccountId, Contact, Registration, RegistrationAccepted } from '../types.js';
import { CODE_DIGITS, addMinutes, newAccountId } from './codes.js';
import { answerAsDecoy, decoyCodeHash, decoyIndexOf, notifyOwner } from './decoy.js';

/** The password rules (NIST SP 800-63B rev 4), applied before any work. */
export interface RegisterAccountDeps {
  readonly settings: Pick<AppSettings, 'codes' | 'registration' | 'privacyPolicyVersion'>;
  readonly policy: PasswordPolicy;
  readonly hasher: PasswordHasher;
  readonly keys: KeyService;
  readonly cipher: FieldCipher;
  readonly indexer: BlindIndexer;
  readonly codes: CodeHasher;
  readonly store: Pick<RegistrationStore, 'createPending' | 'releaseCooldown'>;
  readonly noticeThrottle: ContactThrottle;
  readonly courier: Courier;
  readonly clock: Clock;
  readonly random: Random;
  /** Per-client budgets: registrations, and requests that would send an SMS (always wired; tests may omit it). */
  readonly clientGate?: ClientGate;
}

const contactOf = (registration: Registration): Contact => {
  const contact = contactFor(registration, registration.channel);
  // The request schema makes the channel's contact required; reaching here is a programming error.
  if (contact === undefined) throw new Error('Registration has no contact for its channel');
  return contact;
};

/** Encrypts every personal field under the account's data key; absent fields stay absent. */
const sealFields = (
  cipher: FieldCipher,
  dataKey: Uint8Array,
  accountId: AccountId,
  registration: Registration,
): SealedFields => {
  const seal = (field: Parameters<FieldCipher['seal']>[2], value: string) => cipher.seal(dataKey, accountId, field, value);
  return {
    accountName: seal('accountName', registration.accountName),
    ...(registration.email === undefined ? {} : { email: seal('email', registration.email) }),
    ...(registration.phone === undefined ? {} : { phone: seal('phone', registration.phone) }),
    ...(registration.preferences === undefined
      ? {}
      : { preferences: seal('preferences', JSON.stringify(registration.preferences)) }),
    ...(registration.interests === undefined ? {} : { interests: seal('interests', JSON.stringify(registration.interests)) }),
  };
};

/**
 * Registers an account that waits for its one-time code.
 *
 * Primary course:
 * 1. Check the password rules; hash it, always, so that a taken contact costs the same time.
 * 2. Make a data key for the new account; encrypt the personal fields; compute blind indexes.
 * 3. Claim name, email and phone and write the account and its code in one transaction. A contact held
 *    only unverified (a pending registration, or an active account's unverified second contact) is taken
 *    over in the same transaction: only a verified contact is taken.
 * 4. Send the code, naming the account being created, by the chosen channel (within the contact's
 *    message budget; beyond it nothing is sent and the answer is the same).
 *
 * Alternatives: a client past `registration.perClientPerHour` registrations, or (by SMS) past
 * `sms.perClientPerHour`, answers 429 before any work. A taken name answers 409. A channel contact that
 * another account verified answers exactly as a new registration: a decoy holds the name (decoy.ts),
 * nothing personal is stored, and the contact's owner gets a notice (no code), at most
 * `ownerNoticesPerHour` an hour. A verified second contact is left out of the registration and its owner
 * is told alike. A failed send answers 503 and leaves the registration resendable at once.
 */
export const registerAccount =
  (deps: RegisterAccountDeps) =>
  async (registration: Registration, client?: { readonly sourceIp: string }): Promise<RegistrationAccepted> => {
    // Counted whatever the answer, taken contact or not, so that the budget says nothing about contacts.
    await deps.clientGate?.admit(client?.sourceIp ?? 'unknown', registration.channel === 'sms' ? ['registration', 'sms'] : ['registration']);
    const password = deps.policy.check(registration.password, registration.accountName);
    const passwordHash = await deps.hasher.hash(password);
    const now = deps.clock.now();
    const accountId = newAccountId(deps.random);
    const dataKey = await deps.keys.generateDataKey(accountId);
    const code = deps.random.digits(CODE_DIGITS);
    const codeExpiresAt = addMinutes(now, deps.settings.codes.ttlMinutes);
    const contact = contactOf(registration);
    const emailIndex = registration.email === undefined ? undefined : deps.indexer.index('email', registration.email);
    const phoneIndex = registration.phone === undefined ? undefined : deps.indexer.index('phone', registration.phone);
    const nameIndex = deps.indexer.index('name', registration.accountName);
    let sealed: SealedFields;
    try {
      sealed = sealFields(deps.cipher, dataKey.plaintext, accountId, registration);
    } finally {
      dataKey.plaintext.fill(0);
    }

    const codeHash = deps.codes.hash(code, 'registration', accountId);
    const decoyHash = decoyCodeHash(deps.random);
    const result = await deps.store.createPending({
      accountId,
      nameIndex,
      ...(emailIndex === undefined ? {} : { emailIndex }),
      ...(phoneIndex === undefined ? {} : { phoneIndex }),
      wrappedKey: dataKey.wrapped,
      sealed,
      passwordHash,
      channel: registration.channel,
      locale: registration.locale,
      consent: { policyVersion: deps.settings.privacyPolicyVersion, acceptedAt: now },
      createdAt: now,
      expiresAt: new Date(now.getTime() + deps.settings.registration.pendingTtlHours * 3_600_000),
      code: { hash: codeHash, expiresAt: codeExpiresAt },
      decoyCodeHash: decoyHash,
      decoyContactIndex: decoyIndexOf(deps.indexer, contact),
    });

    if (result.outcome === 'name_taken') throw new AccountNameTakenError();
    const taken = result.taken ?? [];
    // The owners of the registration's other contacts that an active account verified are told.
    for (const channel of taken) {
      if (channel === registration.channel) continue;
      const other = contactFor(registration, channel);
      if (other !== undefined) await notifyOwner(deps, other, indexOf(deps.indexer, other), registration.locale);
    }
    if (result.outcome === 'decoy') {
      // The channel's contact is another account's: its owner is told, and the decoy holds the name.
      await answerAsDecoy(
        deps,
        contact,
        { contact: indexOf(deps.indexer, contact), decoy: decoyIndexOf(deps.indexer, contact) },
        registration.locale,
        // A real code refused by the SMS budgets lifts the cooldown: so does the decoy's.
        () => deps.store.releaseCooldown(nameIndex, decoyHash),
      );
    } else {
      try {
        // Over the contact's message budget nothing is sent, and the answer stays the same.
        await deps.courier.sendCode(
          contact,
          {
            purpose: 'registration',
            code,
            expiresInMinutes: deps.settings.codes.ttlMinutes,
            accountName: registration.accountName,
          },
          registration.locale,
        );
      } catch (error) {
        await deps.store.releaseCooldown(nameIndex, codeHash);
        throw error;
      }
    }
    return {
      accountName: registration.accountName,
      channel: registration.channel,
      destination: maskContact(contact),
      expiresAt: codeExpiresAt.toISOString(),
    };
  };

const contactFor = (registration: Registration, channel: 'email' | 'sms'): Contact | undefined => {
  if (channel === 'email') return registration.email === undefined ? undefined : { channel: 'email', email: registration.email };
  return registration.phone === undefined ? undefined : { channel: 'sms', phone: registration.phone };
};

const indexOf = (indexer: BlindIndexer, contact: Contact): string =>
  contact.channel === 'email' ? indexer.index('email', contact.email) : indexer.index('phone', contact.phone);
