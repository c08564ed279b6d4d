// test/helpers: an in-memory OwnerStore and a stub authenticate, for the owner's use-case unit tests.
// The store keeps the same rules as the DynamoDB one (conditions on the state read, guards per
// contact); the DynamoDB adapter itself is tested against DynamoDB Local.
import { InvalidCredentialsError, UnauthorizedError } from '../../shared/domain/errors.js';
import type { CodeSlot, CodeStore, NewCode } from '../../shared/domain/codes/ports.js';
import type {
  ContactField,
  DisclosureRecord,
  ErasureReason,
  OwnerAccount,
  OwnerStore,
  Tombstone,
} from '../../shared/domain/owner/ports.js';
import type { AccountId } from '../../shared/domain/types.js';
import type { CurrentPasswordCheck } from '../../shared/domain/owner/caller.js';
import type { IdentifyCaller } from '../../shared/domain/session/ports.js';

export interface MemoryOwnerStore extends OwnerStore {
  readonly accounts: Map<AccountId, OwnerAccount>;
  readonly tombstones: Map<AccountId, Tombstone>;
  /** `email:<index>` / `phone:<index>` / `name:<index>` → holder. */
  readonly guards: Map<string, AccountId>;
  readonly disclosures: Map<AccountId, DisclosureRecord[]>;
  /** Extra partition items (codes) per account. */
  readonly leftovers: Map<AccountId, string[]>;
  /** Calls to erase, in order. */
  readonly erasures: { accountId: AccountId; reason: ErasureReason }[];
  /** Makes the next `erase` answer `conflict` after running this (e.g. a hold placed meanwhile). */
  interfereOnce?: (() => void) | undefined;
}

