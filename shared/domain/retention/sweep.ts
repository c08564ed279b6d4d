// shared/domain/retention
// functions/sweeper (EventBridge schedule), infra/local/sweep.ts (npm run sweep) → (sweep) →
// RetentionStore, AccountEraser, AuditLog
import type { AppSettings } from '../../config/settings.js';
import { newAuditEntry, newEntryId } from '../admin/audit-entry.js';
import type { AccountEraser, AuditLog } from '../admin/ports.js';
import type { ErasureReason } from '../owner/ports.js';
import type { Clock, Logger, Random } from '../ports.js';
import type { RetentionStore, SweepCheckpoint, SweepItem, SweepTotals } from './ports.js';
import type { AccountId } from '../types.js';

export interface SweepDeps {
  readonly settings: Pick<AppSettings, 'retention'>;
  readonly store: RetentionStore;
  readonly eraser: AccountEraser;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger?: Pick<Logger, 'info' | 'warn'>;
}

export interface SweepOptions {
  /** Items per Scan page (DynamoDB's Limit); defaults to 100. */
  readonly pageSize?: number;
  /** Stop (resumably) after this many pages in this invocation. */
  readonly maxPages?: number;
  /** Asked before each page; false stops resumably (a Lambda running out of time). */
  readonly shouldContinue?: () => boolean;
  /** How long a run may hold the checkpoint without saving; defaults to 15 minutes (Lambda's longest run). */
  readonly leaseSeconds?: number;
}

export interface SweepReport {
  /** `complete`: the whole table was swept. `paused`: stopped early; the next run resumes. `busy`: another run holds the lease. */
  readonly outcome: 'complete' | 'paused' | 'busy';
  /** The sweep this invocation worked on (an interrupted one it resumed, or a new one). */
  readonly runId?: string;
  readonly resumed: boolean;
  /** Pages read by this invocation. */
  readonly pages: number;
  /** Counts of the whole sweep so far (across resumed invocations). */
  readonly totals: SweepTotals;
  /** Accounts this invocation would have erased but for a legal hold. */
  readonly skippedForHold: readonly AccountId[];
}

/** Stops a run whose lease another run took over (it ran longer than the lease without saving). */
export class SweepLeaseLostError extends Error {
  public constructor() {
    super('Another sweep took over the checkpoint; this run stopped');
    this.name = 'SweepLeaseLostError';
  }
}

const DAY_MS = 86_400_000;
const ACTOR = 'sweeper';

const zeroTotals = (): SweepTotals => ({
  scanned: 0,
  removed: { pendingRegistrations: 0, tombstones: 0, guards: 0, codes: 0, throttles: 0 },
  erased: { inactivity: 0, holdLifted: 0 },
  skippedForHold: 0,
  failed: 0,
});

type Counter =
  | { readonly removed: keyof SweepTotals['removed'] }
  | { readonly erased: keyof SweepTotals['erased'] }
  | 'skippedForHold'
  | 'failed';

const add = (totals: SweepTotals, counter: Counter): SweepTotals => {
  if (counter === 'skippedForHold' || counter === 'failed') return { ...totals, [counter]: totals[counter] + 1 };
  if ('removed' in counter) {
    return { ...totals, removed: { ...totals.removed, [counter.removed]: totals.removed[counter.removed] + 1 } };
  }
  return { ...totals, erased: { ...totals.erased, [counter.erased]: totals.erased[counter.erased] + 1 } };
};

type AccountItem = Extract<SweepItem, { kind: 'account' }>;

/** Why an active account is due for erasure, if it is: a request that waited on a hold, or inactivity. */
const dueFor = (account: AccountItem, cutoff: Date): ErasureReason | undefined => {
  if (account.status !== 'active') return undefined;
  if (account.erasureRequested) return 'hold_lifted';
  if (account.lastActiveAt !== undefined && account.lastActiveAt.getTime() <= cutoff.getTime()) return 'inactivity';
  return undefined;
};

