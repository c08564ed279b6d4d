// shared/domain/admin: the one entry point of the operators' tools.
// functions/admin (IAM-invoked Lambda) and infra/local/admin.ts (npm run admin) → (runAdminCommand) →
// placeLegalHold | liftLegalHold | recordDisclosure | listAuditLog
import type * as z from 'zod';
import type { AppSettings } from '../../config/settings.js';
import type { ErrorDetail } from '../errors.js';
import type { BlindIndexer, Clock, Logger, Random } from '../ports.js';
import type { AccountEraser, AdminStore, AuditLog } from './ports.js';
import { listAuditLog } from './audit-list.js';
import { AdminCommandSchema, type AdminInvocation, type AdminResult } from './command.js';
import { recordDisclosure } from './disclosure.js';
import { InvalidAdminCommandError } from './errors.js';
import { liftLegalHold, placeLegalHold } from './legal-hold.js';

export interface AdminDeps {
  readonly settings: Pick<AppSettings, 'retention'>;
  readonly indexer: BlindIndexer;
  readonly store: AdminStore;
  readonly audit: AuditLog;
  readonly eraser: AccountEraser;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger?: Pick<Logger, 'warn'>;
}

/** Keys that may be named back in a detail: they look like field names. */
const NAMEABLE_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

/** zod issues → details naming the field and the rule, never the value given. */
const detailsOf = (error: z.ZodError): ErrorDetail[] =>
  error.issues.slice(0, 20).map((issue): ErrorDetail => {
    const field = issue.path.map(String).join('.') || '(command)';
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.filter((key) => NAMEABLE_KEY.test(key));
      return { field, issue: keys.length > 0 ? `unknown keys: ${keys.join(', ')}` : 'unknown keys' };
    }
    if (issue.code === 'invalid_union' && field === 'command') return { field, issue: 'unknown command' };
    if (issue.code === 'invalid_type') return { field, issue: `must be a ${issue.expected}` };
    if (issue.code === 'custom' || issue.code === 'invalid_value' || issue.code === 'too_small' || issue.code === 'invalid_format') {
      return { field, issue: issue.message };
    }
    return { field, issue: 'is invalid' };
  });

/**
 * Validates an admin command with AdminCommandSchema and runs it as `invocation.actor`. Every action is
 * written to the audit log, in the same transaction as the change it records where there is one.
 *
 * @throws InvalidAdminCommandError when the command is malformed; another AdminError when it is refused.
 * @example
 * const run = runAdminCommand(deps);
 * await run({ command: 'hold.place', account: 'ada', reason: 'litigation', basis: 'CPR 31', reference: 'HC-2026-001' },
 *   { actor: 'alice' });
 */
export const runAdminCommand = (deps: AdminDeps) => {
  const placeHold = placeLegalHold(deps);
  const liftHold = liftLegalHold(deps);
  const disclose = recordDisclosure(deps);
  const listAudit = listAuditLog(deps);
  return async (input: unknown, invocation: AdminInvocation): Promise<AdminResult> => {
    const parsed = AdminCommandSchema.safeParse(input);
    if (!parsed.success) throw new InvalidAdminCommandError(detailsOf(parsed.error));
    const command = parsed.data;
    switch (command.command) {
      case 'hold.place':
        return placeHold(command, invocation);
      case 'hold.lift':
        return liftHold(command, invocation);
      case 'disclosure.record':
        return disclose(command, invocation);
      case 'audit.list':
        return listAudit(command, invocation);
    }
  };
};
