// test/integration/adapters/dynamodb: the item catalogue against what the code really writes. A local
// runtime of this file's own (DynamoDB Local, outboxes, the real handlers) is driven through the API, the
// admin command line and the sweeper; then a scan of the whole table must hold only kinds the classifier
// knows, every kind of the catalogue, and after an erasure nothing of the account but what the catalogue
// says erasure keeps. README "Storage" must list exactly the catalogue's kinds.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../../../infra/local/runtime.js';
import {
  accountKey,
  AUDIT_PARTITION,
  auditKey,
  checkpointKey,
  classifyKey,
  clientRegistrationBudgetKey,
  clientSmsBudgetKey,
  contactChangeCodeKey,
  contactDecoyBudgetKey,
  contactMessageBudgetKey,
  contactTryBudgetKey,
  disclosureKey,
  emailGuardKey,
  idempotencyPartition,
  ipFailureKey,
  ITEM_KIND_NAMES,
  ITEM_KINDS,
  nameGuardKey,
  noticeThrottleKey,
  outboxKey,
  passwordResetCodeKey,
  passwordResetSendsKey,
  phoneGuardKey,
  refreshTokenKey,
  refreshTokenRefKey,
  registrationCodeKey,
  signInClientThrottleKey,
  sessionFamilyKey,
  signInThrottleKey,
  smsDailyBudgetKey,
  smsPrefixBudgetKey,
  type ItemKindName,
} from '../../../../shared/adapters/dynamodb/items/index.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { strongPassword, uniqueName, uniquePhone } from '../../../helpers/api.js';
import {
  adminResult,
  localDocumentClient,
  ownerJourney,
  runLocalTool,
} from '../../../helpers/admin-tables.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

type Item = Record<string, unknown> & { pk: string; sk: string };

