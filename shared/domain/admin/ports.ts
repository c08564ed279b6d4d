// shared/domain/admin: the ports of the operators' tools: legal holds, lawful disclosures, the audit
// log, and erasure as the owner's route does it. Implemented by
// shared/adapters/dynamodb/dynamodb-{admin-store,audit-log}.ts; used by shared/domain/admin/* and
// shared/domain/retention/sweep.ts.
import type { DisclosureRecord, ErasureReason, ErasureRequest, LegalHold } from '../owner/ports.js';
import type { SealedField } from '../ports.js';
import type { AccountId } from '../types.js';

/** What operators see of an account: its state and the names of its fields, never a value or an index. */
export interface AdminAccountView {
  readonly accountId: AccountId;
  readonly status: 'pending' | 'active';
  /** Names of the personal fields the account holds, e.g. ['accountName', 'email']. */
  readonly fields: readonly SealedField[];
  readonly legalHold?: LegalHold;
  readonly erasureRequested?: ErasureRequest;
}

/** Data items a disclosure may name: the account's personal fields. */
export type DisclosedItem = SealedField;

/** A lawful disclosure as recorded: append-only, beside its account, erased with it. */
export interface Disclosure extends DisclosureRecord {
  /** Random id; with the date it makes the item's sort key. */
  readonly disclosureId: string;
  readonly items: readonly DisclosedItem[];
}

/** What the audit log records. Sweeper entries record what retention did without an operator. */
export type AuditAction =
  | 'hold.place'
  | 'hold.lift'
  | 'disclosure.record'
  | 'audit.list'
  /** An erasure that waited on a hold, carried out when the hold was lifted. */
  | 'account.erased'
  | 'retention.erased'
  | 'retention.erasure_skipped'
  | 'retention.sweep';

/** Non-personal facts of an audit entry: operator text, counts, outcomes, field names. */
export type AuditDetails = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** One audit-log entry. Holds no personal data: an opaque account id at most. */
export interface AuditEntry {
  /** Random id; with `at` it makes the entry's sort key. */
  readonly entryId: string;
  /** ISO 8601 time of the action. */
  readonly at: string;
  readonly action: AuditAction;
  /** Who acted: an OS user name locally, an IAM principal (or 'lambda') in AWS, 'sweeper' for retention. */
  readonly actor: string;
  readonly accountId?: AccountId;
  readonly details: AuditDetails;
  /** ISO 8601 time after which TTL deletes the entry (`retention.auditLogDays`). */
  readonly keepUntil: string;
}

/** Append-only: entries are written with a condition that they are new; nothing updates or deletes them. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Entries oldest first, optionally of one account; entries past `keepUntil` are left out. */
  list(filter: { readonly accountId?: AccountId; readonly now: Date }): Promise<AuditEntry[]>;
}

export type LiftHoldOutcome =
  | { readonly outcome: 'lifted'; readonly erasureRequested: boolean }
  | { readonly outcome: 'no_hold' }
  | { readonly outcome: 'reference_mismatch' }
  | { readonly outcome: 'not_active' };

/**
 * Legal holds and disclosures on account items. Each change and its audit entry are written in one
 * transaction, conditional on the account's state: no action goes unaudited, no audit entry lies.
 */
export interface AdminStore {
  /** The live account a name's guard points at; undefined when none (or its registration lapsed). */
  findByNameIndex(nameIndex: string, now: Date): Promise<AdminAccountView | undefined>;
  /** Places the hold on an active account not already held. */
  placeHold(
    accountId: AccountId,
    hold: LegalHold,
    audit: AuditEntry,
  ): Promise<'placed' | 'already_held' | 'not_active'>;
  /** Removes the active hold whose reference matches; says whether an erasure waits on it. */
  liftHold(accountId: AccountId, reference: string, audit: AuditEntry): Promise<LiftHoldOutcome>;
  /** Appends a disclosure to an active account. */
  recordDisclosure(
    accountId: AccountId,
    disclosure: Disclosure,
    audit: AuditEntry,
  ): Promise<'recorded' | 'not_active'>;
}

/** Erases an account as DELETE /v1/me does (shared/domain/privacy/erase-account.ts). */
export interface AccountEraser {
  erase(accountId: AccountId, reason: ErasureReason): Promise<'erased' | 'held' | 'absent'>;
}
