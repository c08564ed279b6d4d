// test/integration/api: a legal hold end to end, against the local runtime: the operator places and lifts
// it with `npm run admin` (the command line's own code, pointed at the test runtime), the owner meets it on
// DELETE /v1/me and in the export (GET /v1/me), and the erasure that waited on it happens at the lift.
import { describe, expect, it } from 'vitest';
import { adminCli, adminResult, auditLines, ownerJourney } from '../../helpers/admin-tables.js';

const api = ownerJourney();
const ME = '/v1/me';

const hold = (accountName: string, reference: string) => [
  'hold',
  'place',
  '--account',
  accountName,
  '--reason',
  'Pending litigation',
  '--basis',
  'CPR 31.6 preservation order',
  '--reference',
  reference,
];
const lift = (accountName: string, reference: string) => [
  'hold',
  'lift',
  '--account',
  accountName,
  '--reference',
  reference,
];

describe('Operators: legal hold', () => {
  it(
    'answers DELETE /v1/me with 409 legal_hold, keeps everything, and erases at the lift',
    { timeout: 120_000 },
    async () => {
      // Prepare
      const owner = await api.registerActive();
      const token = await api.token(owner);
      const before = await api.request('GET', ME, undefined, token);

      // Act
      const placed = await adminResult<{ accountId: string; legalHold: { active: boolean; since: string } }>(
        hold(owner.accountName, 'HC-2026-0042'),
      );
      const refused = await api.request('DELETE', ME, { currentPassword: owner.password }, token);
      const held = await api.request('GET', ME, undefined, token);
      const wrongLift = await adminCli(lift(owner.accountName, 'HC-2026-0043'));
      const stillRefused = await api.request('DELETE', ME, { currentPassword: owner.password }, token);
      const lifted = await adminResult(lift(owner.accountName, 'HC-2026-0042'));
      const afterLift = await api.request('GET', ME, undefined, token);
      const signIn = await api.signIn(owner);
      const again = await api.registerActive({ accountName: owner.accountName, email: owner.email });
      const listed = await adminCli(['audit', 'list', '--account-id', placed.accountId]);

      // Assess: the hold blocks the erasure and shows in the export; nothing else changed.
      expect(refused).toMatchObject({ status: 409, body: { error: 'legal_hold' } });
      expect(held.status).toBe(200);
      const export_ = held.body as { legalHold: unknown; items: unknown };
      expect(export_.legalHold).toEqual({ active: true, since: placed.legalHold.since });
      expect(export_.items).toEqual((before.body as { items: unknown }).items);
      expect(wrongLift.status).toBe(1);
      expect(wrongLift.stderr).toContain('(reference_mismatch)');
      expect(stillRefused).toMatchObject({ status: 409, body: { error: 'legal_hold' } });
      // The lift carries out the erasure that waited on it: the account is gone, its name and email free.
      expect(lifted).toEqual({ command: 'hold.lift', accountId: placed.accountId, erasure: 'erased' });
      expect(afterLift).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
      expect(signIn).toMatchObject({ status: 401, body: { error: 'invalid_credentials' } });
      expect(again.accountName).toBe(owner.accountName);
      // The audit log has each step, under the account id only.
      expect(listed.status).toBe(0);
      expect(auditLines(listed).map((entry) => entry.action)).toEqual([
        'hold.place',
        'hold.lift',
        'account.erased',
        'audit.list',
      ]);
      expect(listed.stdout).not.toContain(owner.accountName);
      expect(listed.stdout).not.toContain(owner.email);
    },
  );

  it(
    'leaves the account when no erasure waited, and the owner can erase it after the lift',
    { timeout: 120_000 },
    async () => {
      // Prepare
      const owner = await api.registerActive();
      const token = await api.token(owner);
      await adminResult(hold(owner.accountName, 'ORDER-17'));

      // Act
      const lifted = await adminResult(lift(owner.accountName, 'ORDER-17'));
      const exported = await api.request('GET', ME, undefined, token);
      const erased = await api.request('DELETE', ME, { currentPassword: owner.password }, token);

      // Assess
      expect(lifted).toMatchObject({ command: 'hold.lift', erasure: 'none' });
      expect(exported.status).toBe(200);
      expect((exported.body as { legalHold: unknown }).legalHold).toBeNull();
      expect(erased).toMatchObject({ status: 200, body: { status: 'erased' } });
    },
  );

  it(
    'refuses a second hold, a lift with nothing to lift, and an unknown account, on stderr with exit 1',
    { timeout: 120_000 },
    async () => {
      // Prepare
      const owner = await api.registerActive();
      await adminResult(hold(owner.accountName, 'HC-1'));

      // Act
      const second = await adminCli(hold(owner.accountName, 'HC-2'));
      await adminResult(lift(owner.accountName, 'HC-1'));
      const nothing = await adminCli(lift(owner.accountName, 'HC-1'));
      const unknown = await adminCli(hold(`${owner.accountName}-x`, 'HC-3'));

      // Assess
      expect([second.status, nothing.status, unknown.status]).toEqual([1, 1, 1]);
      expect([second.stdout, nothing.stdout, unknown.stdout]).toEqual(['', '', '']);
      expect(second.stderr).toContain('(hold_active)');
      expect(nothing.stderr).toContain('(no_active_hold)');
      expect(unknown.stderr).toContain('(unknown_account)');
      expect(unknown.stderr).not.toContain(owner.accountName);
    },
  );
});
