// test/integration/api: no plaintext personal data in the table, and none in any log line of a journey.
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  call,
  latestEmailCode,
  latestSmsCode,
  post,
  signet,
  strongPassword,
  uniqueEmail,
  uniqueName,
  uniquePhone,
  wrongCode,
} from '../../helpers/api.js';
import { waitFor } from '../../helpers/local-servers.js';
import { eventsOutboxText, scanTableText } from '../../helpers/raw-table.js';


/** The forms a value could leak in: as given, lower and upper case, and a phone's national digits. */
const leakForms = (value: string): string[] => {
  const forms = new Set([value, value.toLowerCase(), value.toUpperCase()]);
  if (value.startsWith('+')) forms.add(value.slice(3));
  return [...forms];
};

describe('Personal data at rest', () => {
  it('stores no email, phone, account name, password, preference or interest in plaintext', async () => {
    // Prepare
    const person = {
      accountName: uniqueName('private'),
      password: strongPassword(),
      email: uniqueEmail(),
      phone: uniquePhone(),
    };
    const registered = await post('/v1/registrations', {
      ...person,
      channel: 'sms',
      preferences: { marketingEmails: true, productUpdates: false },
      interests: ['photography'],
    });
    const code = await latestSmsCode(person.phone);
    await post('/v1/registrations/confirm', { accountName: person.accountName, code });

    // Act
    const table = await scanTableText();

    // Assess
    expect(registered.status).toBe(202);
    expect(table.length).toBeGreaterThan(1000);
    for (const value of Object.values(person)) {
      for (const form of leakForms(value)) expect(table).not.toContain(form);
    }
    for (const word of ['marketingEmails', 'productUpdates', 'photography']) {
      expect(table).not.toContain(word);
    }
    // The code as a number of its own: the six digits also turn up inside epoch times and counters.
    expect(table).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));
  });

  it('keeps the answers of idempotent retries sealed: no name, contact or code in their records', async () => {
    // Prepare: a registration and its confirm, each sent with an Idempotency-Key and retried.
    const person = {
      accountName: uniqueName('keyed'),
      password: strongPassword(),
      email: uniqueEmail(),
    };
    const keyed = (path: string, body: unknown, key: string) =>
      call('POST', path, body, { 'content-type': 'application/json', 'idempotency-key': key });
    const registrationKey = randomUUID();
    const confirmKey = randomUUID();
    const registered = await keyed('/v1/registrations', { ...person, channel: 'email' }, registrationKey);
    const retried = await keyed('/v1/registrations', { ...person, channel: 'email' }, registrationKey);
    const code = await latestEmailCode(person.email);
    await keyed('/v1/registrations/confirm', { accountName: person.accountName, code }, confirmKey);

    // Act
    const table = await scanTableText();

    // Assess: the replay carried the name, the records hold neither it, the contact, the code nor the keys.
    expect(registered.status).toBe(202);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.text).toContain(person.accountName);
    expect(table).toContain('IDEMPOTENCY#register');
    expect(table).toContain('IDEMPOTENCY#confirm');
    for (const value of Object.values(person)) {
      for (const form of leakForms(value)) expect(table).not.toContain(form);
    }
    expect(table).not.toContain(registrationKey);
    expect(table).not.toContain(confirmKey);
    expect(table).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));
  });

  it('keys the SMS and client budgets by blind indexes: no number prefix and no client address in the table', async () => {
    // Prepare: an SMS registration counts in the prefix, stage and client budgets.
    const phone = uniquePhone();
    const registered = await post('/v1/registrations', {
      accountName: uniqueName('budget'),
      password: strongPassword(),
      phone,
      channel: 'sms',
    });

    // Act
    const { dynamodbEndpoint, tableName } = signet();
    const client = new DynamoDBClient({
      endpoint: dynamodbEndpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const Items: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
      Items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    client.destroy();
    const keys = Items.map((item) => `${item.pk?.S ?? ''} ${item.sk?.S ?? ''}`);
    const table = await scanTableText();

    // Assess
    expect(registered.status).toBe(202);
    expect(Items.length).toBeGreaterThan(0);
    const budgets = keys.filter((key) => /^(SMSPREFIX|SMSDAY|CLIENT)#/.test(key));
    expect(budgets.some((key) => key.startsWith('SMSPREFIX#'))).toBe(true);
    expect(budgets.some((key) => key.startsWith('SMSDAY#'))).toBe(true);
    expect(budgets.some((key) => /^CLIENT#\S+ SMS#/.test(key))).toBe(true);
    expect(budgets.some((key) => /^CLIENT#\S+ REGISTRATION#/.test(key))).toBe(true);
    for (const key of budgets.filter((key) => !key.startsWith('SMSDAY#'))) {
      expect(key).toMatch(/^(SMSPREFIX|CLIENT)#[A-Za-z0-9_-]{43} (HOUR|SMS|REGISTRATION)#\d{4}-\d{2}-\d{2}T\d{2}$/);
    }
    // A budget item holds its key, a count and its expiry: nothing else to leak.
    const budgetItems = Items.filter((item) => /^(SMSPREFIX|SMSDAY|CLIENT)#/.test(item.pk?.S ?? ''));
    for (const item of budgetItems) expect(Object.keys(item).sort()).toEqual(['count', 'expiresAt', 'pk', 'sk']);
    expect(keys.join('\n')).not.toContain(phone.slice(1, 7));
    expect(table).not.toContain('127.0.0.1');
  });
});

describe('Personal data in events', () => {
  it('publishes no email, phone, account name, password, code, preference or address in any event of a journey', async () => {
    // Prepare: every change that publishes an event, on one account.
    const person = { accountName: uniqueName('evented'), password: strongPassword(), phone: uniquePhone() };
    const newEmail = uniqueEmail();
    const newPassword = strongPassword();
    const bearer = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
    const send = async (method: string, path: string, body: unknown, token: string) =>
      fetch(new URL(path, signet().apiUrl), { method, headers: bearer(token), body: JSON.stringify(body) });
    await post('/v1/registrations', { ...person, channel: 'sms', preferences: { marketingEmails: true }, interests: ['photography'] });
    const code = await latestSmsCode(person.phone);
    await post('/v1/registrations/confirm', { accountName: person.accountName, code });
    const signIn = async (password: string) =>
      ((await post('/v1/sessions', { accountName: person.accountName, password, clientId: 'local-app' })).body as { accessToken: string }).accessToken;
    const token = await signIn(person.password);
    const { sub } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub: string };
    await send('POST', '/v1/me/contact', { email: newEmail, currentPassword: person.password }, token);
    const contactCode = await latestEmailCode(newEmail);
    await send('POST', '/v1/me/contact/confirm', { code: contactCode }, token);
    const changed = await send('POST', '/v1/me/password', { currentPassword: person.password, newPassword }, token);
    const token2 = ((await changed.json()) as { accessToken: string }).accessToken;
    await send('POST', '/v1/me/sessions/revoke-all', {}, token2);
    await send('DELETE', '/v1/me', { currentPassword: newPassword }, await signIn(newPassword));

    // Act
    const raw = await waitFor(async () => {
      const text = await eventsOutboxText();
      const erased = (JSON.parse(text) as { events: { 'detail-type': string; detail: { accountId: string } }[] }).events.some(
        (event) => event['detail-type'] === 'AccountErased' && event.detail.accountId === sub,
      );
      return erased && text;
    }, 15_000);

    // Assess
    const mine = (JSON.parse(raw) as { events: { 'detail-type': string; detail: { accountId: string } }[] }).events
      .filter((event) => event.detail.accountId === sub)
      .map((event) => event['detail-type']);
    expect(mine).toEqual(['AccountConfirmed', 'ContactChanged', 'PasswordChanged', 'SessionsRevoked', 'AccountErased']);
    for (const value of [...Object.values(person), newEmail, newPassword]) {
      for (const form of leakForms(value)) expect(raw).not.toContain(form);
    }
    for (const word of ['marketingEmails', 'photography', '127.0.0.1', 'local-app']) expect(raw).not.toContain(word);
    for (const spent of [code, contactCode]) expect(raw).not.toMatch(new RegExp(`(?<!\\d)${spent}(?!\\d)`));
  });
});

describe('Personal data in logs', () => {
  const event = (method: string, path: string, body: string): APIGatewayProxyEventV2 => ({
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'user-agent': 'vitest' },
    isBase64Encoded: false,
    body,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      requestId: randomUUID(),
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
    },
  });

  it('writes no email, phone, code, password or account name to any log line of a full journey', async () => {
    // Prepare: the same handler modules Lambda runs, in this process, bound to the local servers.
    Object.assign(process.env, signet().env);
    const lines: string[] = [];
    const capture = (chunk: unknown): boolean => {
      lines.push(String(chunk));
      return true;
    };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    const person = { accountName: uniqueName('logged'), password: strongPassword(), email: uniqueEmail(), phone: uniquePhone() };
    const secrets: string[] = [];

    // Act
    try {
      type Handler = (e: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
      const load = async (name: string): Promise<Handler> =>
        ((await import(`../../../functions/${name}/handler.ts`)) as { handler: Handler }).handler;
      const [register, confirm, resend] = await Promise.all(['register', 'confirm', 'resend'].map(load)) as [Handler, Handler, Handler];
      const send = (fn: Handler, path: string, body: unknown) =>
        fn(event('POST', path, typeof body === 'string' ? body : JSON.stringify(body)));

      await send(register, '/v1/registrations', { ...person, channel: 'email', preferences: { smsNotifications: true } });
      const code = await latestEmailCode(person.email);
      secrets.push(code);
      await send(confirm, '/v1/registrations/confirm', { accountName: person.accountName, code: wrongCode(code) });
      await send(resend, '/v1/registrations/resend', { accountName: person.accountName });
      await send(confirm, '/v1/registrations/confirm', { accountName: person.accountName, code });
      // A taken email and phone, a weak password, a malformed email and phone, and junk.
      await send(register, '/v1/registrations', { ...person, accountName: uniqueName(), channel: 'email' });
      await send(register, '/v1/registrations', { ...person, accountName: uniqueName(), password: person.email, channel: 'email' });
      await send(register, '/v1/registrations', { ...person, email: `${person.email}@@`, phone: `${person.phone}99`, channel: 'sms' });
      await send(register, '/v1/registrations', `{"accountName":"${person.accountName}","password":"${person.password}"`);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }

    // Assess
    const logLines = lines.join('').split('\n').filter((line) => line.trim() !== '');
    expect(logLines.length).toBeGreaterThanOrEqual(8);
    expect(logLines.every((line) => line.startsWith('{'))).toBe(true);
    const logText = logLines.join('\n');
    for (const value of [...Object.values(person), ...secrets]) {
      for (const form of leakForms(value)) expect(logText).not.toContain(form);
    }
  });
});