const isExpired = (expiresAt: Date | undefined, now: Date): boolean =>
  expiresAt !== undefined && expiresAt.getTime() <= now.getTime();

/**
 * Sweeps the table once: what the privacy policy says is kept no longer goes.
 *
 * Primary course, page by page from the checkpoint:
 * 1. Remove items whose TTL has passed but which DynamoDB has not deleted yet (TTL lags by days):
 *    lapsed pending registrations, their guards and codes, expired codes and throttles, old tombstones.
 *    Each delete is conditional on the item being expired still: one renewed meanwhile stays.
 * 2. Erase (as DELETE /v1/me does) active accounts unused for `retention.inactiveAccountDays`, and carry
 *    out erasures that waited on a hold since lifted; each erasure is audited.
 * 3. Skip accounts under a legal hold, reporting and auditing each.
 * 4. Save the position after each page; at the end, audit the run's counts and clear the checkpoint.
 *
 * Idempotent: a second sweep over the same data changes nothing. Resumable: a run that stops (page or
 * time budget, a crash) leaves its position, and the next run continues there; re-doing a page does no
 * harm. One run at a time: the checkpoint carries a lease.
 *
 * @example
 * const report = await sweep(deps)({ shouldContinue: () => context.getRemainingTimeInMillis() > 60_000 });
 */
