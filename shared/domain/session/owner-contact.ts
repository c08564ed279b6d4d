// shared/domain/session: where an account's owner is reached. Codes and notices go to the verified email
// when there is one (SMS costs money), else to the verified phone; never to an unverified contact.
import type { FieldCipher, KeyService, SealedField } from '../ports.js';
import type { SessionAccount } from './ports.js';
import type { Contact, EmailAddress, PhoneNumber } from '../types.js';

export interface OwnerContactDeps {
  readonly keys: KeyService;
  readonly cipher: FieldCipher;
}

/** The account's decrypted fields that a session use case needs. */
export interface OpenedAccount {
  /** Where codes and notices go; undefined when no contact is verified. */
  readonly contact?: Contact;
  readonly accountName?: string;
}

/** The verified contact to write to, by sealed field: email first, then phone. */
const contactField = (account: SessionAccount): 'email' | 'phone' | undefined => {
  if (account.emailVerified && account.sealed.email !== undefined) return 'email';
  if (account.phoneVerified && account.sealed.phone !== undefined) return 'phone';
  return undefined;
};

/**
 * Opens the account's data key once and decrypts its verified contact and, when asked, its name.
 * The plaintext data key is wiped before returning.
 */
export const openAccount = async (
  deps: OwnerContactDeps,
  account: SessionAccount,
  options: { readonly accountName?: boolean } = {},
): Promise<OpenedAccount> => {
  const field = contactField(account);
  const wantsName = options.accountName === true && account.sealed.accountName !== undefined;
  if (field === undefined && !wantsName) return {};
  const dataKey = await deps.keys.unwrapDataKey(account.accountId, account.wrappedKey);
  try {
    const open = (name: SealedField, sealed: string) => deps.cipher.open(dataKey, account.accountId, name, sealed);
    let contact: Contact | undefined;
    if (field === 'email') contact = { channel: 'email', email: open('email', account.sealed.email ?? '') as EmailAddress };
    if (field === 'phone') contact = { channel: 'sms', phone: open('phone', account.sealed.phone ?? '') as PhoneNumber };
    const accountName = wantsName ? open('accountName', account.sealed.accountName ?? '') : undefined;
    return {
      ...(contact === undefined ? {} : { contact }),
      ...(accountName === undefined ? {} : { accountName }),
    };
  } finally {
    dataKey.fill(0);
  }
};
