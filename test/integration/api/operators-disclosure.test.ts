// test/integration/api: lawful disclosures and the audit log end to end, against the local runtime: the
// operator records disclosures and lists the audit log with `npm run admin` (the command line's own code),
// or invokes the admin Lambda's handler with the same command as its event; the owner reads the export.
import { describe, expect, it } from 'vitest';
import { adminCli, adminResult, auditLines, ownerJourney } from '../../helpers/admin-tables.js';
import { signet } from '../../helpers/api.js';

const api = ownerJourney();

const disclose = (accountName: string, reference: string, items: string, ...extra: string[]) => [
  'disclosure',
  'record',
  '--account',
  accountName,
  '--authority',
  'Metropolitan Police Service',
  '--basis',
  'Investigatory Powers Act 2016 s.61',
  '--reference',
  reference,
  '--items',
  items,
  ...extra,
];

interface Exported {
  readonly disclosures: readonly Record<string, unknown>[];
}

describe('Operators: lawful disclosure', () => {
  it(
    "shows a disclosure in the owner's export, unless recorded with --no-notify-owner",
    { timeout: 120_000 },
    async () => {
      // Prepare
      const owner = await api.registerActive();
      const token = await api.token(owner);

      // Act
      const told = await adminResult<{ date: string; ownerMayBeTold: boolean }>(
        disclose(owner.accountName, 'SUMMONS-2026-001', 'email,accountName'),
      );
      const untold = await adminResult<{ ownerMayBeTold: boolean }>(
        disclose(owner.accountName, 'SUMMONS-2026-002', 'email', '--no-notify-owner'),
      );
      const exported = await api.request('GET', '/v1/me', undefined, token);

      // Assess
      expect(told.ownerMayBeTold).toBe(true);
      expect(untold.ownerMayBeTold).toBe(false);
      expect(exported.status).toBe(200);
      expect((exported.body as Exported).disclosures).toEqual([
        {
          date: told.date,
          authority: 'Metropolitan Police Service',
          legalBasis: 'Investigatory Powers Act 2016 s.61',
          documentReference: 'SUMMONS-2026-001',
          items: ['email', 'accountName'],
        },
      ]);
    },
  );

  it(
    'refuses an unknown item, a missing option and an unknown account, recording nothing',
    { timeout: 120_000 },
    async () => {
      // Prepare
      const owner = await api.registerActive();
      const token = await api.token(owner);

      // Act
      const unknownItem = await adminCli(disclose(owner.accountName, 'S-2', 'email,password'));
      const unknownAccount = await adminCli(disclose(`${owner.accountName}-x`, 'S-3', 'email'));
      const missing = await adminCli([
        'disclosure',
        'record',
        '--account',
        owner.accountName,
        '--items',
        'email',
      ]);
      const exported = await api.request('GET', '/v1/me', undefined, token);

      // Assess
      expect(unknownAccount.status).toBe(1);
      expect(unknownAccount.stderr).toContain('(unknown_account)');
      expect(unknownItem.status).toBe(2);
      expect(unknownItem.stderr).toContain('--items: must be one or more of');
      expect(missing.status).toBe(2);
      expect(missing.stderr).toContain('error: missing --authority, --basis, --reference');
      expect([unknownItem, unknownAccount, missing].map((ran) => ran.stdout)).toEqual(['', '', '']);
      expect((exported.body as Exported).disclosures).toEqual([]);
    },
  );

  it(
    'records --items email,phone for an account without a phone as declared, and warns on stderr',
    { timeout: 120_000 },
    async () => {
      // Prepare: registered with an email only.
      const owner = await api.registerActive();
      const token = await api.token(owner);

      // Act
      const ran = await adminCli(disclose(owner.accountName, 'S-1', 'email,phone'));
      const exported = await api.request('GET', '/v1/me', undefined, token);

      // Assess
      expect(ran.status).toBe(0);
      expect(JSON.parse(ran.stdout)).toMatchObject({ command: 'disclosure.record', itemsNotHeld: ['phone'] });
      expect(ran.stderr).toBe('warning: recorded as given, but the account holds no phone\n');
      expect((exported.body as Exported).disclosures.map((record) => record.items)).toEqual([
        ['email', 'phone'],
      ]);
    },
  );
});

