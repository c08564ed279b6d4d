// shared/domain/admin: making audit-log entries. Used by every admin use case and by the retention
// sweeper, so that each entry has the same shape: random id, time, actor, opaque account id at most,
// non-personal details, and a TTL of `retention.auditLogDays`.
import type { AppSettings } from '../../config/settings.js';
import type { Clock, Random } from '../ports.js';
import type { AuditAction, AuditDetails, AuditEntry } from './ports.js';
import type { AccountId } from '../types.js';

export interface AuditEntryDeps {
  readonly settings: Pick<AppSettings, 'retention'>;
  readonly clock: Clock;
  readonly random: Random;
}

const DAY_MS = 86_400_000;
const ENTRY_ID_BYTES = 12;

/** 96 random bits, base64url: an id that orders nothing and says nothing. */
const newEntryId = (random: Random): string => Buffer.from(random.bytes(ENTRY_ID_BYTES)).toString('base64url');

/**
 * A new audit entry at the clock's time.
 *
 * @example
 * const entry = newAuditEntry(deps, { action: 'hold.place', actor: 'alice', accountId, details: { reference } });
 * await deps.audit.append(entry);
 */
const newAuditEntry = (
  deps: AuditEntryDeps,
  fields: {
    readonly action: AuditAction;
    readonly actor: string;
    readonly accountId?: AccountId;
    readonly details?: AuditDetails;
    readonly requestId?: string;
  },
  at: Date = deps.clock.now(),
): AuditEntry => ({
  entryId: newEntryId(deps.random),
  at: at.toISOString(),
  action: fields.action,
  actor: fields.actor,
  ...(fields.accountId === undefined ? {} : { accountId: fields.accountId }),
  details: { ...fields.details, ...(fields.requestId === undefined ? {} : { requestId: fields.requestId }) },
  keepUntil: new Date(at.getTime() + deps.settings.retention.auditLogDays * DAY_MS).toISOString(),
});

export { newAuditEntry, newEntryId };
