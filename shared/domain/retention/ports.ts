// shared/domain/retention: the ports of the retention sweeper. Implemented by
// shared/adapters/dynamodb/dynamodb-retention-store.ts; used by shared/domain/retention/sweep.ts.
import type { AccountId } from '../types.js';

/** Address of one table item, handed out by the retention store and given back to it as is. */
export interface ItemRef {
  readonly pk: string;
  readonly sk: string;
}

/** What the sweeper sees of one scanned item: kinds and times, never personal data. */
export type SweepItem =
  | {
      readonly kind: 'account';
      readonly ref: ItemRef;
      readonly accountId: AccountId;
      readonly status: 'pending' | 'active' | 'erased';
      /** TTL of a pending registration or a tombstone. */
      readonly expiresAt?: Date;
      /** Last sign-in (or activation) of an active account. */
      readonly lastActiveAt?: Date;
      readonly legalHold: boolean;
      readonly erasureRequested: boolean;
    }
  /** Items that only live until their TTL: name/email/phone guards, codes, throttles. */
  | { readonly kind: 'guard' | 'code' | 'throttle'; readonly ref: ItemRef; readonly expiresAt?: Date }
  /** Everything the sweeper leaves alone: audit entries, disclosures, its own checkpoint, unknown kinds. */
  | { readonly kind: 'other' };

/** Running counts of one sweep, kept in its checkpoint across resumed invocations. */
export interface SweepTotals {
  readonly scanned: number;
  readonly removed: {
    readonly pendingRegistrations: number;
    readonly tombstones: number;
    readonly guards: number;
    readonly codes: number;
    readonly throttles: number;
  };
  readonly erased: { readonly inactivity: number; readonly holdLifted: number };
  readonly skippedForHold: number;
  /** Erasures that failed (logged by account id); the next sweep tries them again. */
  readonly failed: number;
}

/** Where a sweep stands: the scan position after the last finished page. */
export interface SweepCheckpoint {
  /** Stable across the invocations that make up one sweep. */
  readonly runId: string;
  /** ISO 8601. */
  readonly startedAt: string;
  /** Opaque scan position; absent before the first page. */
  readonly cursor?: string;
  readonly pages: number;
  readonly totals: SweepTotals;
}

/**
 * The table as the retention sweeper walks it: a paginated scan, conditional deletes of expired items,
 * and one checkpoint item with a lease, so that runs resume where they stopped and never overlap.
 */
export interface RetentionStore {
  scan(cursor: string | undefined, pageSize: number): Promise<{ items: SweepItem[]; cursor?: string }>;
  /** The account item as it is now (consistent read), in the scan's terms. */
  readAccount(accountId: AccountId): Promise<Extract<SweepItem, { kind: 'account' }> | undefined>;
  /**
   * Deletes an item whose TTL has passed, on condition that it still has (it was not renewed meanwhile);
   * an account only when pending or erased and not held. False when the condition failed.
   */
  removeExpired(ref: ItemRef, now: Date): Promise<boolean>;
  /**
   * Takes the lease for `holder` unless another holder's lease runs; returns the sweep to continue (an
   * interrupted one) or `fresh`; undefined when another run holds the lease.
   */
  claim(
    holder: string,
    fresh: SweepCheckpoint,
    now: Date,
    leaseUntil: Date,
  ): Promise<SweepCheckpoint | undefined>;
  /** Saves progress and extends the lease; false when the lease was lost to another holder. */
  save(holder: string, checkpoint: SweepCheckpoint, leaseUntil: Date): Promise<boolean>;
  /** Gives up the lease, keeping the position: the next run resumes. */
  release(holder: string): Promise<void>;
  /** Ends the sweep: the next run starts from the beginning. */
  finish(holder: string): Promise<void>;
}
