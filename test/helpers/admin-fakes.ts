// test/helpers: in-memory AdminStore, AuditLog, RetentionStore and AccountEraser, for the operators' and
// the sweeper's use-case unit tests. They keep the DynamoDB adapters' rules (conditions on the current
// state, append-only audit, one lease); the adapters themselves are tested against DynamoDB Local.
import type {
  AccountEraser,
  AdminAccountView,
  AdminStore,
  AuditEntry,
  AuditLog,
  Disclosure,
} from '../../shared/domain/admin/ports.js';
import type { ErasureReason } from '../../shared/domain/owner/ports.js';
import type { SealedField } from '../../shared/domain/ports.js';
import type { ItemRef, RetentionStore, SweepCheckpoint, SweepItem } from '../../shared/domain/retention/ports.js';
import type { AccountId } from '../../shared/domain/types.js';

/** An account as the fakes keep it. */
export interface FakeAccount {
  accountId: AccountId;
  status: 'pending' | 'active' | 'erased';
  fields: SealedField[];
  legalHold?: { active: boolean; since: string; reason: string; basis: string; reference: string };
  erasureRequested?: { requestedAt: string; reason: ErasureReason };
  lastActiveAt?: Date;
  expiresAt?: Date;
}

export interface MemoryAuditLog extends AuditLog {
  readonly entries: AuditEntry[];
}

export const memoryAuditLog = (): MemoryAuditLog => {
  const entries: AuditEntry[] = [];
  return {
    entries,
    append: async (entry) => {
      if (entries.some((existing) => existing.at === entry.at && existing.entryId === entry.entryId)) {
        throw new Error('audit entry exists');
      }
      entries.push(entry);
    },
    list: async ({ accountId, now }) =>
      [...entries]
        .sort((a, b) => `${a.at}#${a.entryId}`.localeCompare(`${b.at}#${b.entryId}`))
        .filter((entry) => Date.parse(entry.keepUntil) > now.getTime())
        .filter((entry) => accountId === undefined || entry.accountId === accountId),
  };
};

export interface MemoryAdminStore extends AdminStore {
  readonly accounts: Map<AccountId, FakeAccount>;
  /** nameIndex → account id. */
  readonly names: Map<string, AccountId>;
  readonly disclosures: Map<AccountId, Disclosure[]>;
  readonly audit: MemoryAuditLog;
}

/** An admin store over `accounts`, named `name-index(<name>)` as plainIndexer makes them. */
export const memoryAdminStore = (audit: MemoryAuditLog, ...named: [string, FakeAccount][]): MemoryAdminStore => {
  const accounts = new Map<AccountId, FakeAccount>();
  const names = new Map<string, AccountId>();
  const disclosures = new Map<AccountId, Disclosure[]>();
  for (const [name, account] of named) {
    accounts.set(account.accountId, account);
    names.set(`name-index(${name})`, account.accountId);
  }
  const view = (account: FakeAccount): AdminAccountView | undefined =>
    account.status === 'erased'
      ? undefined
      : {
          accountId: account.accountId,
          status: account.status,
          fields: account.fields,
          ...(account.legalHold === undefined ? {} : { legalHold: account.legalHold }),
          ...(account.erasureRequested === undefined ? {} : { erasureRequested: account.erasureRequested }),
        };
  return {
    accounts,
    names,
    disclosures,
    audit,
    findByNameIndex: async (nameIndex) => {
      const id = names.get(nameIndex);
      const account = id === undefined ? undefined : accounts.get(id);
      return account === undefined ? undefined : view(account);
    },
    placeHold: async (accountId, hold, entry) => {
      const account = accounts.get(accountId);
      if (account === undefined || account.status !== 'active') return 'not_active';
      if (account.legalHold?.active === true) return 'already_held';
      account.legalHold = { ...hold };
      await audit.append(entry);
      return 'placed';
    },
    liftHold: async (accountId, reference, entry) => {
      const account = accounts.get(accountId);
      if (account === undefined || account.status !== 'active') return { outcome: 'not_active' };
      if (account.legalHold?.active !== true) return { outcome: 'no_hold' };
      if (account.legalHold.reference !== reference) return { outcome: 'reference_mismatch' };
      delete account.legalHold;
      await audit.append(entry);
      return { outcome: 'lifted', erasureRequested: account.erasureRequested !== undefined };
    },
    recordDisclosure: async (accountId, disclosure, entry) => {
      const account = accounts.get(accountId);
      if (account === undefined || account.status !== 'active') return 'not_active';
      disclosures.set(accountId, [...(disclosures.get(accountId) ?? []), disclosure]);
      await audit.append(entry);
      return 'recorded';
    },
  };
};

export interface RecordingEraser extends AccountEraser {
  readonly calls: { accountId: AccountId; reason: ErasureReason }[];
}

