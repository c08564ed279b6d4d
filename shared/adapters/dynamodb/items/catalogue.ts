// shared/adapters/dynamodb/items: the catalogue of the single table's item kinds, and the one classifier
// from a key to its kind. The retention sweeper and erasure both decide by it, so a kind added here
// without saying how it expires, is erased and is swept does not compile. README "Storage" lists the same
// kinds (a test compares the two).
import type { AccountId } from '../../../domain/types.js';
import {
  contactDecoyBudgetKey,
  contactMessageBudgetKey,
  contactTryBudgetKey,
  noticeThrottleKey,
  PASSWORD_RESET_CODE_PREFIX,
  passwordResetSendsKey,
  REFRESH_REF_PREFIX,
  refreshTokenKey,
  registrationCodeKey,
  SIGN_IN_CLIENT_PREFIX,
  signInThrottleKey,
  type ItemKey,
} from './keys.js';

/**
 * What ties an item to an account: its partition names the account (`account`), the account's name
 * (`name`), one of its contacts (`email`, `phone`, `contact` for either), or nothing (`none`). The value
 * is the key's one placeholder in `pk`.
 */
type ItemOwner = 'account' | 'name' | 'email' | 'phone' | 'contact' | 'none';

/**
 * How an item ends by itself: TTL on `expiresAt` (`ttl`), TTL while the registration is pending
 * (`ttl-while-pending`), TTL unless it locked a real account (`ttl-unless-locked`), or never (`never`:
 * it goes with its account, or is bookkeeping).
 */
type ItemExpiry = 'ttl' | 'ttl-while-pending' | 'ttl-unless-locked' | 'never';

/**
 * What erasing the owning account does with it: replaced by the tombstone (`tombstone`), deleted if it
 * still names the account (`release`, the guards), deleted (`delete`), kept (`keep`: the audit log, which
 * names accounts by opaque id only and outlives them by law; a lifecycle event's outbox item, which must outlive
 * the erasure it announces until it is forwarded), deleted through the reference to it in the
 * account's partition (`by-reference`: a refresh token's lookup), or nothing, since no account owns it
 * (`unowned`).
 */
type ItemErasure = 'tombstone' | 'release' | 'delete' | 'keep' | 'by-reference' | 'unowned';

/**
 * What the retention sweeper does with it: read it as an account, remove it once its TTL passed as a
 * guard, code or throttle (counted under that name), or never touch it (`never`).
 */
type ItemSweep = 'account' | 'guard' | 'code' | 'throttle' | 'never';

/** One kind of item: its key pattern (`<…>` a placeholder without `#`) and its life. */
interface ItemKind {
  readonly pk: string;
  readonly sk: string;
  readonly owner: ItemOwner;
  readonly expiry: ItemExpiry;
  readonly erasure: ItemErasure;
  readonly sweep: ItemSweep;
}

