// shared/adapters/dynamodb/items: the account item's codec, the one place that reads its attributes.
// Each store answers its port with a view of the decoded item (sign-in, registration, the owner's
// rights, the operators, the sweeper), never with the raw item.
import type { AdminAccountView } from '../../../domain/admin/ports.js';
import type {
  ConsentRecord,
  ErasureReason,
  ErasureRequest,
  LegalHold,
  OwnerAccount,
} from '../../../domain/owner/ports.js';
import type { SealedField, SealedFields } from '../../../domain/ports.js';
import type { StoredAccount } from '../../../domain/registration/ports.js';
import type { SessionAccount } from '../../../domain/session/ports.js';
import type { AccountId, Locale } from '../../../domain/types.js';
import { epochSeconds } from './keys.js';

/** The account item (pending, active, or the tombstone of an erased account), as stored. */
interface AccountItem {
  readonly accountId: AccountId;
  /** `pending`, `active` or `erased` (a tombstone); anything else is read as it is. */
  readonly status: string;
  readonly wrappedKey: string;
  /** Absent on a tombstone. */
  readonly sealed?: SealedFields;
  readonly fieldsCollectedAt: Readonly<Partial<Record<SealedField, string>>>;
  readonly passwordHash: string;
  readonly tokenGeneration: number;
  readonly locale: Locale;
  readonly nameIndex: string;
  readonly emailIndex?: string;
  readonly phoneIndex?: string;
  readonly emailVerified: boolean;
  readonly phoneVerified: boolean;
  readonly consent: readonly ConsentRecord[];
  /** ISO 8601. */
  readonly createdAt: string;
  readonly activatedAt?: string;
  readonly lastActiveAt?: string;
  /** TTL, epoch seconds: a pending registration's lapse, or the tombstone's end. */
  readonly expiresAt?: number;
  readonly legalHold?: LegalHold;
  readonly erasureRequested?: ErasureRequest;
}

const text = (record: Record<string, unknown>, key: string): string | undefined =>
  typeof record[key] === 'string' ? record[key] : undefined;

/** A legal hold as stored; its text fields read as '' when missing. */
const asLegalHold = (value: unknown): LegalHold | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const hold = value as Record<string, unknown>;
  return {
    active: hold.active === true,
    since: text(hold, 'since') ?? '',
    reason: text(hold, 'reason') ?? '',
    basis: text(hold, 'basis') ?? '',
    reference: text(hold, 'reference') ?? '',
  };
};

const asErasureRequest = (value: unknown): ErasureRequest | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const request = value as Record<string, unknown>;
  const requestedAt = text(request, 'requestedAt');
  return requestedAt === undefined ? undefined : { requestedAt, reason: request.reason as ErasureReason };
};

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/**
 * Decodes an account item (whole, or as much of it as a projection read). The account id falls back to
 * the one in the key.
 */
const decodeAccount = (item: Record<string, unknown>): AccountItem => {
  const fromKey =
    typeof item.pk === 'string' && item.pk.startsWith('ACCOUNT#')
      ? item.pk.slice('ACCOUNT#'.length)
      : undefined;
  return {
    accountId: (text(item, 'accountId') ?? fromKey) as AccountId,
    status: item.status as string,
    wrappedKey: item.wrappedKey as string,
    ...optional('sealed', item.sealed as SealedFields | undefined),
    fieldsCollectedAt: (item.fieldsCollectedAt ?? {}) as AccountItem['fieldsCollectedAt'],
    passwordHash: item.passwordHash as string,
    tokenGeneration: typeof item.tokenGeneration === 'number' ? item.tokenGeneration : 0,
    locale: item.locale as Locale,
    nameIndex: item.nameIndex as string,
    ...optional('emailIndex', text(item, 'emailIndex')),
    ...optional('phoneIndex', text(item, 'phoneIndex')),
    emailVerified: item.emailVerified === true,
    phoneVerified: item.phoneVerified === true,
    consent: Array.isArray(item.consent) ? (item.consent as ConsentRecord[]) : [],
    createdAt: item.createdAt as string,
    ...optional('activatedAt', text(item, 'activatedAt')),
    ...optional('lastActiveAt', text(item, 'lastActiveAt')),
    ...optional('expiresAt', typeof item.expiresAt === 'number' ? item.expiresAt : undefined),
    ...optional('legalHold', asLegalHold(item.legalHold)),
    ...optional('erasureRequested', asErasureRequest(item.erasureRequested)),
  };
};

