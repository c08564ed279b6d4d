// test/unit/domain/retention: the retention sweeper on an in-memory table: what it removes, whom it erases
// and skips, and that runs are idempotent, resumable and never overlap.
import { describe, expect, it } from 'vitest';
import { sweep, type SweepDeps } from '../../../../shared/domain/retention/sweep.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import {
  memoryAuditLog,
  memoryEraser,
  memoryRetentionStore,
  type FakeAccount,
  type MemoryRetentionStore,
} from '../../../helpers/admin-fakes.js';
import { fixedClock, scriptedRandom } from '../../../helpers/fakes.js';

const NOW = '2026-11-25T10:00:00.000Z';
const DAY = 86_400_000;
const settings = { retention: { inactiveAccountDays: 730, tombstoneDays: 90, auditLogDays: 2190 } };
const daysAgo = (days: number): Date => new Date(Date.parse(NOW) - days * DAY);
const hoursAgo = (hours: number): Date => new Date(Date.parse(NOW) - hours * 3_600_000);
const inHours = (hours: number): Date => new Date(Date.parse(NOW) + hours * 3_600_000);

const account = (id: string, overrides: Partial<FakeAccount> = {}): { account: FakeAccount } => ({
  account: { accountId: id as AccountId, status: 'active', fields: ['accountName', 'email'], lastActiveAt: daysAgo(3), ...overrides },
});
const expiring = (kind: 'guard' | 'code' | 'throttle', pk: string, expiresAt: Date) => ({
  expiring: { kind, ref: { pk, sk: kind === 'code' ? 'CODE#registration' : kind === 'guard' ? 'GUARD' : 'THROTTLE' }, expiresAt },
});

const hold = { active: true, since: '2026-10-01T00:00:00.000Z', reason: 'litigation', basis: 'CPR 31', reference: 'HC-1' };

/** A table with one of everything the sweeper looks at, in a fixed scan order. */
const table = (): MemoryRetentionStore['rows'] => [
  account('lapsed', { status: 'pending', expiresAt: hoursAgo(1), lastActiveAt: undefined }),
  expiring('guard', 'NAME#lapsed', hoursAgo(1)),
  expiring('code', 'NAME#lapsed', hoursAgo(1)),
  account('waiting', { status: 'pending', expiresAt: inHours(5), lastActiveAt: undefined }),
  expiring('guard', 'NAME#waiting', inHours(5)),
  account('recent'),
  account('dormant', { lastActiveAt: daysAgo(731) }),
  account('held', { lastActiveAt: daysAgo(900), legalHold: hold }),
  account('released', { erasureRequested: { requestedAt: '2026-11-01T00:00:00.000Z', reason: 'owner_request' } }),
  account('old-tombstone', { status: 'erased', fields: [], expiresAt: hoursAgo(2), lastActiveAt: undefined }),
  expiring('throttle', 'NOTICE#x', hoursAgo(3)),
  { other: { pk: 'AUDIT', sk: '2020-01-01T00:00:00.000Z#old' } },
];

const setup = (rows = table(), options: { eraserFails?: boolean } = {}) => {
  const store = memoryRetentionStore(rows);
  const accounts = new Map(rows.flatMap((row) => ('account' in row ? [[row.account.accountId, row.account] as const] : [])));
  const eraser = memoryEraser(accounts, { fail: options.eraserFails === true });
  const audit = memoryAuditLog();
  const clock = fixedClock(NOW);
  const logged: { message: string; attributes?: Record<string, string | number | boolean> }[] = [];
  const logger = {
    info: (message: string, attributes?: Record<string, string | number | boolean>) =>
      void logged.push(attributes === undefined ? { message } : { message, attributes }),
    warn: (message: string, attributes?: Record<string, string | number | boolean>) =>
      void logged.push(attributes === undefined ? { message } : { message, attributes }),
  };
  const deps: SweepDeps = { settings, store, eraser, audit, clock, random: scriptedRandom(), logger };
  return { run: sweep(deps), store, eraser, audit, clock, accounts, logged };
};

/** Everything left in the table, as comparable text. */
const snapshot = (store: MemoryRetentionStore): string => JSON.stringify(store.rows);