/** Every kind of item the code writes. */
const ITEM_KINDS = {
  account: {
    pk: 'ACCOUNT#<account id>',
    sk: 'ACCOUNT',
    owner: 'account',
    expiry: 'ttl-while-pending',
    erasure: 'tombstone',
    sweep: 'account',
  },
  nameGuard: {
    pk: 'NAME#<name index>',
    sk: 'GUARD',
    owner: 'name',
    expiry: 'ttl-while-pending',
    erasure: 'release',
    sweep: 'guard',
  },
  emailGuard: {
    pk: 'EMAIL#<email index>',
    sk: 'GUARD',
    owner: 'email',
    expiry: 'ttl-while-pending',
    erasure: 'release',
    sweep: 'guard',
  },
  phoneGuard: {
    pk: 'PHONE#<phone index>',
    sk: 'GUARD',
    owner: 'phone',
    expiry: 'ttl-while-pending',
    erasure: 'release',
    sweep: 'guard',
  },
  registrationCode: {
    pk: 'NAME#<name index>',
    sk: 'CODE#registration',
    owner: 'name',
    expiry: 'ttl',
    erasure: 'delete',
    sweep: 'code',
  },
  passwordResetCode: {
    pk: 'NAME#<name index>',
    sk: 'CODE#password_reset#<reset index>',
    owner: 'name',
    expiry: 'ttl',
    erasure: 'delete',
    sweep: 'code',
  },
  passwordResetSends: {
    pk: 'NAME#<name index>',
    sk: 'CODE#password_reset',
    owner: 'name',
    expiry: 'ttl',
    erasure: 'delete',
    sweep: 'throttle',
  },
  contactChangeCode: {
    pk: 'ACCOUNT#<account id>',
    sk: 'CODE#contact_change',
    owner: 'account',
    expiry: 'ttl',
    erasure: 'delete',
    sweep: 'code',
  },
  sessionFamily: {
    pk: 'ACCOUNT#<account id>',
    sk: 'SESSION#<family id>',
    owner: 'account',
    expiry: 'ttl',
    erasure: 'delete',
    sweep: 'never',
  },
  refreshTokenRef: {
    pk: 'ACCOUNT#<account id>',
    sk: 'REFRESH#<token hash>',
    owner: 'account',
    expiry: 'ttl',
    erasure: 'delete',
    sweep: 'never',
  },
  refreshToken: {
    pk: 'REFRESH#<token hash>',
    sk: 'TOKEN',
    owner: 'none',
    expiry: 'ttl',
    erasure: 'by-reference',
    sweep: 'never',
  },
  noticeThrottle: {
    pk: 'NOTICE#<contact index>',
    sk: 'THROTTLE',
    owner: 'contact',
    expiry: 'ttl',
    erasure: 'delete',
    sweep: 'throttle',
  },
  contactMessageBudget: {
    pk: 'CONTACT#<contact index>',
    sk: 'MESSAGES',
    owner: 'contact',
    expiry: 'ttl',
    erasure: 'delete',
    sweep: 'throttle',
  },
  contactDecoyBudget: {
    pk: 'CONTACT#<contact index>',
    sk: 'DECOY',
    owner: 'contact',
    expiry: 'ttl',
    erasure: 'delete',
    sweep: 'throttle',
  },
  contactTryBudget: {
    pk: 'CONTACT#<contact index>',
    sk: 'TRIES',
    owner: 'contact',
    expiry: 'ttl',
    erasure: 'delete',
    sweep: 'throttle',
  },
  signInThrottle: {
    pk: 'SIGNIN#<name index>',
    sk: 'THROTTLE',
    owner: 'name',
    expiry: 'ttl-unless-locked',
    erasure: 'delete',
    sweep: 'throttle',
  },
  signInClientThrottle: {
    pk: 'SIGNIN#<name index>',
    sk: 'CLIENT#<ip index>',
    owner: 'name',
    expiry: 'ttl',
    erasure: 'delete',
    sweep: 'throttle',
  },
  ipFailureThrottle: {
    pk: 'IPFAIL#<ip index>',
    sk: 'THROTTLE',
    owner: 'none',
    expiry: 'ttl',
    erasure: 'unowned',
    sweep: 'throttle',
  },
  smsPrefixBudget: {
    pk: 'SMSPREFIX#<prefix index>',
    sk: 'HOUR#<hour>',
    owner: 'none',
    expiry: 'ttl',
    erasure: 'unowned',
    sweep: 'throttle',
  },
  smsDailyBudget: {
    pk: 'SMSDAY#<date>',
    sk: 'BUDGET',
    owner: 'none',
    expiry: 'ttl',
    erasure: 'unowned',
    sweep: 'throttle',
  },
  clientSmsBudget: {
    pk: 'CLIENT#<ip index>',
    sk: 'SMS#<hour>',
    owner: 'none',
    expiry: 'ttl',
    erasure: 'unowned',
    sweep: 'throttle',
  },
  clientRegistrationBudget: {
    pk: 'CLIENT#<ip index>',
    sk: 'REGISTRATION#<hour>',
    owner: 'none',
    expiry: 'ttl',
    erasure: 'unowned',
    sweep: 'throttle',
  },
  disclosure: {
    pk: 'ACCOUNT#<account id>',
    sk: 'DISCLOSURE#<date>#<disclosure id>',
    owner: 'account',
    expiry: 'never',
    erasure: 'delete',
    sweep: 'never',
  },
  auditEntry: {
    pk: 'AUDIT',
    sk: '<time>#<entry id>',
    owner: 'none',
    expiry: 'ttl',
    erasure: 'keep',
    sweep: 'never',
  },
  // A kept answer to an Idempotency-Key, sealed; keyed by a hash of the caller (the IP's blind index or the
  // account id) and the key, so no account can find its own: erasure leaves it to its 24-hour TTL.
  idempotencyRecord: {
    pk: 'IDEMPOTENCY#<route>',
    sk: '<route>#<key hash>',
    owner: 'none',
    expiry: 'ttl',
    erasure: 'unowned',
    sweep: 'never',
  },
  outboxEvent: {
    pk: 'OUTBOX#<event id>',
    sk: 'EVENT',
    owner: 'none',
    expiry: 'ttl',
    erasure: 'keep',
    sweep: 'never',
  },
  sweepCheckpoint: {
    pk: 'SWEEPER',
    sk: 'CHECKPOINT',
    owner: 'none',
    expiry: 'never',
    erasure: 'unowned',
    sweep: 'never',
  },
} as const satisfies Readonly<Record<string, ItemKind>>;

