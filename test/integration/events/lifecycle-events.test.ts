// test/integration/events: lifecycle events end to end. A local runtime of this file's own (the sweeper walks
// the whole table) with DynamoDB Local's stream, the real events forwarder and the events outbox: each change
// through the API, the admin command line or the sweeper must publish its event once (duplicates by eventId
// removed, as a consumer would), a failed change none, and no event may hold anything personal.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../../infra/local/runtime.js';
import {
  accountKey,
  OUTBOX_FALLBACK_SECONDS,
  outboxKey,
} from '../../../shared/adapters/dynamodb/items/index.js';
import type { AccountId } from '../../../shared/domain/types.js';
import {
  adminResult,
  localDocumentClient,
  ownerJourney,
  runLocalTool,
  type Owner,
} from '../../helpers/admin-tables.js';
import { strongPassword, uniqueEmail, wrongCode } from '../../helpers/api.js';
import { readEmails, readEvents, waitFor, type LocalEvent } from '../../helpers/local-servers.js';

const DAY = 86_400_000;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let runtime: LocalRuntime;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'signet-events-'));
  runtime = await startLocalRuntime({
    dataDir,
    ports: { api: 0, dynamodb: 0, email: 0, sms: 0, events: 0 },
    onWarning: () => undefined,
  });
}, 120_000);
afterAll(async () => {
  await runtime.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const api = () => ownerJourney(runtime);

/** Every person the tests made, for the privacy scan at the end. */
const people: Owner[] = [];
const codes: string[] = [];

const registered = async (): Promise<Owner & { token: string; accountId: AccountId }> => {
  const owner = await api().registerActive();
  people.push(owner);
  const token = await api().token(owner);
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    sub: string;
  };
  return { ...owner, token, accountId: payload.sub as AccountId };
};

const latestCode = async (to: string): Promise<string> => {
  const newest = (await readEmails(runtime.emailUrl))
    .filter((email) => email.destination.to.includes(to))
    .at(-1);
  const code = /\b(\d{6})\b/.exec(newest?.body.text ?? '')?.[1];
  if (code === undefined) throw new Error('no code in the email outbox for the test address');
  codes.push(code);
  return code;
};

/** The account's events, oldest first, each once (a consumer drops a repeated eventId). */
const eventsOf = async (accountId: string): Promise<LocalEvent[]> => {
  const seen = new Set<unknown>();
  return (await readEvents(runtime.eventsUrl)).filter((event) => {
    if (event.detail.accountId !== accountId || seen.has(event.detail.eventId)) return false;
    seen.add(event.detail.eventId);
    return true;
  });
};

/** Waits until the account has an event of `type`, then answers all its events of every type. */
const waitForEvent = async (accountId: string, type: string): Promise<LocalEvent[]> =>
  waitFor(async () => {
    const events = await eventsOf(accountId);
    return events.some((event) => event['detail-type'] === type) && events;
  }, 15_000);

const types = (events: readonly LocalEvent[]): string[] => events.map((event) => event['detail-type']);

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

describe('Lifecycle events', () => {
  it('publishes AccountConfirmed once for a confirmation, none for a wrong or repeated code, as EventBridge delivers it', async () => {
    // Prepare
    const owner = {
      accountName: `events-${Date.now().toString(36)}`,
      email: uniqueEmail(),
      password: strongPassword(),
    };
    people.push(owner);
    const started = Date.now();
    expect((await api().request('POST', '/v1/registrations', { ...owner, channel: 'email' })).status).toBe(
      202,
    );
    const code = await latestCode(owner.email);

    // Act
    const wrong = await api().request('POST', '/v1/registrations/confirm', {
      accountName: owner.accountName,
      code: wrongCode(code),
    });
    const [first, second] = await Promise.all([
      api().request('POST', '/v1/registrations/confirm', { accountName: owner.accountName, code }),
      api().request('POST', '/v1/registrations/confirm', { accountName: owner.accountName, code }),
    ]);
    const token = await api().token(owner);
    const { sub } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      sub: string;
    };
    const events = await waitForEvent(sub, 'AccountConfirmed');

    // Assess
    expect(wrong.status).toBe(400);
    expect([first.status, second.status].sort()).toEqual([200, 400]);
    expect(types(events)).toEqual(['AccountConfirmed']);
    const [event] = events;
    expect(Object.keys(event ?? {}).sort()).toEqual(
      ['account', 'detail', 'detail-type', 'id', 'region', 'resources', 'source', 'time', 'version'].sort(),
    );
    expect(event).toMatchObject({
      version: '0',
      source: 'signet',
      'detail-type': 'AccountConfirmed',
      resources: [],
    });
    expect(Object.keys(event?.detail ?? {}).sort()).toEqual(['accountId', 'eventId', 'occurredAt']);
    expect(event?.detail.eventId).toMatch(UUID);
    expect(event?.detail.occurredAt).toMatch(ISO);
    const occurred = Date.parse(String(event?.detail.occurredAt));
    expect(occurred).toBeGreaterThanOrEqual(started - 1_000);
    expect(occurred).toBeLessThanOrEqual(Date.now());
    expect(event?.time).toBe(String(event?.detail.occurredAt).replace(/\.\d{3}Z$/, 'Z'));
    // Forwarded: the outbox item's fallback expiry (3 days on) is cut to the time of forwarding.
    const client = localDocumentClient(runtime.dynamodbEndpoint);
    const item = await waitFor(async () => {
      const { Item } = await client.send(
        new GetCommand({
          TableName: runtime.tableName,
          Key: outboxKey(String(event?.detail.eventId)),
          ConsistentRead: true,
        }),
      );
      return typeof Item?.forwardedAt === 'string' && Item;
    });
    client.destroy();
    expect(item.expiresAt).toBeLessThan(occurred / 1000 + OUTBOX_FALLBACK_SECONDS / 2);
    expect(item.expiresAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(item).toMatchObject({ eventType: 'AccountConfirmed', detail: event?.detail });
  });

  it('publishes PasswordChanged via "change" for a change, and nothing for a wrong current password', async () => {
    // Prepare
    const owner = await registered();
    const newPassword = strongPassword();

    // Act
    const refused = await api().request(
      'POST',
      '/v1/me/password',
      { currentPassword: strongPassword(), newPassword },
      owner.token,
    );
    const changed = await api().request(
      'POST',
      '/v1/me/password',
      { currentPassword: owner.password, newPassword },
      owner.token,
    );
    const events = await waitForEvent(owner.accountId, 'PasswordChanged');

    // Assess
    expect(refused.status).toBe(401);
    expect(changed.status).toBe(200);
    expect(types(events)).toEqual(['AccountConfirmed', 'PasswordChanged']);
    expect(events[1]?.detail).toEqual({
      eventId: expect.stringMatching(UUID),
      accountId: owner.accountId,
      occurredAt: expect.stringMatching(ISO),
      via: 'change',
    });
  });

  it('publishes PasswordChanged via "reset" for a reset, and nothing for a wrong code', async () => {
    // Prepare
    const owner = await registered();
    const asked = await api().request('POST', '/v1/password-resets', { accountName: owner.accountName });
    const { resetId } = asked.body as { resetId: string };
    const code = await latestCode(owner.email);
    const reset = { accountName: owner.accountName, resetId, newPassword: strongPassword() };

    // Act
    const wrong = await api().request('POST', '/v1/password-resets/confirm', {
      ...reset,
      code: wrongCode(code),
    });
    const confirmed = await api().request('POST', '/v1/password-resets/confirm', { ...reset, code });
    const again = await api().request('POST', '/v1/password-resets/confirm', { ...reset, code });
    const events = await waitForEvent(owner.accountId, 'PasswordChanged');

    // Assess
    expect([wrong.status, confirmed.status, again.status]).toEqual([400, 200, 400]);
    expect(types(events)).toEqual(['AccountConfirmed', 'PasswordChanged']);
    expect(events[1]?.detail).toMatchObject({ accountId: owner.accountId, via: 'reset' });
  });

  it('publishes ContactChanged for a confirmed contact change, and nothing for a wrong code', async () => {
    // Prepare
    const owner = await registered();
    const newEmail = uniqueEmail();
    const requested = await api().request(
      'POST',
      '/v1/me/contact',
      { email: newEmail, currentPassword: owner.password },
      owner.token,
    );
    const code = await latestCode(newEmail);

    // Act
    const wrong = await api().request(
      'POST',
      '/v1/me/contact/confirm',
      { code: wrongCode(code) },
      owner.token,
    );
    const confirmed = await api().request('POST', '/v1/me/contact/confirm', { code }, owner.token);
    const events = await waitForEvent(owner.accountId, 'ContactChanged');

    // Assess
    expect([requested.status, wrong.status, confirmed.status]).toEqual([202, 400, 200]);
    expect(types(events)).toEqual(['AccountConfirmed', 'ContactChanged']);
    expect(events[1]?.detail).toEqual({
      eventId: expect.stringMatching(UUID),
      accountId: owner.accountId,
      occurredAt: expect.stringMatching(ISO),
      contact: 'email',
    });
  });

  it('publishes SessionsRevoked for a revoke-all, and nothing for one with a dead token', async () => {
    // Prepare
    const owner = await registered();

    // Act
    const revoked = await api().request('POST', '/v1/me/sessions/revoke-all', undefined, owner.token);
    const withDeadToken = await api().request('POST', '/v1/me/sessions/revoke-all', undefined, owner.token);
    const events = await waitForEvent(owner.accountId, 'SessionsRevoked');
    // The owner's next change is published after it: nothing of the refused revoke-all came in between.
    const erased = await api().request(
      'DELETE',
      '/v1/me',
      { currentPassword: owner.password },
      await api().token(owner),
    );
    const after = await waitForEvent(owner.accountId, 'AccountErased');

    // Assess
    expect([revoked.status, withDeadToken.status, erased.status]).toEqual([200, 401, 200]);
    expect(types(events)).toEqual(['AccountConfirmed', 'SessionsRevoked']);
    expect(Object.keys(events[1]?.detail ?? {}).sort()).toEqual(['accountId', 'eventId', 'occurredAt']);
    expect(types(after)).toEqual(['AccountConfirmed', 'SessionsRevoked', 'AccountErased']);
  });

  it('publishes AccountErased with reason owner_request once, though the erased owner tries again', async () => {
    // Prepare
    const owner = await registered();

    // Act
    const refused = await api().request(
      'DELETE',
      '/v1/me',
      { currentPassword: strongPassword() },
      owner.token,
    );
    const erased = await api().request('DELETE', '/v1/me', { currentPassword: owner.password }, owner.token);
    const again = await api().request('DELETE', '/v1/me', { currentPassword: owner.password }, owner.token);
    const events = await waitForEvent(owner.accountId, 'AccountErased');

    // Assess
    expect(refused.status).toBe(401);
    expect(erased.status).toBe(200);
    expect(again.status).toBe(401);
    expect(types(events)).toEqual(['AccountConfirmed', 'AccountErased']);
    expect(events[1]?.detail).toEqual({
      eventId: expect.stringMatching(UUID),
      accountId: owner.accountId,
      occurredAt: expect.stringMatching(ISO),
      reason: 'owner_request',
    });
  });

  it('publishes nothing for an erasure a legal hold refuses, and AccountErased with reason hold_lifted at the lift', async () => {
    // Prepare
    const owner = await registered();
    const hold = [
      'hold',
      'place',
      '--account',
      owner.accountName,
      '--reason',
      'Pending litigation',
      '--basis',
      'CPR 31',
      '--reference',
      'HC-31',
    ];
    await adminResult(hold, runtime.env);

    // Act
    const refused = await api().request('DELETE', '/v1/me', { currentPassword: owner.password }, owner.token);
    const lifted = await adminResult<{ erasure: string }>(
      ['hold', 'lift', '--account', owner.accountName, '--reference', 'HC-31'],
      runtime.env,
    );
    const events = await waitForEvent(owner.accountId, 'AccountErased');

    // Assess
    expect(refused.status).toBe(409);
    expect(lifted.erasure).toBe('erased');
    expect(types(events)).toEqual(['AccountConfirmed', 'AccountErased']);
    expect(events[1]?.detail).toMatchObject({ accountId: owner.accountId, reason: 'hold_lifted' });
  });

  it(
    'publishes AccountErased with reason inactivity when the sweeper erases a dormant account',
    { timeout: 60_000 },
    async () => {
      // Prepare
      const owner = await registered();
      await makeDormant(owner.accountId);

      // Act
      const swept = await runLocalTool('infra/local/sweep.ts', [], runtime.env);
      const events = await waitForEvent(owner.accountId, 'AccountErased');

      // Assess
      expect(swept.status).toBe(0);
      expect(types(events)).toEqual(['AccountConfirmed', 'AccountErased']);
      expect(events[1]?.detail).toMatchObject({ accountId: owner.accountId, reason: 'inactivity' });
    },
  );

  it('holds nothing personal in any event: no name, email, password or code of the people above', async () => {
    // Act
    const raw = JSON.stringify(await readEvents(runtime.eventsUrl));

    // Assess
    expect(people.length).toBeGreaterThan(5);
    const secrets = people.flatMap((person) => [
      person.accountName,
      person.email,
      person.email.split('@')[0] ?? '',
      person.password,
    ]);
    for (const value of [...secrets, ...codes])
      expect(raw.includes(value), 'a personal value in the events').toBe(false);
    for (const event of await readEvents(runtime.eventsUrl)) {
      const allowed = ['eventId', 'accountId', 'occurredAt', 'contact', 'via', 'reason'];
      expect(Object.keys(event.detail).filter((key) => !allowed.includes(key))).toEqual([]);
    }
  });
});
