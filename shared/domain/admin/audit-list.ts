// shared/domain/admin
// functions/admin, infra/local/admin.ts → runAdminCommand → (listAuditLog) → AuditLog
import type { AppSettings } from '../../config/settings.js';
import type { BlindIndexer, Clock, Random } from '../ports.js';
import type { AdminStore, AuditLog } from './ports.js';
import type { AccountId } from '../types.js';
import type { AdminCommand, AdminInvocation, AdminResult } from './command.js';
import { newAuditEntry } from './audit-entry.js';
import { resolveAccount } from './resolve-account.js';

export interface ListAuditLogDeps {
  readonly settings: Pick<AppSettings, 'retention'>;
  readonly indexer: BlindIndexer;
  readonly store: Pick<AdminStore, 'findByNameIndex'>;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: Random;
}

type ListCommand = Extract<AdminCommand, { command: 'audit.list' }>;

/**
 * Reads the audit log, oldest first, optionally of one account (by name, or by id once the name is
 * gone). Reading the log is itself an admin action: it is audited first, so the listing shows it.
 *
 * Alternatives: an unknown name → unknown_account, and nothing is read.
 */
export const listAuditLog =
  (deps: ListAuditLogDeps) =>
  async (command: ListCommand, invocation: AdminInvocation): Promise<Extract<AdminResult, { command: 'audit.list' }>> => {
    const now = deps.clock.now();
    const accountId: AccountId | undefined =
      command.account === undefined ? command.accountId : (await resolveAccount(deps, command.account, now)).accountId;
    await deps.audit.append(
      newAuditEntry(
        deps,
        {
          action: 'audit.list',
          actor: invocation.actor,
          ...(accountId === undefined ? {} : { accountId }),
          details: { filter: accountId === undefined ? 'all' : 'account' },
          ...(invocation.requestId === undefined ? {} : { requestId: invocation.requestId }),
        },
        now,
      ),
    );
    const entries = await deps.audit.list({ ...(accountId === undefined ? {} : { accountId }), now });
    return { command: 'audit.list', entries };
  };