type ItemKindName = keyof typeof ITEM_KINDS;

/** The kinds' names, in catalogue order. */
const ITEM_KIND_NAMES = Object.keys(ITEM_KINDS) as ItemKindName[];

/** What a key says of its item: its kind, and the account (or the account's name or contact) it hangs off. */
type ClassifiedItem = {
  readonly kind: ItemKindName;
  readonly spec: ItemKind;
} & (
  | { readonly owner: 'account'; readonly accountId: AccountId }
  | { readonly owner: 'name' | 'email' | 'phone' | 'contact'; readonly index: string }
  | { readonly owner: 'none' }
);

const PLACEHOLDER = /<[^>]+>/g;
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A pattern as an anchored regular expression; each placeholder is a group of characters other than `#`. */
const compile = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split(PLACEHOLDER).map(escape).join('([^#]+)')}$`);

const MATCHERS = ITEM_KIND_NAMES.map((kind) => ({
  kind,
  spec: ITEM_KINDS[kind] as ItemKind,
  pk: compile(ITEM_KINDS[kind].pk),
  sk: compile(ITEM_KINDS[kind].sk),
}));

/**
 * The kind of an item from its key alone, and what it belongs to; undefined for a key of no known kind.
 *
 * @example
 * classifyKey({ pk: 'NAME#abc', sk: 'CODE#registration' }); // { kind: 'registrationCode', owner: 'name', index: 'abc', … }
 */
const classifyKey = (key: ItemKey): ClassifiedItem | undefined => {
  for (const { kind, spec, pk, sk } of MATCHERS) {
    const owned = pk.exec(key.pk);
    if (owned === null || !sk.test(key.sk)) continue;
    const value = owned[1] ?? '';
    switch (spec.owner) {
      case 'none':
        return { kind, spec, owner: 'none' };
      case 'account':
        return { kind, spec, owner: 'account', accountId: value as AccountId };
      default:
        return { kind, spec, owner: spec.owner, index: value };
    }
  }
  return undefined;
};

type IndexOwner = 'name' | 'email' | 'phone' | 'contact';

/** The kinds keyed by one of the account's indexes that erasure deletes outright. */
type ErasedWithIndex = {
  [K in ItemKindName]: (typeof ITEM_KINDS)[K] extends {
    readonly owner: IndexOwner;
    readonly erasure: 'delete';
  }
    ? K
    : never;
}[ItemKindName];

/** Of them, those whose sort key has a placeholder of its own: found by a query of the partition. */
type ErasedByQuery = {
  [K in ErasedWithIndex]: (typeof ITEM_KINDS)[K]['sk'] extends `${string}<${string}>${string}` ? K : never;
}[ErasedWithIndex];

/** And those whose key follows from the index alone. */
type ErasedByIndex = Exclude<ErasedWithIndex, ErasedByQuery>;

/** The key of each of them from the index: a kind added to that set without one does not compile. */
const KEY_BY_INDEX: { readonly [K in ErasedByIndex]: (index: string) => ItemKey } = {
  registrationCode: registrationCodeKey,
  passwordResetSends: passwordResetSendsKey,
  noticeThrottle: noticeThrottleKey,
  contactMessageBudget: contactMessageBudgetKey,
  contactDecoyBudget: contactDecoyBudgetKey,
  contactTryBudget: contactTryBudgetKey,
  signInThrottle: signInThrottleKey,
};

/**
 * The keys erasure deletes with the account under one of its indexes (its name's codes and throttle, a
 * contact's notice throttle), in catalogue order.
 *
 * @example
 * erasedWith('name', account.nameIndex); // registration code, reset sends, sign-in throttle
 */
const erasedWith = (owner: IndexOwner, index: string): ItemKey[] =>
  (Object.keys(KEY_BY_INDEX) as ErasedByIndex[])
    .filter((kind) => ITEM_KINDS[kind].owner === owner)
    .sort((a, b) => ITEM_KIND_NAMES.indexOf(a) - ITEM_KIND_NAMES.indexOf(b))
    .map((kind) => KEY_BY_INDEX[kind](index));

/** A partition and sort-key prefix to query: one account's items of a kind keyed by two indexes. */
interface ItemQuery {
  readonly pk: string;
  readonly skPrefix: string;
}

/** The query of each of them from the index: a kind added to that set without one does not compile. */
const QUERY_BY_INDEX: { readonly [K in ErasedByQuery]: (index: string) => ItemQuery } = {
  passwordResetCode: (index) => ({ pk: `NAME#${index}`, skPrefix: PASSWORD_RESET_CODE_PREFIX }),
  signInClientThrottle: (index) => ({ pk: `SIGNIN#${index}`, skPrefix: SIGN_IN_CLIENT_PREFIX }),
};

