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
/** Prefix of the password reset codes' sort keys in a name's partition. */
const PASSWORD_RESET_CODE_PREFIX = 'CODE#password_reset#';
/**
 * One password reset's code, beside the name guard: keyed by the blind index of its reset id (never the
 * id itself), so that one reset's wrong tries never touch another's code.
 */
const passwordResetCodeKey = (nameIndex: string, resetIndex: string) =>
  ({ pk: `NAME#${nameIndex}`, sk: `${PASSWORD_RESET_CODE_PREFIX}${resetIndex}` }) as const;
/** The send throttle of a name's reset codes (cooldown, sends per hour), whichever reset they are for. */
const passwordResetSendsKey = (nameIndex: string) =>
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
/** Messages (codes and notices) sent to one contact in its hour and day windows. */
const contactMessageBudgetKey = (contactIndex: string) =>
  ({ pk: `CONTACT#${contactIndex}`, sk: 'MESSAGES' }) as const;
/** Messages decoys for one contact would have sent, in its hour and day windows (nothing was sent). */
const contactDecoyBudgetKey = (contactIndex: string) => ({ pk: `CONTACT#${contactIndex}`, sk: 'DECOY' }) as const;
/** Code tries against codes sent to one contact, in its day window. */
const contactTryBudgetKey = (contactIndex: string) => ({ pk: `CONTACT#${contactIndex}`, sk: 'TRIES' }) as const;
/** The per-account sign-in lock count, keyed by the name's blind index. */
const signInThrottleKey = (nameIndex: string) => ({ pk: `SIGNIN#${nameIndex}`, sk: 'THROTTLE' }) as const;
/** Prefix of the per-client back-off items' sort keys in a name's sign-in partition. */
const SIGN_IN_CLIENT_PREFIX = 'CLIENT#';
/** One client's back-off on one account: the name's and the address's blind indexes. */
const signInClientThrottleKey = (nameIndex: string, ipIndex: string) =>
  ({ pk: `SIGNIN#${nameIndex}`, sk: `${SIGN_IN_CLIENT_PREFIX}${ipIndex}` }) as const;
/** The per-IP failure window, keyed by the address's blind index. */
const ipFailureKey = (ipIndex: string) => ({ pk: `IPFAIL#${ipIndex}`, sk: 'THROTTLE' }) as const;
/** SMS sent this hour (`YYYY-MM-DDTHH`, UTC) to numbers of one 6-digit prefix, keyed by the prefix's blind index. */
const smsPrefixBudgetKey = (prefixIndex: string, hour: string) =>
  ({ pk: `SMSPREFIX#${prefixIndex}`, sk: `HOUR#${hour}` }) as const;
/** SMS sent by the whole stage on one UTC day (`YYYY-MM-DD`). */
const smsDailyBudgetKey = (day: string) => ({ pk: `SMSDAY#${day}`, sk: 'BUDGET' }) as const;
/** Requests that would send an SMS this hour from one client IP, keyed by the address's blind index. */
const clientSmsBudgetKey = (ipIndex: string, hour: string) =>
  ({ pk: `CLIENT#${ipIndex}`, sk: `SMS#${hour}` }) as const;
/** Registration requests this hour from one client IP, keyed by the address's blind index. */
const clientRegistrationBudgetKey = (ipIndex: string, hour: string) =>
  ({ pk: `CLIENT#${ipIndex}`, sk: `REGISTRATION#${hour}` }) as const;

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

/** Prefix of the idempotency records' partitions: one partition per route. */
const IDEMPOTENCY_PREFIX = 'IDEMPOTENCY#';
/**
 * The partition of a route's idempotency records. Powertools writes the sort key itself:
 * `<route>#<SHA-256 of the caller and the Idempotency-Key>` (shared/adapters/dynamodb/powertools-idempotency-store.ts).
 */
const idempotencyPartition = (route: string): string => `${IDEMPOTENCY_PREFIX}${route}`;

/** The retention sweeper's one bookkeeping item. */
const checkpointKey = { pk: 'SWEEPER', sk: 'CHECKPOINT' } as const;

/** Epoch seconds, the unit of DynamoDB TTL. */
const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export {
  accountKey,
  AUDIT_PARTITION,
  auditKey,
  checkpointKey,
  clientRegistrationBudgetKey,
  clientSmsBudgetKey,
  contactChangeCodeKey,
  contactDecoyBudgetKey,
  contactMessageBudgetKey,
  contactTryBudgetKey,
  DISCLOSURE_PREFIX,
  disclosureKey,
  emailGuardKey,
  epochSeconds,
  IDEMPOTENCY_PREFIX,
  idempotencyPartition,
  ipFailureKey,
  nameGuardKey,
  noticeThrottleKey,
  PASSWORD_RESET_CODE_PREFIX,
  passwordResetCodeKey,
  passwordResetSendsKey,
  phoneGuardKey,
  REFRESH_REF_PREFIX,
  refreshTokenKey,
  refreshTokenRefKey,
  registrationCodeKey,
  SIGN_IN_CLIENT_PREFIX,
  signInClientThrottleKey,
  SESSION_PREFIX,
  sessionFamilyKey,
  signInThrottleKey,
  smsDailyBudgetKey,
  smsPrefixBudgetKey,
};