const isLive = (status: string): status is 'pending' | 'active' =>
  status === 'pending' || status === 'active';

/** The TTL has passed (DynamoDB deletes late: such an item is already gone). */
const hasLapsed = (account: AccountItem, now: Date): boolean =>
  account.expiresAt !== undefined && account.expiresAt <= epochSeconds(now);

const indexes = (account: AccountItem) => ({
  ...optional('emailIndex', account.emailIndex),
  ...optional('phoneIndex', account.phoneIndex),
});

/** Registration's view: the account unless its TTL has passed. */
const toStoredAccount = (account: AccountItem, now: Date): StoredAccount | undefined => {
  if (hasLapsed(account, now)) return undefined;
  return {
    accountId: account.accountId,
    status: account.status as StoredAccount['status'],
    wrappedKey: account.wrappedKey,
    sealed: account.sealed as SealedFields,
    locale: account.locale,
    nameIndex: account.nameIndex,
    ...indexes(account),
    createdAt: account.createdAt,
  };
};

/** Sign-in's view: a pending or active account; undefined for a tombstone or a lapsed pending registration. */
const toSessionAccount = (account: AccountItem, now: Date): SessionAccount | undefined => {
  if (!isLive(account.status)) return undefined;
  if (account.status === 'pending' && hasLapsed(account, now)) return undefined;
  return {
    accountId: account.accountId,
    status: account.status,
    wrappedKey: account.wrappedKey,
    sealed: account.sealed ?? {},
    locale: account.locale,
    nameIndex: account.nameIndex,
    ...indexes(account),
    createdAt: account.createdAt,
    passwordHash: account.passwordHash,
    tokenGeneration: account.tokenGeneration,
    emailVerified: account.emailVerified,
    phoneVerified: account.phoneVerified,
    consent: account.consent,
    ...optional('lastActiveAt', account.lastActiveAt),
    ...optional('legalHold', account.legalHold),
  };
};

/** The owner's view: a pending (lapsed or not) or active account; undefined for a tombstone. */
const toOwnerAccount = (account: AccountItem): OwnerAccount | undefined => {
  if (!isLive(account.status)) return undefined;
  return {
    accountId: account.accountId,
    status: account.status,
    wrappedKey: account.wrappedKey,
    sealed: account.sealed ?? {},
    fieldsCollectedAt: account.fieldsCollectedAt,
    passwordHash: account.passwordHash,
    tokenGeneration: account.tokenGeneration,
    locale: account.locale,
    nameIndex: account.nameIndex,
    ...indexes(account),
    emailVerified: account.emailVerified,
    phoneVerified: account.phoneVerified,
    consent: account.consent,
    createdAt: account.createdAt,
    ...(account.status === 'pending' && account.expiresAt !== undefined
      ? { expiresAt: new Date(account.expiresAt * 1000) }
      : {}),
    ...optional('legalHold', account.legalHold),
    ...optional('erasureRequested', account.erasureRequested),
  };
};

const SEALED_FIELDS: readonly SealedField[] = ['accountName', 'email', 'phone', 'preferences', 'interests'];

/** The operators' view: which fields it holds, its hold and waiting erasure; no ciphertext or index. */
const toAdminView = (account: AccountItem): AdminAccountView | undefined => {
  if (!isLive(account.status)) return undefined;
  const sealed = (account.sealed ?? {}) as Record<string, unknown>;
  return {
    accountId: account.accountId,
    status: account.status,
    fields: SEALED_FIELDS.filter((field) => typeof sealed[field] === 'string'),
    ...optional('legalHold', account.legalHold),
    ...optional('erasureRequested', account.erasureRequested),
  };
};

export { decodeAccount, hasLapsed, toAdminView, toOwnerAccount, toSessionAccount, toStoredAccount };
export type { AccountItem };