/**
 * The queries that find what erasure deletes with the account under one of its indexes beyond
 * `erasedWith` (its name's reset codes, its per-client sign-in back-off), in catalogue order.
 *
 * @example
 * erasedUnder('name', account.nameIndex); // [{ pk: 'NAME#…', skPrefix: 'CODE#password_reset#' }, …]
 */
const erasedUnder = (owner: IndexOwner, index: string): ItemQuery[] =>
  (Object.keys(QUERY_BY_INDEX) as ErasedByQuery[])
    .filter((kind) => ITEM_KINDS[kind].owner === owner)
    .sort((a, b) => ITEM_KIND_NAMES.indexOf(a) - ITEM_KIND_NAMES.indexOf(b))
    .map((kind) => QUERY_BY_INDEX[kind](index));


/**
 * The keys erasure deletes for one key of the account's partition: the key itself and, for a refresh
 * token reference, the token's lookup it names (which no partition of the account holds).
 *
 * @example
 * withReferenced({ pk: 'ACCOUNT#a1', sk: 'REFRESH#h1' }); // that key, and { pk: 'REFRESH#h1', sk: 'TOKEN' }
 */
const withReferenced = (key: ItemKey): ItemKey[] =>
  classifyKey(key)?.kind === 'refreshTokenRef'
    ? [key, refreshTokenKey(key.sk.slice(REFRESH_REF_PREFIX.length))]
    : [key];


export { classifyKey, erasedUnder, erasedWith, ITEM_KIND_NAMES, ITEM_KINDS, withReferenced };
export type { ItemQuery };
export type { ClassifiedItem, ItemErasure, ItemExpiry, ItemKind, ItemKindName, ItemOwner, ItemSweep };