describe('Operators: audit log', () => {
  it(
    'lists every admin action, one JSON object a line, with account ids and no personal data',
    { timeout: 120_000 },
    async () => {
      // Prepare
      const owner = await api.registerActive();
      const placed = await adminResult<{ accountId: string }>([
        'hold',
        'place',
        '--account',
        owner.accountName,
        '--reason',
        'Fraud inquiry',
        '--basis',
        'POCA 2002',
        '--reference',
        'NCA-9',
      ]);
      const disclosed = await adminResult<{ disclosureId: string }>(
        disclose(owner.accountName, 'PO-77', 'email', '--no-notify-owner'),
      );
      await adminResult(['hold', 'lift', '--account', owner.accountName, '--reference', 'NCA-9']);

      // Act
      const mine = await adminCli(['audit', 'list', '--account', owner.accountName]);
      const all = await adminCli(['audit', 'list']);

      // Assess
      expect(mine).toMatchObject({ status: 0, stderr: '' });
      const entries = auditLines(mine);
      expect(entries.map((entry) => entry.action)).toEqual([
        'hold.place',
        'disclosure.record',
        'hold.lift',
        'audit.list',
      ]);
      expect(entries.every((entry) => entry.accountId === placed.accountId && entry.actor !== '')).toBe(true);
      expect(entries[0]?.details).toEqual({
        reason: 'Fraud inquiry',
        basis: 'POCA 2002',
        reference: 'NCA-9',
      });
      expect(entries[1]?.details).toMatchObject({
        disclosureId: disclosed.disclosureId,
        items: ['email'],
        ownerMayBeTold: false,
      });
      const everyId = new Set(auditLines(all).map((entry) => entry.entryId));
      expect(entries.slice(0, 3).every((entry) => everyId.has(entry.entryId))).toBe(true);
      for (const text of [mine.stdout, all.stdout]) {
        expect(text).not.toContain(owner.accountName);
        expect(text).not.toContain(owner.email);
      }
    },
  );

  it(
    'runs the admin Lambda on the same dispatcher: its event is the command, its answer the result or the refusal',
    { timeout: 120_000 },
    async () => {
      // Prepare: the handler module Lambda runs, in this process, bound to the local runtime.
      Object.assign(process.env, signet().env);
      const { handler } = await import('../../../functions/admin/handler.js');
      const owner = await api.registerActive();
      const context = { awsRequestId: 'req-7f3a' } as Parameters<typeof handler>[1];

      // Act
      const placed = await handler(
        {
          command: 'hold.place',
          account: owner.accountName,
          reason: 'Litigation',
          basis: 'CPR 31',
          reference: 'HC-55',
        },
        context,
      );
      const refused = await handler(
        { command: 'hold.lift', account: owner.accountName, reference: 'HC-56' },
        context,
      );
      const invalid = await handler({ command: 'hold.place', account: owner.accountName }, context);
      const listed = await handler({ command: 'audit.list', account: owner.accountName }, context);

      // Assess
      expect(placed).toMatchObject({ command: 'hold.place', legalHold: { active: true } });
      expect(refused).toMatchObject({ error: 'reference_mismatch' });
      expect(invalid).toMatchObject({
        error: 'invalid_command',
        details: expect.arrayContaining([{ field: 'reason', issue: 'must be a string' }]),
      });
      if (!('command' in listed) || listed.command !== 'audit.list')
        throw new Error('audit.list answered a refusal');
      const { entries } = listed;
      expect(entries.map((entry) => entry.action)).toEqual(['hold.place', 'audit.list']);
      expect(entries[0]).toMatchObject({ actor: 'lambda', details: { requestId: 'req-7f3a' } });
    },
  );
});
