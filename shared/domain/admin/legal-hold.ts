// shared/domain/admin
// functions/admin, infra/local/admin.ts → runAdminCommand → (placeLegalHold, liftLegalHold) → AdminStore,
// AuditLog, AccountEraser
import type { AppSettings } from '../../config/settings.js';
import type { LegalHold } from '../owner/ports.js';
import type { BlindIndexer, Clock, Logger, Random } from '../ports.js';
import type { AccountEraser, AdminStore, AuditLog } from './ports.js';
import type { AdminCommand, AdminInvocation, AdminResult, WaitingErasureOutcome } from './command.js';
import { newAuditEntry } from './audit-entry.js';
import {
  AccountNotActiveError,
  HoldAlreadyActiveError,
  HoldReferenceMismatchError,
  NoActiveHoldError,
} from './errors.js';
import { resolveAccount } from './resolve-account.js';

export interface LegalHoldDeps {
  readonly settings: Pick<AppSettings, 'retention'>;
  readonly indexer: BlindIndexer;
  readonly store: Pick<AdminStore, 'findByNameIndex' | 'placeHold' | 'liftHold'>;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly eraser: AccountEraser;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger?: Pick<Logger, 'warn'>;
}

type PlaceHold = Extract<AdminCommand, { command: 'hold.place' }>;
type LiftHold = Extract<AdminCommand, { command: 'hold.lift' }>;

/**
 * Places a legal hold: while it lasts, neither the owner (DELETE /v1/me answers 409 legal_hold) nor the
 * retention sweeper can erase the account; erasures asked for meanwhile wait for the lift.
 *
 * Primary course:
 * 1. Name → blind index → account; it must be active and not already held.
 * 2. Write the hold on the account item and its audit entry in one conditional transaction.
 *
 * Alternatives: unknown name → unknown_account; pending account → account_not_active; a hold already
 * active (even one placed a moment ago by another operator) → hold_active. Nothing is written then.
 */
export const placeLegalHold =
  (deps: LegalHoldDeps) =>
  async (command: PlaceHold, invocation: AdminInvocation): Promise<Extract<AdminResult, { command: 'hold.place' }>> => {
    const now = deps.clock.now();
    const account = await resolveAccount(deps, command.account, now);
    if (account.status !== 'active') throw new AccountNotActiveError();
    if (account.legalHold?.active === true) throw new HoldAlreadyActiveError();
    const hold: LegalHold = {
      active: true,
      since: now.toISOString(),
      reason: command.reason,
      basis: command.basis,
      reference: command.reference,
    };
    const entry = newAuditEntry(
      deps,
      {
        action: 'hold.place',
        actor: invocation.actor,
        accountId: account.accountId,
        details: { reason: command.reason, basis: command.basis, reference: command.reference },
        ...(invocation.requestId === undefined ? {} : { requestId: invocation.requestId }),
      },
      now,
    );
    const outcome = await deps.store.placeHold(account.accountId, hold, entry);
    if (outcome === 'already_held') throw new HoldAlreadyActiveError();
    if (outcome === 'not_active') throw new AccountNotActiveError();
    return { command: 'hold.place', accountId: account.accountId, legalHold: { active: true, since: hold.since } };
  };

/**
 * Lifts a legal hold, naming its reference, and carries out the erasure that waited on it.
 *
 * Primary course:
 * 1. Name → blind index → account.
 * 2. Remove the hold whose reference matches, with its audit entry, in one conditional transaction.
 * 3. If an erasure waited on the hold, erase the account now (reason `hold_lifted`) and audit it.
 *
 * Alternatives: no active hold → no_active_hold; another reference → reference_mismatch (nothing is
 * lifted). A waiting erasure that fails now is `deferred`: the hold stays lifted and the retention
 * sweeper carries the erasure out on its next run.
 */
export const liftLegalHold =
  (deps: LegalHoldDeps) =>
  async (command: LiftHold, invocation: AdminInvocation): Promise<Extract<AdminResult, { command: 'hold.lift' }>> => {
    const now = deps.clock.now();
    const account = await resolveAccount(deps, command.account, now);
    const requestId = invocation.requestId === undefined ? {} : { requestId: invocation.requestId };
    const entry = newAuditEntry(
      deps,
      { action: 'hold.lift', actor: invocation.actor, accountId: account.accountId, details: { reference: command.reference }, ...requestId },
      now,
    );
    const lifted = await deps.store.liftHold(account.accountId, command.reference, entry);
    if (lifted.outcome === 'no_hold') throw new NoActiveHoldError();
    if (lifted.outcome === 'reference_mismatch') throw new HoldReferenceMismatchError();
    if (lifted.outcome === 'not_active') throw new AccountNotActiveError();

    let erasure: WaitingErasureOutcome = 'none';
    if (lifted.erasureRequested) {
      try {
        erasure = await deps.eraser.erase(account.accountId, 'hold_lifted');
      } catch (error) {
        deps.logger?.warn('waiting erasure deferred to the sweeper', {
          accountId: account.accountId,
          errorName: error instanceof Error ? error.name : typeof error,
        });
        erasure = 'deferred';
      }
      if (erasure === 'erased') {
        await deps.audit.append(
          newAuditEntry(deps, {
            action: 'account.erased',
            actor: invocation.actor,
            accountId: account.accountId,
            details: { reason: 'hold_lifted' },
            ...requestId,
          }),
        );
      }
    }
    return { command: 'hold.lift', accountId: account.accountId, erasure };
  };
