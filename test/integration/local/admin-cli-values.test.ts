// test/integration/local: the values an operator passes to `npm run admin`, run in this process (the
// command line's own code, argv to exit status) against the test run's servers. Account ids are base64url,
// so one in 64 starts with a dash; such a value is still the value of its flag.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adminCli, adminResult, auditLines, ownerJourney } from '../../helpers/admin-tables.js';

/** An account id as registration makes them (22 characters of base64url), starting with `prefix`. */
const accountIdStartingWith = (prefix: string): string =>
  `${prefix}${randomBytes(16).toString('base64url')}`.slice(0, 22);

describe('Function: runAdminCli (flag values)', () => {
  it.each(['-', '--'])(
    'takes an account id that starts with %j as the value of --account-id',
    async (prefix) => {
      // Prepare
      const accountId = accountIdStartingWith(prefix);

      // Act
      const listed = await adminCli(['audit', 'list', '--account-id', accountId]);

      // Assess: the listing of an account with no entries shows only itself.
      expect(listed.stderr).toBe('');
      expect(auditLines(listed).map((entry) => [entry.action, entry.accountId])).toEqual([
        ['audit.list', accountId],
      ]);
    },
  );

  it('takes text that starts with a dash as the value of --reason and --reference', async () => {
    // Prepare
    const owner = await ownerJourney().registerActive();

    // Act
    const placed = await adminResult<{ accountId: string }>([
      'hold',
      'place',
      '--account',
      owner.accountName,
      '--reason',
      '-urgent- preservation order',
      '--basis',
      'CPR 31',
      '--reference',
      '-HC-1',
    ]);
    const lifted = await adminResult([
      'hold',
      'lift',
      '--account',
      owner.accountName,
      '--reference',
      '-HC-1',
    ]);
    const listed = await adminCli(['audit', 'list', '--account-id', placed.accountId]);

    // Assess: the hold was placed with the text as given, and lifted by the same reference.
    expect(lifted).toMatchObject({ command: 'hold.lift', erasure: 'none' });
    const [place] = auditLines(listed);
    expect(place).toMatchObject({
      action: 'hold.place',
      details: { reason: '-urgent- preservation order', basis: 'CPR 31', reference: '-HC-1' },
    });
  });

  it('still reports a flag whose value was left out, when the next word is another of its flags', async () => {
    // Act
    const outcomes = await Promise.all([
      adminCli(['hold', 'lift', '--account', '--reference', 'HC-1']),
      adminCli(['hold', 'lift', '--account', '--reference=HC-1']),
    ]);

    // Assess
    for (const ran of outcomes) {
      expect(ran.status).toBe(2);
      expect(ran.stdout).toBe('');
      expect(ran.stderr).toContain("Option '--account' argument is ambiguous");
      expect(ran.stderr).toContain('Usage: npm run admin -- hold lift --account NAME --reference REF');
    }
  });

  it('prints the command help when --help follows a flag instead of its value', async () => {
    // Act
    const ran = await adminCli(['audit', 'list', '--account-id', '--help']);

    // Assess
    expect(ran.status).toBe(0);
    expect(ran.stdout).toContain('Usage: npm run admin -- audit list [--account NAME]');
  });
});