describe('Module: item catalogue', () => {
  describe('Function: classifyKey', () => {
    it('reads every key builder back as its own kind, and no other key', () => {
      // Prepare
      const id = 'Qx-abcdefghijklmnopqrs' as AccountId;
      const built: Record<ItemKindName, { pk: string; sk: string }> = {
        account: accountKey(id),
        nameGuard: nameGuardKey('n1'),
        emailGuard: emailGuardKey('e1'),
        phoneGuard: phoneGuardKey('p1'),
        registrationCode: registrationCodeKey('n1'),
        passwordResetCode: passwordResetCodeKey('n1', 'r1'),
        passwordResetSends: passwordResetSendsKey('n1'),
        contactChangeCode: contactChangeCodeKey(id),
        sessionFamily: sessionFamilyKey(id, 'f1'),
        refreshTokenRef: refreshTokenRefKey(id, 'h1'),
        refreshToken: refreshTokenKey('h1'),
        noticeThrottle: noticeThrottleKey('e1'),
        contactMessageBudget: contactMessageBudgetKey('e1'),
        contactDecoyBudget: contactDecoyBudgetKey('e1'),
        contactTryBudget: contactTryBudgetKey('e1'),
        signInThrottle: signInThrottleKey('n1'),
        signInClientThrottle: signInClientThrottleKey('n1', 'i1'),
        ipFailureThrottle: ipFailureKey('i1'),
        smsPrefixBudget: smsPrefixBudgetKey('x1', '2027-01-02T03'),
        smsDailyBudget: smsDailyBudgetKey('2027-01-02'),
        clientSmsBudget: clientSmsBudgetKey('i1', '2027-01-02T03'),
        clientRegistrationBudget: clientRegistrationBudgetKey('i1', '2027-01-02T03'),
        disclosure: disclosureKey(id, { date: '2027-01-02T03:04:05.000Z', disclosureId: 'd1' }),
        auditEntry: auditKey({ at: '2027-01-02T03:04:05.000Z', entryId: 'a1' }),
        idempotencyRecord: { pk: idempotencyPartition('register'), sk: 'register#Hq+/0a9=' },
        outboxEvent: outboxKey('0b6f3d4e-8c1a-4f2b-9d7e-5a6c7b8d9e0f'),
        sweepCheckpoint: checkpointKey,
      };

      // Act
      const kinds = Object.fromEntries(
        Object.entries(built).map(([kind, key]) => [kind, classifyKey(key)?.kind]),
      );

      // Assess
      expect(kinds).toEqual(Object.fromEntries(ITEM_KIND_NAMES.map((kind) => [kind, kind])));
      expect(classifyKey(accountKey(id))).toMatchObject({ owner: 'account', accountId: id });
      expect(classifyKey(signInThrottleKey('n1'))).toMatchObject({ owner: 'name', index: 'n1' });
      expect(classifyKey(signInClientThrottleKey('n1', 'i1'))).toMatchObject({ owner: 'name', index: 'n1' });
      expect(classifyKey(passwordResetCodeKey('n1', 'r1'))).toMatchObject({ owner: 'name', index: 'n1' });
      expect(auditKey({ at: 'x', entryId: 'y' }).pk).toBe(AUDIT_PARTITION);
      expect(classifyKey({ pk: 'NAME#n1', sk: 'CODE#unknown' })).toBeUndefined();
      expect(classifyKey({ pk: 'OTHER#x', sk: 'GUARD' })).toBeUndefined();
      expect(classifyKey({ pk: 'ACCOUNT#a#b', sk: 'ACCOUNT' })).toBeUndefined();
    });
  });

  describe('README: Storage', () => {
    it('lists exactly the catalogue kinds, with their keys, expiry and erasure', async () => {
      // Prepare
      const readme = await readFile(join(repositoryRoot, 'README.md'), 'utf8');
      const storage = readme.slice(
        readme.indexOf('\n## Storage'),
        readme.indexOf('\n### Encryption and keys'),
      );

      // Act: the table's rows, as [kind, pk, sk, holds, expires, erasure] with their backticks.
      const rows = storage
        .split('\n')
        .filter((line) => /^\| `[a-zA-Z]+` \|/.test(line))
        .map((line) =>
          line
            .slice(1, -1)
            .split(' | ')
            .map((cell) => cell.trim()),
        );

      // Assess
      expect(rows.map((row) => row[0])).toEqual(ITEM_KIND_NAMES.map((kind) => `\`${kind}\``));
      for (const [kind, pk, sk, , expires, erasure] of rows) {
        const spec = ITEM_KINDS[(kind ?? '').replaceAll('`', '') as ItemKindName];
        expect([pk, sk]).toEqual([`\`${spec.pk}\``, `\`${spec.sk}\``]);
        expect(expires?.startsWith(`\`${spec.expiry}\``)).toBe(true);
        expect(erasure).toBe(`\`${spec.erasure}\``);
      }
    });
  });

  describe('the table after every use case', () => {
    let runtime: LocalRuntime;
    let dataDir: string;
    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'signet-items-'));
      runtime = await startLocalRuntime({
        dataDir,
        ports: { api: 0, dynamodb: 0, email: 0, sms: 0 },
        onWarning: () => undefined,
      });
    }, 120_000);
    afterAll(async () => {
      await runtime.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    const scan = async (): Promise<Item[]> => {
      const client = localDocumentClient(runtime.dynamodbEndpoint);
      const items: Item[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({ TableName: runtime.tableName, ExclusiveStartKey: start }),
        );
        items.push(...((page.Items ?? []) as Item[]));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      client.destroy();
      return items;
    };

    const outboxCode = async (url: string, path: string, to: string): Promise<string> => {
      const store = (await (await fetch(new URL(path, url))).json()) as {
        emails?: { destination: { to: string[] }; body: { text?: string }; at: number }[];
        messages?: { phoneNumber: string; message: string }[];
      };
      const texts =
        store.emails !== undefined
          ? store.emails
              .filter((e) => e.destination.to.includes(to))
              .sort((a, b) => a.at - b.at)
              .map((e) => e.body.text ?? '')
          : (store.messages ?? []).filter((m) => m.phoneNumber === to).map((m) => m.message);
      const code = /(\d{6})/.exec(texts.at(-1) ?? '')?.[1];
      if (code === undefined) throw new Error('no code in the outbox');
      return code;
    };
    const emailCode = (to: string) => outboxCode(runtime.emailUrl, '/store', to);
    const smsCode = (to: string) => outboxCode(runtime.smsUrl, '/messages', to);

    it('holds only known kinds, every kind of the catalogue, and after an erasure only what erasure keeps', async () => {
      // Prepare: every use case that writes, through the API, the admin command line and the sweeper.
      const api = ownerJourney(runtime);
      const admin = <T>(args: string[]) => adminResult<T>(args, runtime.env);
      const expectStatus = async (answer: Promise<{ status: number }>, status: number) =>
        expect((await answer).status).toBe(status);

      // Registration by email (pending, then confirmed) and by phone (left pending, with a resend).
      const alice = await api.registerActive();
      const bob = { accountName: uniqueName('bob'), phone: uniquePhone(), password: strongPassword() };
      await expectStatus(api.request('POST', '/v1/registrations', { ...bob, channel: 'sms' }), 202);
      await smsCode(bob.phone);
      await expectStatus(
        api.request('POST', '/v1/registrations/resend', { accountName: bob.accountName }),
        429,
      );
      // A registration sent with an Idempotency-Key (its kept answer).
      const keyed = await fetch(new URL('/v1/registrations', runtime.apiUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `catalogue-${uniqueName()}` },
        body: JSON.stringify({
          accountName: uniqueName('keyed'),
          phone: uniquePhone(),
          password: strongPassword(),
          channel: 'sms',
        }),
      });
      expect(keyed.status).toBe(202);
      // A taken email: the owner gets a notice (notice throttle).
      await expectStatus(
        api.request('POST', '/v1/registrations', {
          accountName: uniqueName('carol'),
          email: alice.email,
          password: strongPassword(),
          channel: 'email',
        }),
        202,
      );

      // Alice: consent, a contact change, a password reset asked for, a failed sign-in (per account and per IP).
      const aliceToken = await api.token(alice);
      const settingsVersion = '2026-11-01';
      await expectStatus(
        api.request('POST', '/v1/me/consent', { policyVersion: settingsVersion }, aliceToken),
        200,
      );
      await expectStatus(
        api.request(
          'POST',
          '/v1/me/contact',
          { phone: uniquePhone(), currentPassword: alice.password },
          aliceToken,
        ),
        202,
      );
      await expectStatus(api.request('POST', '/v1/password-resets', { accountName: alice.accountName }), 202);
      await expectStatus(api.signIn({ accountName: alice.accountName, password: strongPassword() }), 401);

      // Dave: a password reset carried out, then a contact change to Alice's email (the decoy).
      const dave = await api.registerActive();
      const daveReset = await api.request('POST', '/v1/password-resets', { accountName: dave.accountName });
      expect(daveReset.status).toBe(202);
      const newPassword = strongPassword();
      await expectStatus(
        api.request('POST', '/v1/password-resets/confirm', {
          accountName: dave.accountName,
          resetId: (daveReset.body as { resetId: string }).resetId,
          code: await emailCode(dave.email),
          newPassword,
        }),
        200,
      );
      const daveToken = await api.token({ accountName: dave.accountName, password: newPassword });
      await expectStatus(
        api.request(
          'POST',
          '/v1/me/contact',
          { email: alice.email, currentPassword: newPassword },
          daveToken,
        ),
        202,
      );

      // Eve: under legal hold, with an erasure that waits for its lift.
      const eve = await api.registerActive();
      const held = await admin<{ accountId: AccountId }>([
        'hold',
        'place',
        '--account',
        eve.accountName,
        '--reason',
        'Pending litigation',
        '--basis',
        'CPR 31',
        '--reference',
        'HC-1',
      ]);
      const eveToken = await api.token(eve);
      await expectStatus(api.request('DELETE', '/v1/me', { currentPassword: eve.password }, eveToken), 409);

      // A disclosure of Alice's data (and the audit log), and a sweep that pauses (its checkpoint stays).
      const disclosed = await admin<{ accountId: AccountId }>([
        'disclosure',
        'record',
        '--account',
        alice.accountName,
        '--authority',
        'Metropolitan Police',
        '--basis',
        'IPA 2016 s. 61',
        '--reference',
        'IPA-1',
        '--items',
        'email',
      ]);
      const swept = await runLocalTool(
        'infra/local/sweep.ts',
        ['--max-pages', '1', '--page-size', '1'],
        runtime.env,
      );
      expect(swept.stdout).toContain('"paused"');

      // Act
      const before = await scan();
      const aliceItem = before.find(
        (item) => item.pk === accountKey(disclosed.accountId).pk && item.sk === 'ACCOUNT',
      );
      await expectStatus(
        api.request('DELETE', '/v1/me', { currentPassword: alice.password }, aliceToken),
        200,
      );
      const after = await scan();

      // Assess: every item is of a known kind, and every kind was written.
      const unknown = [...before, ...after]
        .filter((item) => classifyKey(item) === undefined)
        .map(({ pk, sk }) => `${pk} ${sk}`);
      expect(unknown).toEqual([]);
      const seen = new Set([...before, ...after].map((item) => classifyKey(item)?.kind));
      expect(ITEM_KIND_NAMES.filter((kind) => !seen.has(kind))).toEqual([]);

      // Assess: of Alice's items only what erasure keeps remains (the tombstone, the audit entries).
      const indexes = [aliceItem?.nameIndex, aliceItem?.emailIndex, aliceItem?.phoneIndex].filter(
        (i) => typeof i === 'string',
      );
      expect(indexes.length).toBeGreaterThanOrEqual(2);
      const isAlices = (item: Item): boolean => {
        const found = classifyKey(item);
        if (item.accountId === disclosed.accountId) return true;
        if (found === undefined || found.owner === 'none') return false;
        return found.owner === 'account'
          ? found.accountId === disclosed.accountId
          : indexes.includes(found.index);
      };
      expect(before.filter(isAlices).map((item) => classifyKey(item)?.kind)).toEqual(
        expect.arrayContaining([
          'account',
          'nameGuard',
          'emailGuard',
          'contactChangeCode',
          'passwordResetCode',
          'passwordResetSends',
          'noticeThrottle',
          'signInThrottle',
          'signInClientThrottle',
          'disclosure',
          'auditEntry',
        ]),
      );
      const left = after
        .filter(isAlices)
        .map((item) => ({ kind: classifyKey(item)?.spec.erasure, status: item.status }));
      expect(
        left.filter(
          ({ kind, status }) => !(kind === 'keep' || (kind === 'tombstone' && status === 'erased')),
        ),
      ).toEqual([]);
      expect(left).toContainEqual({ kind: 'tombstone', status: 'erased' });
      expect(left.some(({ kind }) => kind === 'keep')).toBe(true);

      // Assess: the held account's items all stay.
      const eves = (items: Item[]) =>
        items
          .filter((item) => item.pk === accountKey(held.accountId).pk || item.accountId === held.accountId)
          .map(({ pk, sk }) => `${pk} ${sk}`);
      expect(eves(after)).toEqual(expect.arrayContaining(eves(before)));
    }, 120_000);
  });
});
