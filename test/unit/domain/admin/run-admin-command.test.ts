// test/unit/domain/admin: the operators' commands on in-memory stores: legal holds, disclosures, the
// audit log, and the refusals an operator sees.
import { describe, expect, it } from 'vitest';
import { AdminError } from '../../../../shared/domain/admin/errors.js';
import { runAdminCommand, type AdminDeps } from '../../../../shared/domain/admin/run-admin-command.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { memoryAdminStore, memoryAuditLog, memoryEraser, type FakeAccount } from '../../../helpers/admin-fakes.js';
import { fixedClock, plainIndexer, scriptedRandom } from '../../../helpers/fakes.js';

const settings = { retention: { inactiveAccountDays: 730, tombstoneDays: 90, auditLogDays: 2190 } };
const operator = { actor: 'alice' };

/** An opaque account id as registration makes them (16 bytes, base64url). */
const idOf = (tag: string): AccountId => Buffer.from(tag.padEnd(16, '.')).toString('base64url') as AccountId;
const ADA = idOf('ada');
const GRACE = idOf('grace');

const account = (id: string, overrides: Partial<FakeAccount> = {}): FakeAccount => ({
  accountId: idOf(id),
  status: 'active',
  fields: ['accountName', 'email'],
  ...overrides,
});

const setup = (options: { eraserFails?: boolean } = {}, ...named: [string, FakeAccount][]) => {
  const audit = memoryAuditLog();
  const defaults: [string, FakeAccount][] = [['ada.lovelace', account('ada')]];
  const store = memoryAdminStore(audit, ...(named.length > 0 ? named : defaults));
  const eraser = memoryEraser(store.accounts, { fail: options.eraserFails === true });
  const clock = fixedClock();
  const deps: AdminDeps = { settings, indexer: plainIndexer, store, audit, eraser, clock, random: scriptedRandom() };
  return { run: runAdminCommand(deps), store, audit, eraser, clock };
};

const placeHold = {
  command: 'hold.place',
  account: 'ada.lovelace',
  reason: 'Pending litigation',
  basis: 'CPR Part 31',
  reference: 'HC-2026-000123',
} as const;