/** Erases fake accounts as eraseAccount does: held ones record the request, erased ones become tombstones. */
export const memoryEraser = (accounts: Map<AccountId, FakeAccount>, options: { fail?: boolean } = {}): RecordingEraser => {
  const calls: { accountId: AccountId; reason: ErasureReason }[] = [];
  return {
    calls,
    erase: async (accountId, reason) => {
      calls.push({ accountId, reason });
      if (options.fail === true) throw new Error('store down');
      const account = accounts.get(accountId);
      if (account === undefined || account.status === 'erased') return 'absent';
      if (account.legalHold?.active === true) {
        account.erasureRequested ??= { requestedAt: new Date().toISOString(), reason };
        return 'held';
      }
      account.status = 'erased';
      account.fields = [];
      delete account.erasureRequested;
      delete account.lastActiveAt;
      return 'erased';
    },
  };
};

/** A TTL-only item (guard, code, throttle) in the fake table. */
export interface FakeExpiring {
  kind: 'guard' | 'code' | 'throttle';
  ref: ItemRef;
  expiresAt?: Date;
}

export interface MemoryRetentionStore extends RetentionStore {
  /** The table, in scan order: accounts by id, TTL-only items, and anything else ('other'). */
  readonly rows: ({ account: FakeAccount } | { expiring: FakeExpiring } | { other: ItemRef })[];
  checkpoint: (SweepCheckpoint & { holder: string; leaseUntil: number }) | undefined;
  /** Deletes performed, in order. */
  readonly removed: ItemRef[];
  /** Throws from removeExpired after this many successful calls (a crash half-way). */
  failAfterRemovals?: number | undefined;
}

const refOf = (row: MemoryRetentionStore['rows'][number]): ItemRef =>
  'account' in row
    ? { pk: `ACCOUNT#${row.account.accountId}`, sk: 'ACCOUNT' }
    : 'expiring' in row
      ? row.expiring.ref
      : row.other;

const sweepItemOf = (row: MemoryRetentionStore['rows'][number]): SweepItem => {
  if ('other' in row) return { kind: 'other' };
  if ('expiring' in row) return { ...row.expiring };
  const { account } = row;
  return {
    kind: 'account',
    ref: refOf(row),
    accountId: account.accountId,
    status: account.status,
    ...(account.expiresAt === undefined ? {} : { expiresAt: account.expiresAt }),
    ...(account.lastActiveAt === undefined ? {} : { lastActiveAt: account.lastActiveAt }),
    legalHold: account.legalHold?.active === true,
    erasureRequested: account.erasureRequested !== undefined,
  };
};

/** A retention store over rows kept in a fixed order; the cursor is the index of the next row. */
export const memoryRetentionStore = (rows: MemoryRetentionStore['rows']): MemoryRetentionStore => {
  const removed: ItemRef[] = [];
  const store: MemoryRetentionStore = {
    rows,
    checkpoint: undefined,
    removed,
    scan: async (cursor, pageSize) => {
      const start = cursor === undefined ? 0 : Number(cursor);
      const page = rows.slice(start, start + pageSize);
      const next = start + pageSize < rows.length ? String(start + pageSize) : undefined;
      return { items: page.map(sweepItemOf), ...(next === undefined ? {} : { cursor: next }) };
    },
    readAccount: async (accountId) => {
      const row = rows.find((candidate) => 'account' in candidate && candidate.account.accountId === accountId);
      if (row === undefined) return undefined;
      const item = sweepItemOf(row);
      return item.kind === 'account' ? item : undefined;
    },
    removeExpired: async (ref, now) => {
      if (store.failAfterRemovals !== undefined && removed.length >= store.failAfterRemovals) {
        throw new Error('injected failure');
      }
      const index = rows.findIndex((row) => {
        const rowRef = refOf(row);
        return rowRef.pk === ref.pk && rowRef.sk === ref.sk;
      });
      const row = rows[index];
      if (row === undefined || 'other' in row) return false;
      const expiresAt = 'account' in row ? row.account.expiresAt : row.expiring.expiresAt;
      if (expiresAt === undefined || expiresAt.getTime() > now.getTime()) return false;
      if ('account' in row && (row.account.status === 'active' || row.account.legalHold?.active === true)) return false;
      // Keep the scan order of the rows after it: the row stays, marked gone.
      rows[index] = { other: { pk: `GONE#${ref.pk}`, sk: ref.sk } };
      removed.push(ref);
      return true;
    },
    claim: async (holder, fresh, now, leaseUntil) => {
      if (store.checkpoint !== undefined && store.checkpoint.leaseUntil > now.getTime()) return undefined;
      store.checkpoint = { ...(store.checkpoint ?? fresh), holder, leaseUntil: leaseUntil.getTime() };
      const { holder: _holder, leaseUntil: _lease, ...checkpoint } = store.checkpoint;
      return checkpoint;
    },
    save: async (holder, checkpoint, leaseUntil) => {
      if (store.checkpoint?.holder !== holder) return false;
      store.checkpoint = { ...checkpoint, holder, leaseUntil: leaseUntil.getTime() };
      return true;
    },
    release: async (holder) => {
      if (store.checkpoint?.holder === holder) store.checkpoint = { ...store.checkpoint, leaseUntil: 0 };
    },
    finish: async (holder) => {
      if (store.checkpoint?.holder === holder) store.checkpoint = undefined;
    },
  };
  return store;
};
