// shared/adapters/dynamodb/items: every key of the single table, built in one place. Personal values never
// appear in a key: names and contacts are addressed by their blind index, accounts by an opaque random id.
import type { AccountId } from '../../../domain/types.js';

/** A key of the table. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

const accountKey = (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' }) as const;
const nameGuardKey = (nameIndex: string) => ({ pk: `NAME#${nameIndex}`, sk: 'GUARD' }) as const;
const emailGuardKey = (emailIndex: string) => ({ pk: `EMAIL#${emailIndex}`, sk: 'GUARD' }) as const;
const phoneGuardKey = (phoneIndex: string) => ({ pk: `PHONE#${phoneIndex}`, sk: 'GUARD' }) as const;
/** The live code of a pending registration, beside its name guard. */
const registrationCodeKey = (nameIndex: string) =>
  ({ pk: `NAME#${nameIndex}`, sk: 'CODE#registration' }) as const;
/** A password reset code, beside the name guard. */
const passwordResetCodeKey = (nameIndex: string) =>
  ({ pk: `NAME#${nameIndex}`, sk: 'CODE#password_reset' }) as const;
/** A contact change's code (and the sealed new contact), in the account's partition. */
const contactChangeCodeKey = (accountId: string) =>
  ({ pk: `ACCOUNT#${accountId}`, sk: 'CODE#contact_change' }) as const;
/** Prefix of the session families' sort keys in an account's partition. */
const SESSION_PREFIX = 'SESSION#';
/** A session family (one sign-in on one app client) in its account's partition. */
const sessionFamilyKey = (accountId: string, familyId: string) =>
  ({ pk: `ACCOUNT#${accountId}`, sk: `${SESSION_PREFIX}${familyId}` }) as const;
/** Prefix of the refresh token references' sort keys in an account's partition. */
const REFRESH_REF_PREFIX = 'REFRESH#';
/** The account's reference to one refresh token lookup, so that erasure finds and deletes it. */
const refreshTokenRefKey = (accountId: string, tokenHash: string) =>
  ({ pk: `ACCOUNT#${accountId}`, sk: `${REFRESH_REF_PREFIX}${tokenHash}` }) as const;
/** A refresh token's lookup, by the token's HMAC: which family it belongs to. */
const refreshTokenKey = (tokenHash: string) => ({ pk: `REFRESH#${tokenHash}`, sk: 'TOKEN' }) as const;
/** Rolling-window counter of owner notices sent to one contact. */
const noticeThrottleKey = (contactIndex: string) =>
  ({ pk: `NOTICE#${contactIndex}`, sk: 'THROTTLE' }) as const;
/** The per-account sign-in throttle, keyed by the name's blind index. */
const signInThrottleKey = (nameIndex: string) => ({ pk: `SIGNIN#${nameIndex}`, sk: 'THROTTLE' }) as const;
/** The per-IP failure window, keyed by the address's blind index. */
const ipFailureKey = (ipIndex: string) => ({ pk: `IPFAIL#${ipIndex}`, sk: 'THROTTLE' }) as const;

/** Prefix of the disclosures' sort keys in an account's partition. */
const DISCLOSURE_PREFIX = 'DISCLOSURE#';
/** A disclosure beside its account: date first, so they list in order; random id, so none is overwritten. */
const disclosureKey = (
  accountId: AccountId,
  disclosure: { readonly date: string; readonly disclosureId: string },
) =>
  ({
    pk: `ACCOUNT#${accountId}`,
    sk: `${DISCLOSURE_PREFIX}${disclosure.date}#${disclosure.disclosureId}`,
  }) as const;

/** The audit log's partition. */
const AUDIT_PARTITION = 'AUDIT';
/** An audit entry's key: time first, so a query reads the log in order. */
const auditKey = (entry: { readonly at: string; readonly entryId: string }) =>
  ({ pk: AUDIT_PARTITION, sk: `${entry.at}#${entry.entryId}` }) as const;

/** The retention sweeper's one bookkeeping item. */
const checkpointKey = { pk: 'SWEEPER', sk: 'CHECKPOINT' } as const;

/** Epoch seconds, the unit of DynamoDB TTL. */
const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export {
  accountKey,
  AUDIT_PARTITION,
  auditKey,
  checkpointKey,
  contactChangeCodeKey,
  DISCLOSURE_PREFIX,
  disclosureKey,
  emailGuardKey,
  epochSeconds,
  ipFailureKey,
  nameGuardKey,
  noticeThrottleKey,
  passwordResetCodeKey,
  phoneGuardKey,
  REFRESH_REF_PREFIX,
  refreshTokenKey,
  refreshTokenRefKey,
  registrationCodeKey,
  SESSION_PREFIX,
  sessionFamilyKey,
  signInThrottleKey,
};