/** The refusal a command ends in, as an operator reads it. */
const refusal = async (promise: Promise<unknown>): Promise<{ error: string; message: string; details?: unknown }> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AdminError) return error.toJSON();
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('Function: runAdminCommand', () => {
  describe('Command: hold.place', () => {
    it('places a hold on the named account and audits it with the actor, never the name', async () => {
      // Prepare
      const { run, store, audit } = setup();

      // Act
      const result = await run(placeHold, operator);

      // Assess
      expect(result).toEqual({
        command: 'hold.place',
        accountId: ADA,
        legalHold: { active: true, since: '2026-11-25T10:00:00.000Z' },
      });
      expect(store.accounts.get(ADA)?.legalHold).toEqual({
        active: true,
        since: '2026-11-25T10:00:00.000Z',
        reason: 'Pending litigation',
        basis: 'CPR Part 31',
        reference: 'HC-2026-000123',
      });
      expect(audit.entries).toHaveLength(1);
      expect(audit.entries[0]).toMatchObject({
        action: 'hold.place',
        actor: 'alice',
        accountId: ADA,
        details: { reason: 'Pending litigation', basis: 'CPR Part 31', reference: 'HC-2026-000123' },
        keepUntil: '2032-11-23T10:00:00.000Z',
      });
      expect(JSON.stringify(audit.entries)).not.toContain('ada.lovelace');
    });

    it('finds the account by its normalized name (full-width and upper case alike)', async () => {
      // Prepare
      const { run } = setup();

      // Act
      const result = await run({ ...placeHold, account: ' ＡＤＡ.Lovelace ' }, operator);

      // Assess
      expect(result).toMatchObject({ command: 'hold.place', accountId: ADA });
    });

    it('refuses a second hold while one is active, and audits nothing', async () => {
      // Prepare
      const { run, audit } = setup();
      await run(placeHold, operator);

      // Act
      const refused = await refusal(run({ ...placeHold, reference: 'OTHER-1' }, operator));

      // Assess
      expect(refused.error).toBe('hold_active');
      expect(audit.entries).toHaveLength(1);
    });

    it('answers unknown_account for a name no account has', async () => {
      // Prepare
      const { run, audit } = setup();

      // Act
      const refused = await refusal(run({ ...placeHold, account: 'nobody' }, operator));

      // Assess
      expect(refused).toEqual({
        error: 'unknown_account',
        message: 'No account has this name (it may never have existed, have lapsed, or have been erased).',
      });
      expect(audit.entries).toHaveLength(0);
    });

    it('refuses a pending (unconfirmed) account', async () => {
      // Prepare
      const { run } = setup({}, ['pending.one', account('pending', { status: 'pending' })]);

      // Act
      const refused = await refusal(run({ ...placeHold, account: 'pending.one' }, operator));

      // Assess
      expect(refused.error).toBe('account_not_active');
    });

    it.each([
      ['reason', 'Asked for by ada@example.com'],
      ['basis', 'Call +44 7700 900123 first'],
      ['reference', 'ada@example.com'],
    ])('refuses %s text that holds an email or phone number, without quoting it back', async (field, value) => {
      // Prepare
      const { run, store } = setup();

      // Act
      const refused = await refusal(run({ ...placeHold, [field]: value }, operator));

      // Assess
      expect(refused.error).toBe('invalid_command');
      expect(refused.details).toEqual([
        { field, issue: 'looks like personal data (an email address or a phone number); operator text must not hold any' },
      ]);
      expect(JSON.stringify(refused)).not.toContain(value);
      expect(store.accounts.get(ADA)?.legalHold).toBeUndefined();
    });

    it("refuses operator text that names the account, in any case, but not a longer word that contains it", async () => {
      // Prepare
      const { run, store, audit } = setup({}, ['ada', account('ada')]);
      const hold = { ...placeHold, account: 'ada' };

      // Act
      const named = await refusal(run({ ...hold, reason: 'Complaint about ADA' }, operator));
      const inReference = await refusal(run({ ...hold, reference: 'HC-1/ada' }, operator));
      const placed = await run({ ...hold, reason: 'Adapted order', basis: 'Canada-UK treaty' }, operator);

      // Assess
      const issue = 'contains the account name; operator text must not hold personal data';
      expect(named).toMatchObject({ error: 'invalid_command', details: [{ field: 'reason', issue }] });
      expect(inReference.details).toEqual([{ field: 'reference', issue }]);
      expect(JSON.stringify([named, inReference])).not.toContain('ada');
      expect(placed.command).toBe('hold.place');
      expect(store.accounts.get(ADA)?.legalHold?.reason).toBe('Adapted order');
      expect(audit.entries).toHaveLength(1);
    });

    it('refuses empty text, unknown keys and unknown commands, naming the field', async () => {
      // Prepare
      const { run } = setup();

      // Act
      const empty = await refusal(run({ ...placeHold, reason: '   ' }, operator));
      const extra = await refusal(run({ ...placeHold, note: 'x' }, operator));
      const unknown = await refusal(run({ command: 'hold.destroy', account: 'ada.lovelace' }, operator));
      const notAnObject = await refusal(run('hold place', operator));

      // Assess
      expect(empty.details).toEqual([{ field: 'reason', issue: 'must be 1 to 500 characters' }]);
      expect(extra.details).toEqual([{ field: '(command)', issue: 'unknown keys: note' }]);
      expect(unknown).toMatchObject({ error: 'invalid_command', details: [{ field: 'command', issue: 'unknown command' }] });
      expect(notAnObject.error).toBe('invalid_command');
    });
  });

  describe('Command: hold.lift', () => {
    it('lifts the hold whose reference matches, and audits it', async () => {
      // Prepare
      const { run, store, audit, eraser } = setup();
      await run(placeHold, operator);

      // Act
      const result = await run({ command: 'hold.lift', account: 'ada.lovelace', reference: 'HC-2026-000123' }, { actor: 'bob' });

      // Assess
      expect(result).toEqual({ command: 'hold.lift', accountId: ADA, erasure: 'none' });
      expect(store.accounts.get(ADA)?.legalHold).toBeUndefined();
      expect(audit.entries.map((entry) => [entry.action, entry.actor])).toEqual([
        ['hold.place', 'alice'],
        ['hold.lift', 'bob'],
      ]);
      expect(eraser.calls).toEqual([]);
    });

    it('refuses a reference other than the active hold\'s, and keeps the hold', async () => {
      // Prepare
      const { run, store } = setup();
      await run(placeHold, operator);

      // Act
      const refused = await refusal(run({ command: 'hold.lift', account: 'ada.lovelace', reference: 'HC-2026-999' }, operator));

      // Assess
      expect(refused.error).toBe('reference_mismatch');
      expect(store.accounts.get(ADA)?.legalHold?.active).toBe(true);
    });

    it('answers no_active_hold when there is nothing to lift', async () => {
      // Prepare
      const { run } = setup();

      // Act
      const refused = await refusal(run({ command: 'hold.lift', account: 'ada.lovelace', reference: 'HC-1' }, operator));

      // Assess
      expect(refused.error).toBe('no_active_hold');
    });

    it('carries out the erasure that waited on the hold, and audits it', async () => {
      // Prepare
      const { run, store, audit, eraser } = setup();
      await run(placeHold, operator);
      await eraser.erase(ADA, 'owner_request');

      // Act
      const result = await run({ command: 'hold.lift', account: 'ada.lovelace', reference: 'HC-2026-000123' }, operator);

      // Assess
      expect(result).toEqual({ command: 'hold.lift', accountId: ADA, erasure: 'erased' });
      expect(eraser.calls.at(-1)).toEqual({ accountId: ADA, reason: 'hold_lifted' });
      expect(store.accounts.get(ADA)?.status).toBe('erased');
      expect(audit.entries.map((entry) => entry.action)).toEqual(['hold.place', 'hold.lift', 'account.erased']);
      expect(audit.entries.at(-1)?.details).toEqual({ reason: 'hold_lifted' });
    });

    it('keeps the hold lifted and defers the erasure to the sweeper when it fails now', async () => {
      // Prepare
      const { run, store } = setup({ eraserFails: true });
      await run(placeHold, operator);
      store.accounts.get(ADA)!.erasureRequested = { requestedAt: '2026-11-25T09:00:00.000Z', reason: 'owner_request' };

      // Act
      const result = await run({ command: 'hold.lift', account: 'ada.lovelace', reference: 'HC-2026-000123' }, operator);

      // Assess
      expect(result).toEqual({ command: 'hold.lift', accountId: ADA, erasure: 'deferred' });
      expect(store.accounts.get(ADA)?.legalHold).toBeUndefined();
      expect(store.accounts.get(ADA)?.erasureRequested).toBeDefined();
    });
  });

  describe('Command: disclosure.record', () => {
    const disclosure = {
      command: 'disclosure.record',
      account: 'ada.lovelace',
      authority: 'Metropolitan Police Service',
      basis: 'Investigatory Powers Act 2016 s.61',
      reference: 'SUMMONS-2026-4411',
      items: ['email', 'accountName'],
      notifyOwner: false,
    } as const;

    it('appends the disclosure beside the account and audits it', async () => {
      // Prepare
      const { run, store, audit } = setup();

      // Act
      const result = await run(disclosure, operator);

      // Assess
      expect(result).toMatchObject({ command: 'disclosure.record', accountId: ADA, ownerMayBeTold: false });
      expect(store.disclosures.get(ADA)).toEqual([
        {
          disclosureId: expect.any(String),
          date: '2026-11-25T10:00:00.000Z',
          authority: 'Metropolitan Police Service',
          legalBasis: 'Investigatory Powers Act 2016 s.61',
          documentReference: 'SUMMONS-2026-4411',
          items: ['email', 'accountName'],
          ownerMayBeTold: false,
        },
      ]);
      expect(audit.entries[0]).toMatchObject({
        action: 'disclosure.record',
        accountId: ADA,
        details: { items: ['email', 'accountName'], ownerMayBeTold: false, reference: 'SUMMONS-2026-4411' },
      });
    });

    it('records items the account does not hold as declared, and names them in the result and the audit entry', async () => {
      // Prepare
      const { run, store, audit } = setup();

      // Act
      const result = await run({ ...disclosure, items: ['email', 'phone'] }, operator);

      // Assess
      expect(result).toMatchObject({ command: 'disclosure.record', itemsNotHeld: ['phone'] });
      expect(store.disclosures.get(ADA)?.map((record) => record.items)).toEqual([['email', 'phone']]);
      expect(audit.entries[0]).toMatchObject({ action: 'disclosure.record', details: { items: ['email', 'phone'], itemsNotHeld: ['phone'] } });
    });

    it('refuses an unknown item, an empty list and a repeated item', async () => {
      // Prepare
      const { run } = setup();

      // Act
      const outcomes = await Promise.all(
        [['password'], [], ['email', 'email']].map((items) => refusal(run({ ...disclosure, items }, operator))),
      );

      // Assess
      expect(outcomes.map((outcome) => outcome.error)).toEqual(['invalid_command', 'invalid_command', 'invalid_command']);
    });
  });

  describe('Command: audit.list', () => {
    it('lists entries oldest first, of one account when asked, and records the listing itself', async () => {
      // Prepare
      const { run, clock } = setup({}, ['ada.lovelace', account('ada')], ['grace.hopper', account('grace')]);
      await run(placeHold, operator);
      clock.advance(60);
      await run({ ...placeHold, account: 'grace.hopper' }, operator);
      clock.advance(60);

      // Act
      const all = await run({ command: 'audit.list' }, { actor: 'carol' });
      const ada = await run({ command: 'audit.list', account: 'ada.lovelace' }, { actor: 'carol' });
      const grace = await run({ command: 'audit.list', accountId: GRACE }, { actor: 'carol' });

      // Assess
      expect(all.command === 'audit.list' && all.entries.map((entry) => [entry.action, entry.accountId ?? null])).toEqual([
        ['hold.place', ADA],
        ['hold.place', GRACE],
        ['audit.list', null],
      ]);
      expect(ada.command === 'audit.list' && ada.entries.map((entry) => entry.action)).toEqual(['hold.place', 'audit.list']);
      expect(grace.command === 'audit.list' && grace.entries.map((entry) => [entry.action, entry.accountId])).toEqual([
        ['hold.place', GRACE],
        ['audit.list', GRACE],
      ]);
    });

    it('refuses account and accountId together', async () => {
      // Prepare
      const { run } = setup();

      // Act
      const refused = await refusal(run({ command: 'audit.list', account: 'ada.lovelace', accountId: ADA }, operator));

      // Assess
      expect(refused.error).toBe('invalid_command');
    });
  });
});