/** An active account with the given sealed fields (tagging-cipher form) and indexes. */
export const activeAccount = (overrides: Partial<OwnerAccount> = {}): OwnerAccount => ({
  accountId: 'acc-1' as AccountId,
  status: 'active',
  wrappedKey: 'wrapped:acc-1',
  sealed: {
    accountName: 'sealed(acc-1:accountName:ada.lovelace)',
    email: 'sealed(acc-1:email:ada@example.com)',
  },
  fieldsCollectedAt: { accountName: '2026-01-01T00:00:00.000Z', email: '2026-01-01T00:00:00.000Z' },
  passwordHash: '$argon2id$right',
  tokenGeneration: 0,
  locale: 'en',
  nameIndex: 'name-index(ada.lovelace)',
  emailIndex: 'email-index(ada@example.com)',
  emailVerified: true,
  phoneVerified: false,
  consent: [{ policyVersion: '2026-11-01', acceptedAt: '2026-01-01T00:00:00.000Z' }],
  createdAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

export const memoryOwnerStore = (...initial: OwnerAccount[]): MemoryOwnerStore => {
  const accounts = new Map<AccountId, OwnerAccount>();
  const guards = new Map<string, AccountId>();
  const claim = (account: OwnerAccount) => {
    guards.set(`name:${account.nameIndex}`, account.accountId);
    if (account.emailIndex !== undefined) guards.set(`email:${account.emailIndex}`, account.accountId);
    if (account.phoneIndex !== undefined) guards.set(`phone:${account.phoneIndex}`, account.accountId);
  };
  for (const account of initial) {
    accounts.set(account.accountId, account);
    claim(account);
  }
  const release = (key: string, accountId: AccountId) => {
    if (guards.get(key) === accountId) guards.delete(key);
  };
  const store: MemoryOwnerStore = {
    accounts,
    guards,
    tombstones: new Map(),
    disclosures: new Map(),
    leftovers: new Map(),
    erasures: [],
    load: async (accountId) => accounts.get(accountId),
    listDisclosures: async (accountId) => store.disclosures.get(accountId) ?? [],
    updateProfile: async (accountId, update) => {
      const account = accounts.get(accountId);
      if (account === undefined || account.status !== 'active') return false;
      const at = update.at.toISOString();
      accounts.set(accountId, {
        ...account,
        sealed: { ...account.sealed, ...update.sealed },
        fieldsCollectedAt: {
          ...account.fieldsCollectedAt,
          ...Object.fromEntries(Object.keys(update.sealed).map((field) => [field, at])),
        },
        ...(update.locale === undefined ? {} : { locale: update.locale }),
      });
      return true;
    },
    contactHolder: async (field: ContactField, index) => guards.get(`${field}:${index}`),
    replaceContact: async (accountId, replacement) => {
      const account = accounts.get(accountId);
      const indexKey = replacement.field === 'email' ? 'emailIndex' : 'phoneIndex';
      if (
        account === undefined ||
        account.status !== 'active' ||
        account[indexKey] !== replacement.previousIndex
      ) {
        return 'stale';
      }
      const holder = guards.get(`${replacement.field}:${replacement.index}`);
      if (holder !== undefined && holder !== accountId) return 'contact_taken';
      if (replacement.previousIndex !== undefined)
        release(`${replacement.field}:${replacement.previousIndex}`, accountId);
      guards.set(`${replacement.field}:${replacement.index}`, accountId);
      accounts.set(accountId, {
        ...account,
        sealed: { ...account.sealed, [replacement.field]: replacement.sealed },
        fieldsCollectedAt: {
          ...account.fieldsCollectedAt,
          [replacement.field]: replacement.at.toISOString(),
        },
        [indexKey]: replacement.index,
        ...(replacement.field === 'email' ? { emailVerified: true } : { phoneVerified: true }),
      });
      return 'changed';
    },
    recordErasureRequest: async (accountId, request) => {
      const account = accounts.get(accountId);
      if (account?.legalHold?.active !== true) return false;
      if (account.erasureRequested === undefined) {
        accounts.set(accountId, {
          ...account,
          erasureRequested: { requestedAt: request.requestedAt.toISOString(), reason: request.reason },
        });
      }
      return true;
    },
    erase: async (account, tombstone) => {
      const interfere = store.interfereOnce;
      if (interfere !== undefined) {
        store.interfereOnce = undefined;
        interfere();
        return 'conflict';
      }
      const current = accounts.get(account.accountId);
      if (
        current === undefined ||
        current.legalHold?.active === true ||
        current.emailIndex !== account.emailIndex
      ) {
        return 'conflict';
      }
      accounts.delete(account.accountId);
      release(`name:${account.nameIndex}`, account.accountId);
      if (account.emailIndex !== undefined) release(`email:${account.emailIndex}`, account.accountId);
      if (account.phoneIndex !== undefined) release(`phone:${account.phoneIndex}`, account.accountId);
      store.disclosures.delete(account.accountId);
      store.leftovers.delete(account.accountId);
      store.tombstones.set(account.accountId, tombstone);
      store.erasures.push({ accountId: account.accountId, reason: tombstone.reason });
      return 'erased';
    },
    removeLeftovers: async (accountId) => {
      store.disclosures.delete(accountId);
      store.leftovers.delete(accountId);
    },
  };
  return store;
};

/** Authenticates `Bearer token-<accountId>`; anything else is 401. */
export const stubAuthenticate: IdentifyCaller = async (authorization) => {
  const match = /^Bearer token-(.+)$/.exec(authorization ?? '');
  if (match?.[1] === undefined) throw new UnauthorizedError();
  return { accountId: match[1] as AccountId };
};

/** A current-password check whose only right password is `right password`; records the client IPs. */
export const onePasswordCheck = (): CurrentPasswordCheck & { readonly sourceIps: string[] } => {
  const sourceIps: string[] = [];
  const check = async (_account: OwnerAccount, password: string, sourceIp: string) => {
    sourceIps.push(sourceIp);
    if (password !== 'right password') throw new InvalidCredentialsError();
  };
  return Object.assign(check, { sourceIps });
};

/** One slot's code as the fake code store keeps it. */
interface MemoryCode extends NewCode {
  attempts: number;
  lastSentAt: number;
}

/**
 * An in-memory CodeStore: one code per slot, a cooldown between issues, tries counted before any
 * comparison up to the limit, spending by the compared hash.
 */
export const memoryCodeStore = (
  cooldownSeconds = 60,
): CodeStore & { readonly codes: Map<string, MemoryCode> } => {
  const codes = new Map<string, MemoryCode>();
  /** Reset codes are one per request; their cooldown is the name's (the latest send of any of them). */
  const lastResetSent = new Map<string, number>();
  const keyOf = (slot: CodeSlot) =>
    slot.purpose === 'contact_change'
      ? `${slot.purpose}:${slot.accountId}`
      : `${slot.purpose}:${slot.nameIndex}:${slot.resetIndex}`;
  const lastSentOf = (slot: CodeSlot): number | undefined =>
    slot.purpose === 'contact_change' ? codes.get(keyOf(slot))?.lastSentAt : lastResetSent.get(slot.nameIndex);
  return {
    codes,
    issue: async (slot, code, now) => {
      const lastSentAt = lastSentOf(slot);
      const nowSeconds = Math.floor(now.getTime() / 1000);
      if (lastSentAt !== undefined && lastSentAt + cooldownSeconds > nowSeconds) {
        return { outcome: 'throttled', retryAfterSeconds: lastSentAt + cooldownSeconds - nowSeconds };
      }
      codes.set(keyOf(slot), { ...code, attempts: 0, lastSentAt: nowSeconds });
      if (slot.purpose === 'password_reset') lastResetSent.set(slot.nameIndex, nowSeconds);
      return { outcome: 'issued' };
    },
    countTry: async (slot, now, maxAttemptsPerCode) => {
      const current = codes.get(keyOf(slot));
      if (current === undefined || current.expiresAt <= now || current.attempts >= maxAttemptsPerCode) {
        return { outcome: 'no_live_code' };
      }
      current.attempts += 1;
      const { lastSentAt: _sent, ...code } = current;
      return { outcome: 'counted', code: { ...code } };
    },
    spend: async (slot, codeHash) => {
      const current = codes.get(keyOf(slot));
      if (current?.codeHash !== codeHash) return false;
      codes.delete(keyOf(slot));
      return true;
    },
    releaseCooldown: async (slot, codeHash) => {
      const current = codes.get(keyOf(slot));
      if (current?.codeHash === codeHash) current.lastSentAt = 0;
      if (current?.codeHash === codeHash && slot.purpose === 'password_reset') {
        codes.delete(keyOf(slot));
        lastResetSent.set(slot.nameIndex, 0);
      }
    },
  };
};
