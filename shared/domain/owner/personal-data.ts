// shared/domain/owner: opening an account's sealed fields with its data key, and choosing where an
// owner notice goes. Used by the owner's use cases and by eraseAccount; nothing here is ever logged.
import type { FieldCipher, KeyService, SealedField } from '../ports.js';
import type { OwnerAccount } from './ports.js';
import type { AccountName, Contact, EmailAddress, InterestId, PhoneNumber, Preferences } from '../types.js';

/** An account's personal fields, decrypted: exactly what was given (normalized at the edge). */
export interface PersonalData {
  readonly accountName: AccountName;
  readonly email?: EmailAddress;
  readonly phone?: PhoneNumber;
  readonly preferences?: Preferences;
  readonly interests?: readonly InterestId[];
}

type Sealable = Pick<OwnerAccount, 'accountId' | 'wrappedKey'>;

/**
 * Runs `use` with the account's plaintext data key, and wipes the key afterwards whatever happens.
 *
 * @example
 * const sealed = await withDataKey(keys, account, (key) => cipher.seal(key, account.accountId, 'interests', json));
 */
const withDataKey = async <T>(
  keys: KeyService,
  account: Sealable,
  use: (dataKey: Uint8Array) => T,
): Promise<T> => {
  const dataKey = await keys.unwrapDataKey(account.accountId, account.wrappedKey);
  try {
    return use(dataKey);
  } finally {
    dataKey.fill(0);
  }
};

/** Decrypts every sealed field of the account; absent fields stay absent. */
const openPersonalData = async (
  keys: KeyService,
  cipher: FieldCipher,
  account: Sealable & Pick<OwnerAccount, 'sealed'>,
): Promise<PersonalData> =>
  withDataKey(keys, account, (dataKey) => {
    const open = (field: SealedField): string | undefined => {
      const sealed = account.sealed[field];
      return sealed === undefined ? undefined : cipher.open(dataKey, account.accountId, field, sealed);
    };
    const accountName = open('accountName');
    // Every account is registered with a name; an item without one is corrupt, not a person.
    if (accountName === undefined) throw new Error('Account item has no sealed account name');
    const email = open('email');
    const phone = open('phone');
    const preferences = open('preferences');
    const interests = open('interests');
    return {
      accountName: accountName as AccountName,
      ...(email === undefined ? {} : { email: email as EmailAddress }),
      ...(phone === undefined ? {} : { phone: phone as PhoneNumber }),
      ...(preferences === undefined ? {} : { preferences: JSON.parse(preferences) as Preferences }),
      ...(interests === undefined ? {} : { interests: JSON.parse(interests) as InterestId[] }),
    };
  });

/**
 * Where an owner notice goes: the verified email, else the verified phone (email first: SMS costs
 * money). `except` leaves out one field, e.g. a contact that has just been added.
 */
const noticeContact = (
  account: Pick<OwnerAccount, 'emailVerified' | 'phoneVerified'>,
  data: Pick<PersonalData, 'email' | 'phone'>,
  except?: 'email' | 'phone',
): Contact | undefined => {
  if (except !== 'email' && account.emailVerified && data.email !== undefined) {
    return { channel: 'email', email: data.email };
  }
  if (except !== 'phone' && account.phoneVerified && data.phone !== undefined) {
    return { channel: 'sms', phone: data.phone };
  }
  return undefined;
};

export { noticeContact, openPersonalData, withDataKey };
