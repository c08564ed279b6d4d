// test/integration/local: `npm run admin` and `npm run sweep` as an operator runs them: through tsx, as
// child processes pointed at the test run's servers (or at nothing), reading stdout, stderr and the exit.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../../infra/local/tcp-ports.js';
import { latestEmailCode, post, signet, strongPassword, uniqueEmail, uniqueName } from '../../helpers/api.js';
import { localDocumentClient, registerAccount, runLocalTool as runTool, scratchTable } from '../../helpers/admin-tables.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The test servers' environment: what npm start would give the tools. */
const testEnv = () => ({ ...signet().env });
const admin = (args: readonly string[], env: Record<string, string | undefined> = testEnv()) =>
  runTool('infra/local/admin.ts', args, env);

/** An account registered and confirmed through the API. */
const confirmedAccount = async (): Promise<string> => {
  const accountName = uniqueName('cli');
  const email = uniqueEmail();
  await post('/v1/registrations', { accountName, password: strongPassword(), email, channel: 'email' });
  const confirmed = await post('/v1/registrations/confirm', { accountName, code: await latestEmailCode(email) });
  if (confirmed.status !== 200) throw new Error(`confirmation answered ${confirmed.status}`);
  return accountName;
};

describe('Module: infra/local/admin.ts (npm run admin)', () => {
  it('prints help at each level with the exact usage, and warns against personal data', async () => {
    // Act
    const [top, hold, place, disclosure, audit] = await Promise.all([
      admin(['--help']),
      admin(['hold', '--help']),
      admin(['hold', 'place', '--help']),
      admin(['disclosure', 'record', '-h']),
      admin(['audit', 'list', '--help']),
    ]);

    // Assess
    for (const ran of [top, hold, place, disclosure, audit]) {
      expect(ran.status).toBe(0);
      expect(ran.stdout).toContain('Never put personal data');
    }
    expect(top.stdout).toContain('hold place');
    expect(top.stdout).toContain('audit list');
    expect(hold.stdout).toContain('hold lift');
    expect(place.stdout).toContain(
      'Usage: npm run admin -- hold place --account NAME --reason TEXT --basis TEXT --reference REF',
    );
    expect(disclosure.stdout).toContain(
      'Usage: npm run admin -- disclosure record --account NAME --authority TEXT --basis TEXT --reference REF --items LIST [--no-notify-owner]',
    );
    expect(audit.stdout).toContain('Usage: npm run admin -- audit list [--account NAME]');
  });

  it('exits 2 on bad usage, naming the problem on stderr and printing nothing on stdout', async () => {
    // Act
    const outcomes = await Promise.all([
      admin([]),
      admin(['hold', 'destroy']),
      admin(['hold', 'place', '--account', 'ada.lovelace', '--reason', 'litigation', '--basis', 'CPR 31']),
      admin(['audit', 'list', '--colour']),
      admin(['hold', 'place', '--account', 'ada.lovelace', '--reason', 'from ada@example.com', '--basis', 'x', '--reference', 'y']),
      admin(['disclosure', 'record', '--account', 'ada.lovelace', '--authority', 'a', '--basis', 'b', '--reference', 'c', '--items', 'email,password']),
    ]);

    // Assess
    expect(outcomes.map((ran) => ran.status)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(outcomes.map((ran) => ran.stdout)).toEqual(['', '', '', '', '', '']);
    const [none, unknown, missing, flag, personal, item] = outcomes.map((ran) => ran.stderr);
    expect(none).toContain('error: a command is required');
    expect(unknown).toContain('error: unknown command: hold destroy');
    expect(missing).toContain('error: missing --reference');
    expect(flag).toContain("Unknown option '--colour'");
    expect(personal).toContain('--reason: looks like personal data');
    expect(personal).not.toContain('ada@example.com');
    expect(item).toContain('--items: must be one or more of email, phone, accountName, preferences, interests');
  });

  it('places, refuses and lifts a hold, exiting 1 on each refusal, and lists the audit log as JSON lines', async () => {
    // Prepare
    const account = await confirmedAccount();
    const place = ['hold', 'place', '--account', account, '--reason', 'Pending litigation', '--basis', 'CPR 31', '--reference', 'HC-77'];

    // Act
    const placed = await admin(place);
    const again = await admin(place);
    const wrong = await admin(['hold', 'lift', '--account', account, '--reference', 'HC-78']);
    const lifted = await admin(['hold', 'lift', '--account', account, '--reference', 'HC-77']);
    const nobody = await admin(['hold', 'lift', '--account', uniqueName('nobody'), '--reference', 'HC-77']);
    const listed = await admin(['audit', 'list', '--account', account]);

    // Assess
    expect(placed).toMatchObject({ status: 0, stderr: '' });
    const result = JSON.parse(placed.stdout) as { command: string; accountId: string };
    expect(result).toMatchObject({ command: 'hold.place', legalHold: { active: true } });
    expect(again).toMatchObject({ status: 1, stdout: '' });
    expect(again.stderr).toContain('(hold_active)');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('(reference_mismatch)');
    expect(lifted.status).toBe(0);
    expect(JSON.parse(lifted.stdout)).toEqual({ command: 'hold.lift', accountId: result.accountId, erasure: 'none' });
    expect(nobody.status).toBe(1);
    expect(nobody.stderr).toContain('(unknown_account)');
    const lines = listed.stdout.trim().split('\n').map((line) => JSON.parse(line) as { action: string; actor: string; accountId: string });
    expect(lines.map((entry) => entry.action)).toEqual(['hold.place', 'hold.lift', 'audit.list']);
    expect(lines.every((entry) => entry.accountId === result.accountId && entry.actor !== '')).toBe(true);
    expect(listed.stdout).not.toContain(account);
  });

  it('says to start the runtime with npm start, and exits 1, when DynamoDB Local is not answering', async () => {
    // Prepare
    const port = String(await findFreePort());

    // Act
    const ran = await admin(['audit', 'list'], {
      SIGNET_DYNAMODB_ENDPOINT: '',
      SIGNET_DYNAMODB_PORT: port,
      SIGNET_DATA_DIR: join(repositoryRoot, '.signet-no-such-dir'),
    });

    // Assess
    expect(ran.status).toBe(1);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toContain(`DynamoDB Local is not answering at http://127.0.0.1:${port}: start it with npm start`);
  });
});

describe('Module: infra/local/cli-target.ts (finding the runtime npm start runs)', () => {
  it('says to use npm start\'s data folder, and exits 1, when DynamoDB answers but the secrets file is not there', async () => {
    // Prepare
    const elsewhere = join(repositoryRoot, '.signet-no-such-dir');

    // Act
    const ran = await admin(['audit', 'list'], { ...testEnv(), SIGNET_LOCAL_SECRETS_FILE: '', SIGNET_DATA_DIR: elsewhere });

    // Assess
    expect(ran.status).toBe(1);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toContain(`No local secrets file at ${join(elsewhere, 'secrets.json')}: set SIGNET_DATA_DIR`);
  });
});

describe('Module: infra/local/sweep.ts (npm run sweep)', () => {
  const client = localDocumentClient();
  let table: { tableName: string; drop: () => Promise<void> };
  beforeAll(async () => {
    table = await scratchTable(client);
  });
  afterAll(async () => {
    await table.drop();
    client.destroy();
  });

  it('sweeps the table it is pointed at and prints the report as JSON', async () => {
    // Prepare: a table of its own, so the sweep touches nothing of the other tests.
    await registerAccount(client, table.tableName, { pending: true, createdAt: new Date(Date.now() - 30 * 3_600_000) });
    await registerAccount(client, table.tableName);

    // Act
    const ran = await runTool('infra/local/sweep.ts', ['--page-size', '2'], { ...testEnv(), SIGNET_TABLE_NAME: table.tableName });
    const help = await runTool('infra/local/sweep.ts', ['--help'], testEnv());
    const bad = await runTool('infra/local/sweep.ts', ['--max-pages', 'lots'], testEnv());

    // Assess
    expect(ran.status).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({
      outcome: 'complete',
      totals: { removed: { pendingRegistrations: 1, guards: 2, codes: 1 }, erased: { inactivity: 0 } },
    });
    expect(help).toMatchObject({ status: 0 });
    expect(help.stdout).toContain('Usage: npm run sweep');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--max-pages must be a whole number');
  });
});