describe('Function: sweep', () => {
  it('removes what outlived its TTL, erases the dormant, carries out waiting erasures, and skips the held', async () => {
    // Prepare
    const { run, store, eraser, accounts } = setup();

    // Act
    const report = await run({ pageSize: 5 });

    // Assess
    expect(report).toMatchObject({
      outcome: 'complete',
      resumed: false,
      pages: 3,
      totals: {
        scanned: 12,
        removed: { pendingRegistrations: 1, tombstones: 1, guards: 1, codes: 1, throttles: 1 },
        erased: { inactivity: 1, holdLifted: 1 },
        skippedForHold: 1,
        failed: 0,
      },
      skippedForHold: ['held'],
    });
    expect(store.removed.map((ref) => ref.pk)).toEqual(['ACCOUNT#lapsed', 'NAME#lapsed', 'NAME#lapsed', 'ACCOUNT#old-tombstone', 'NOTICE#x']);
    expect(eraser.calls).toEqual([
      { accountId: 'dormant', reason: 'inactivity' },
      { accountId: 'released', reason: 'hold_lifted' },
    ]);
    expect(accounts.get('held' as AccountId)?.status).toBe('active');
    expect(accounts.get('recent' as AccountId)?.status).toBe('active');
    expect(store.checkpoint).toBeUndefined();
  });

  it('writes an audit entry for each erasure, each skip for a hold, and the run; logs each skip by account id', async () => {
    // Prepare
    const { run, audit, logged } = setup();

    // Act
    await run();

    // Assess
    expect(audit.entries.map((entry) => [entry.action, entry.actor, entry.accountId ?? null, entry.details.reason ?? null])).toEqual([
      ['retention.erased', 'sweeper', 'dormant', 'inactivity'],
      ['retention.erasure_skipped', 'sweeper', 'held', 'legal_hold'],
      ['retention.erased', 'sweeper', 'released', 'hold_lifted'],
      ['retention.sweep', 'sweeper', null, null],
    ]);
    expect(audit.entries.at(-1)?.details).toMatchObject({ scanned: 12, erasedForInactivity: 1, skippedForHold: 1 });
    expect(logged.filter((line) => line.message === 'erasure skipped: legal hold')).toEqual([
      { message: 'erasure skipped: legal hold', attributes: { accountId: 'held', wanted: 'inactivity' } },
    ]);
  });

  it('changes nothing when run a second time over the same data', async () => {
    // Prepare
    const { run, store, eraser } = setup();
    await run({ pageSize: 4 });
    const afterFirst = snapshot(store);
    const erasuresAfterFirst = eraser.calls.length;

    // Act
    const second = await run({ pageSize: 4 });

    // Assess
    expect(snapshot(store)).toBe(afterFirst);
    expect(eraser.calls).toHaveLength(erasuresAfterFirst);
    expect(second.totals).toMatchObject({
      removed: { pendingRegistrations: 0, tombstones: 0, guards: 0, codes: 0, throttles: 0 },
      erased: { inactivity: 0, holdLifted: 0 },
      skippedForHold: 1,
    });
  });

  it('stops after a page budget and resumes where it stopped, ending as one whole run does', async () => {
    // Prepare
    const whole = setup();
    const wholeReport = await whole.run({ pageSize: 3 });
    const { run, store } = setup();

    // Act
    const first = await run({ pageSize: 3, maxPages: 2 });
    const second = await run({ pageSize: 3 });

    // Assess
    expect(first).toMatchObject({ outcome: 'paused', pages: 2 });
    expect(store.checkpoint).toBeUndefined();
    expect(second).toMatchObject({ outcome: 'complete', resumed: true, runId: first.runId, pages: 2 });
    expect(second.totals).toEqual(wholeReport.totals);
    expect(snapshot(store)).toBe(snapshot(whole.store));
  });

  it('keeps its place when interrupted by a failure half-way, and the next run finishes the sweep', async () => {
    // Prepare
    const whole = setup();
    await whole.run({ pageSize: 4 });
    const { run, store } = setup();
    // Page 1 removes three items; page 2 erases; the crash comes on page 3's first delete.
    store.failAfterRemovals = 3;

    // Act
    const crash = await run({ pageSize: 4 }).catch((error: unknown) => error);
    const position = store.checkpoint?.cursor;
    store.failAfterRemovals = undefined;
    const resumed = await run({ pageSize: 4 });

    // Assess
    expect(crash).toBeInstanceOf(Error);
    expect(position).toBe('8');
    expect(resumed).toMatchObject({ outcome: 'complete', resumed: true });
    expect(snapshot(store)).toBe(snapshot(whole.store));
  });

  it('answers busy while another run holds the lease, and takes over once it lapses', async () => {
    // Prepare
    const { run, store, clock } = setup();
    store.checkpoint = {
      runId: 'other',
      startedAt: NOW,
      cursor: '4',
      pages: 1,
      totals: (await setup([]).run()).totals,
      holder: 'someone',
      leaseUntil: Date.parse(NOW) + 60_000,
    };

    // Act
    const busy = await run();
    clock.advance(61);
    const takenOver = await run({ pageSize: 4 });

    // Assess
    expect(busy).toMatchObject({ outcome: 'busy', pages: 0 });
    expect(takenOver).toMatchObject({ outcome: 'complete', resumed: true, runId: 'other', pages: 2 });
  });

  it('leaves an account that signed in between the scan and the erasure', async () => {
    // Prepare
    const rows = [account('dormant', { lastActiveAt: daysAgo(800) })];
    const { run, store, eraser } = setup(rows);
    const scan = store.scan;
    store.scan = async (cursor, pageSize) => {
      const page = await scan(cursor, pageSize);
      (rows[0] as { account: FakeAccount }).account.lastActiveAt = new Date(NOW);
      return page;
    };

    // Act
    const report = await run();

    // Assess
    expect(eraser.calls).toEqual([]);
    expect(report.totals.erased.inactivity).toBe(0);
  });

  it('counts an erasure that fails, and sweeps on', async () => {
    // Prepare
    const { run, store } = setup(table(), { eraserFails: true });

    // Act
    const report = await run();

    // Assess
    expect(report.outcome).toBe('complete');
    expect(report.totals.failed).toBe(2);
    expect(store.removed).toHaveLength(5);
  });
});
