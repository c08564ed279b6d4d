// test/integration/api: the retention sweeper and legal holds end to end. A sweep walks a whole table, so
// this file runs a local runtime of its own (infra/local/runtime.ts: DynamoDB Local, outboxes, the real
// handlers) and sweeps nothing the other test files use. The operator runs `npm run admin` (the command
// line's own code) and `npm run sweep` (a child process through tsx, as npm runs it) against it.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../../infra/local/runtime.js';
import { accountKey } from '../../../shared/adapters/dynamodb/items/index.js';
import type { SweepReport } from '../../../shared/domain/retention/sweep.js';
import type { AccountId } from '../../../shared/domain/types.js';
import {
  adminCli,
  adminResult,
  auditLines,
  localDocumentClient,
  ownerJourney,
  runLocalTool,
  type Owner,
} from '../../helpers/admin-tables.js';

const DAY = 86_400_000;

let runtime: LocalRuntime;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'signet-retention-'));
  runtime = await startLocalRuntime({
    dataDir,
    ports: { api: 0, dynamodb: 0, email: 0, sms: 0 },
    onWarning: () => undefined,
  });
});
afterAll(async () => {
  await runtime.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const api = () => ownerJourney(runtime);
const admin = (args: readonly string[]) => adminCli(args, runtime.env);
const adminJson = <T = Record<string, unknown>>(args: readonly string[]) => adminResult<T>(args, runtime.env);

/** `npm run sweep -- <args>`: its exit status and the report it printed. */
const sweep = async (
  ...args: string[]
): Promise<{ status: number | null; report: SweepReport; stderr: string }> => {
  const ran = await runLocalTool('infra/local/sweep.ts', args, runtime.env);
  if (ran.stdout === '')
    throw new Error(`sweep printed no report (exit ${String(ran.status)}): ${ran.stderr}`);
  return { status: ran.status, report: JSON.parse(ran.stdout) as SweepReport, stderr: ran.stderr };
};

const placeHold = (owner: Owner, reference: string) =>
  adminJson<{ accountId: AccountId }>([
    'hold',
    'place',
    '--account',
    owner.accountName,
    '--reason',
    'Pending litigation',
    '--basis',
    'CPR 31',
    '--reference',
    reference,
  ]);
const liftHold = (owner: Owner, reference: string) =>
  adminJson<{ erasure: string }>(['hold', 'lift', '--account', owner.accountName, '--reference', reference]);

/** Makes an account look unused for 800 days (past retention.inactiveAccountDays, 730 by default). */
const makeDormant = async (accountId: AccountId): Promise<void> => {
  const client = localDocumentClient(runtime.dynamodbEndpoint);
  const longAgo = new Date(Date.now() - 800 * DAY).toISOString();
  await client.send(
    new UpdateCommand({
      TableName: runtime.tableName,
      Key: accountKey(accountId),
      UpdateExpression: 'SET lastActiveAt = :longAgo, activatedAt = :longAgo',
      ExpressionAttributeValues: { ':longAgo': longAgo },
    }),
  );
  client.destroy();
};

describe('Operators: legal hold and the retention sweeper', () => {
  it(
    'skips and reports a dormant account under hold; after the lift, the next sweep erases it',
    { timeout: 240_000 },
    async () => {
      // Prepare: an account unused for 800 days, under a legal hold.
      const owner = await api().registerActive();
      const token = await api().token(owner);
      const { accountId } = await placeHold(owner, 'HC-900');
      await makeDormant(accountId);

      // Act
      const held = await sweep();
      const exportedWhileHeld = await api().request('GET', '/v1/me', undefined, token);
      const lifted = await liftHold(owner, 'HC-900');
      // Interrupted after one page of two items, then resumed by the next run.
      const paused = await sweep('--page-size', '2', '--max-pages', '1');
      const resumed = await sweep('--page-size', '2');
      const again = await sweep();
      const exportedAfter = await api().request('GET', '/v1/me', undefined, token);
      const signIn = await api().signIn(owner);
      const registeredAgain = await api().registerActive({
        accountName: owner.accountName,
        email: owner.email,
      });
      const listed = await admin(['audit', 'list', '--account-id', accountId]);

      // Assess: the hold kept the account and the sweep said so.
      expect(held.status).toBe(0);
      expect(held.report).toMatchObject({
        outcome: 'complete',
        skippedForHold: [accountId],
        totals: { skippedForHold: 1, erased: { inactivity: 0 } },
      });
      expect(exportedWhileHeld.status).toBe(200);
      // No erasure waited on the hold (the owner asked for none): the lift erases nothing; the next sweep does.
      expect(lifted).toMatchObject({ erasure: 'none' });
      expect(paused.status).toBe(0);
      expect(paused.report).toMatchObject({ outcome: 'paused', pages: 1 });
      expect(paused.stderr).toContain('run npm run sweep again to continue');
      expect(resumed.report).toMatchObject({
        outcome: 'complete',
        resumed: true,
        runId: paused.report.runId,
        skippedForHold: [],
      });
      expect(resumed.report.totals.erased.inactivity).toBe(1);
      expect(again.report).toMatchObject({
        outcome: 'complete',
        resumed: false,
        totals: { erased: { inactivity: 0, holdLifted: 0 }, skippedForHold: 0 },
      });
      expect(exportedAfter.status).toBe(401);
      expect(signIn).toMatchObject({ status: 401, body: { error: 'invalid_credentials' } });
      expect(registeredAgain.accountName).toBe(owner.accountName);
      expect(auditLines(listed).map((entry) => entry.action)).toEqual([
        'hold.place',
        'retention.erasure_skipped',
        'hold.lift',
        'retention.erased',
        'audit.list',
      ]);
      expect(listed.stdout).not.toContain(owner.accountName);
    },
  );

  it(
    "keeps an owner's erasure request through sweeps while held, and carries it out at the lift",
    { timeout: 240_000 },
    async () => {
      // Prepare
      const owner = await api().registerActive();
      const token = await api().token(owner);
      const { accountId } = await placeHold(owner, 'ORDER-5');
      const refused = await api().request('DELETE', '/v1/me', { currentPassword: owner.password }, token);

      // Act
      const held = await sweep();
      const exportedWhileHeld = await api().request('GET', '/v1/me', undefined, token);
      const lifted = await liftHold(owner, 'ORDER-5');
      const exportedAfter = await api().request('GET', '/v1/me', undefined, token);
      const after = await sweep();
      const listed = await admin(['audit', 'list', '--account-id', accountId]);

      // Assess
      expect(refused).toMatchObject({ status: 409, body: { error: 'legal_hold' } });
      expect(held.report.skippedForHold).toContain(accountId);
      expect(exportedWhileHeld.status).toBe(200);
      expect(lifted).toMatchObject({ erasure: 'erased' });
      expect(exportedAfter.status).toBe(401);
      expect(after.report).toMatchObject({
        outcome: 'complete',
        skippedForHold: [],
        totals: { erased: { holdLifted: 0 } },
      });
      expect(auditLines(listed).map((entry) => entry.action)).toEqual([
        'hold.place',
        'retention.erasure_skipped',
        'hold.lift',
        'account.erased',
        'audit.list',
      ]);
    },
  );
});