export const sweep =
  (deps: SweepDeps) =>
  async (options: SweepOptions = {}): Promise<SweepReport> => {
    const pageSize = options.pageSize ?? 100;
    const leaseMs = (options.leaseSeconds ?? 900) * 1000;
    const holder = newEntryId(deps.random);
    const startedAt = deps.clock.now();
    const leaseFrom = (date: Date): Date => new Date(date.getTime() + leaseMs);
    const fresh: SweepCheckpoint = { runId: newEntryId(deps.random), startedAt: startedAt.toISOString(), pages: 0, totals: zeroTotals() };

    let checkpoint = await deps.store.claim(holder, fresh, startedAt, leaseFrom(startedAt));
    if (checkpoint === undefined) {
      deps.logger?.info('sweep skipped: another run holds the checkpoint');
      return { outcome: 'busy', resumed: false, pages: 0, totals: zeroTotals(), skippedForHold: [] };
    }
    const resumed = checkpoint.runId !== fresh.runId;
    const skippedForHold: AccountId[] = [];
    let pages = 0;

    const audit = (action: 'retention.erased' | 'retention.erasure_skipped', accountId: AccountId, reason: ErasureReason) =>
      deps.audit.append(
        newAuditEntry(deps, {
          action,
          actor: ACTOR,
          accountId,
          details: action === 'retention.erased' ? { reason } : { reason: 'legal_hold', wanted: reason },
        }),
      );

    const skipForHold = async (totals: SweepTotals, accountId: AccountId, reason: ErasureReason): Promise<SweepTotals> => {
      skippedForHold.push(accountId);
      // Reported three ways: the run's report, its log (CloudWatch, for the scheduled Lambda) and the audit log.
      deps.logger?.info('erasure skipped: legal hold', { accountId, wanted: reason });
      await audit('retention.erasure_skipped', accountId, reason);
      return add(totals, 'skippedForHold');
    };

    const sweepAccount = async (totals: SweepTotals, scanned: AccountItem, now: Date, cutoff: Date): Promise<SweepTotals> => {
      if (scanned.status === 'pending' || scanned.status === 'erased') {
        if (!isExpired(scanned.expiresAt, now) || !(await deps.store.removeExpired(scanned.ref, now))) return totals;
        return add(totals, { removed: scanned.status === 'pending' ? 'pendingRegistrations' : 'tombstones' });
      }
      if (dueFor(scanned, cutoff) === undefined) return totals;
      // Decide on the account as it is now, not as the scan saw it: a sign-in or a hold may have come since.
      const account = await deps.store.readAccount(scanned.accountId);
      const reason = account === undefined ? undefined : dueFor(account, cutoff);
      if (account === undefined || reason === undefined) return totals;
      if (account.legalHold) return skipForHold(totals, account.accountId, reason);
      let outcome: 'erased' | 'held' | 'absent';
      try {
        outcome = await deps.eraser.erase(account.accountId, reason);
      } catch (error) {
        deps.logger?.warn('sweep erasure failed', {
          accountId: account.accountId,
          errorName: error instanceof Error ? error.name : typeof error,
        });
        return add(totals, 'failed');
      }
      if (outcome === 'held') return skipForHold(totals, account.accountId, reason);
      if (outcome === 'absent') return totals;
      await audit('retention.erased', account.accountId, reason);
      return add(totals, { erased: reason === 'inactivity' ? 'inactivity' : 'holdLifted' });
    };

    const sweepItem = async (totals: SweepTotals, item: SweepItem, now: Date, cutoff: Date): Promise<SweepTotals> => {
      switch (item.kind) {
        case 'other':
          return totals;
        case 'account':
          return sweepAccount(totals, item, now, cutoff);
        default: {
          if (!isExpired(item.expiresAt, now) || !(await deps.store.removeExpired(item.ref, now))) return totals;
          return add(totals, { removed: item.kind === 'guard' ? 'guards' : item.kind === 'code' ? 'codes' : 'throttles' });
        }
      }
    };

    try {
      for (;;) {
        if ((options.maxPages !== undefined && pages >= options.maxPages) || options.shouldContinue?.() === false) {
          await deps.store.release(holder);
          deps.logger?.info('sweep paused', { runId: checkpoint.runId, pages: checkpoint.pages });
          return { outcome: 'paused', runId: checkpoint.runId, resumed, pages, totals: checkpoint.totals, skippedForHold };
        }
        const now = deps.clock.now();
        const cutoff = new Date(now.getTime() - deps.settings.retention.inactiveAccountDays * DAY_MS);
        const page = await deps.store.scan(checkpoint.cursor, pageSize);
        let totals: SweepTotals = { ...checkpoint.totals, scanned: checkpoint.totals.scanned + page.items.length };
        for (const item of page.items) totals = await sweepItem(totals, item, now, cutoff);
        pages += 1;
        const { cursor: _previous, ...rest } = checkpoint;
        checkpoint = { ...rest, ...(page.cursor === undefined ? {} : { cursor: page.cursor }), pages: checkpoint.pages + 1, totals };

        if (page.cursor === undefined) {
          await deps.audit.append(
            newAuditEntry(deps, { action: 'retention.sweep', actor: ACTOR, details: flatten(checkpoint) }),
          );
          await deps.store.finish(holder);
          deps.logger?.info('sweep complete', flatten(checkpoint));
          return { outcome: 'complete', runId: checkpoint.runId, resumed, pages, totals, skippedForHold };
        }
        if (!(await deps.store.save(holder, checkpoint, leaseFrom(deps.clock.now())))) throw new SweepLeaseLostError();
      }
    } catch (error) {
      if (!(error instanceof SweepLeaseLostError)) await deps.store.release(holder).catch(() => undefined);
      throw error;
    }
  };

/** The counts as flat, non-personal attributes (log lines and the run's audit entry). */
const flatten = (checkpoint: SweepCheckpoint): Record<string, string | number> => {
  const { totals } = checkpoint;
  return {
    runId: checkpoint.runId,
    startedAt: checkpoint.startedAt,
    pages: checkpoint.pages,
    scanned: totals.scanned,
    removedPendingRegistrations: totals.removed.pendingRegistrations,
    removedTombstones: totals.removed.tombstones,
    removedGuards: totals.removed.guards,
    removedCodes: totals.removed.codes,
    removedThrottles: totals.removed.throttles,
    erasedForInactivity: totals.erased.inactivity,
    erasedAfterHoldLifted: totals.erased.holdLifted,
    skippedForHold: totals.skippedForHold,
    failed: totals.failed,
  };
};

export { zeroTotals };
