// test/integration/api: the SMS-pumping defences replayed as an attacker would, against a local runtime of this
// file's own with small limits (settings overrides, as SIGNET_SETTINGS_FILE gives npm start). Each request goes
// from a loopback address of its own (127.x.y.z), which the local API hands the handlers as API Gateway's
// source IP, so that one test's client budget does not spend another's.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../../infra/local/runtime.js';
import { smsDailyBudgetKey } from '../../../shared/adapters/dynamodb/items/index.js';
import { localDocumentClient, ownerJourney } from '../../helpers/admin-tables.js';
import { strongPassword, uniqueEmail, uniqueName } from '../../helpers/api.js';

/** The limits of this file's runtime. */
const LIMITS = {
  perPrefixPerHour: 5,
  smsPerClientPerHour: 3,
  registrationsPerClientPerHour: 30,
  dailyBudget: 20,
} as const;

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: { error?: string; message?: string } & Record<string, unknown>;
}

let runtime: LocalRuntime;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'signet-sms-budgets-'));
  runtime = await startLocalRuntime({
    dataDir,
    ports: { api: 0, dynamodb: 0, email: 0, sms: 0 },
    onWarning: () => undefined,
    settings: {
      argon2: { memoryKiB: 8192, iterations: 1 },
      registration: { perClientPerHour: LIMITS.registrationsPerClientPerHour },
      sms: {
        perPrefixPerHour: LIMITS.perPrefixPerHour,
        perClientPerHour: LIMITS.smsPerClientPerHour,
        dailyBudget: LIMITS.dailyBudget,
      },
    },
  });
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** One JSON request to the local API from the loopback address `from`. */
const callFrom = (from: string, method: string, path: string, body?: unknown, token?: string): Promise<Answer> => {
  const url = new URL(path, runtime.apiUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        localAddress: from,
        headers: {
          'content-type': 'application/json',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text === '' ? {} : (JSON.parse(text) as Answer['body']),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
};

const smsRegistration = (phone: string) => ({
  accountName: uniqueName('sms'),
  password: strongPassword(),
  phone,
  channel: 'sms',
});
const emailRegistration = () => ({
  accountName: uniqueName('mail'),
  password: strongPassword(),
  email: uniqueEmail(),
  channel: 'email',
});

/** Every SMS the local outbox received, by number. */
const textsTo = async (phones: readonly string[]): Promise<number> => {
  const { messages } = (await (await fetch(new URL('/messages', runtime.smsUrl))).json()) as {
    messages: { phoneNumber: string }[];
  };
  return messages.filter((message) => phones.includes(message.phoneNumber)).length;
};

const statuses = (answers: readonly Answer[]): Record<number, number> =>
  answers.reduce<Record<number, number>>((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

/** Valid US numbers sharing the 6-digit prefix `1` + area code + `55`. */
const numbersIn = (areaCode: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `+1${areaCode}555${String(1000 + i)}`);

describe('SMS to forbidden countries', () => {
  it('refuses an AU phone on the email channel at registration, naming phone and not the number', async () => {
    // Act
    const answer = await callFrom('127.0.10.1', 'POST', '/v1/registrations', {
      ...emailRegistration(),
      phone: '+61491570156',
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_request');
    expect(answer.body.details).toEqual([{ field: 'phone', issue: expect.stringContaining('country') }]);
    expect(JSON.stringify(answer.body)).not.toContain('491570156');
  });

  it('refuses an AU phone as a new contact, and texts nothing', async () => {
    // Prepare
    const journey = ownerJourney(runtime);
    const owner = await journey.registerActive();
    const token = await journey.token(owner);

    // Act
    const answer = await callFrom('127.0.10.2', 'POST', '/v1/me/contact', {
      phone: '+61491570156',
      currentPassword: owner.password,
    }, token);

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_request');
    expect(answer.body.details).toEqual([{ field: 'phone', issue: expect.stringContaining('country') }]);
    expect(await textsTo(['+61491570156'])).toBe(0);
  });
});

describe('SMS pumping by prefix', () => {
  it(`texts at most ${LIMITS.perPrefixPerHour} numbers of one prefix under 20 parallel registrations; the rest answer 503 sms_unavailable, email still works`, async () => {
    // Prepare: 20 numbers of prefix 131255, each from a client of its own (no client budget trips).
    const phones = numbersIn('312', 20);

    // Act
    const answers = await Promise.all(
      phones.map((phone, i) => callFrom(`127.0.20.${i + 1}`, 'POST', '/v1/registrations', smsRegistration(phone))),
    );
    const byEmail = await callFrom('127.0.20.1', 'POST', '/v1/registrations', emailRegistration());
    const otherPrefix = await callFrom('127.0.20.2', 'POST', '/v1/registrations', smsRegistration('+14045551000'));

    // Assess
    expect(statuses(answers)).toEqual({ 202: LIMITS.perPrefixPerHour, 503: 20 - LIMITS.perPrefixPerHour });
    for (const refused of answers.filter(({ status }) => status === 503)) {
      expect(refused.body).toEqual({ error: 'sms_unavailable', message: expect.stringMatching(/email/) });
    }
    expect(await textsTo(phones)).toBe(LIMITS.perPrefixPerHour);
    expect(byEmail.status).toBe(202);
    expect(otherPrefix.status).toBe(202);
  });
});

describe('SMS pumping from one client', () => {
  it(`admits ${LIMITS.smsPerClientPerHour} SMS requests of 20 parallel ones from one IP; the rest answer 429 with Retry-After, email still works`, async () => {
    // Prepare: numbers of four prefixes, so that no prefix budget trips first.
    const phones = ['415', '213', '305', '617'].flatMap((area) => numbersIn(area, 5));
    const client = '127.0.30.1';

    // Act
    const answers = await Promise.all(
      phones.map((phone) => callFrom(client, 'POST', '/v1/registrations', smsRegistration(phone))),
    );
    const byEmail = await callFrom(client, 'POST', '/v1/registrations', emailRegistration());
    const otherClient = await callFrom('127.0.30.2', 'POST', '/v1/registrations', smsRegistration('+17025551000'));

    // Assess
    expect(statuses(answers)).toEqual({ 202: LIMITS.smsPerClientPerHour, 429: 20 - LIMITS.smsPerClientPerHour });
    for (const limited of answers.filter(({ status }) => status === 429)) {
      expect(limited.body.error).toBe('rate_limited');
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(3600);
    }
    expect(await textsTo(phones)).toBe(LIMITS.smsPerClientPerHour);
    expect(byEmail.status).toBe(202);
    expect(otherClient.status).toBe(202);
  });

  it(`admits ${LIMITS.registrationsPerClientPerHour} registrations an hour from one IP, whatever their answer, under 20 parallel requests`, async () => {
    // Prepare: 20 already counted, one of them answered 409 (the name taken).
    const client = '127.0.40.1';
    const first = emailRegistration();
    const warmUp = await Promise.all([
      callFrom(client, 'POST', '/v1/registrations', first),
      ...Array.from({ length: 18 }, () => callFrom(client, 'POST', '/v1/registrations', emailRegistration())),
    ]);
    const taken = await callFrom(client, 'POST', '/v1/registrations', { ...emailRegistration(), accountName: first.accountName });

    // Act
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => callFrom(client, 'POST', '/v1/registrations', emailRegistration())),
    );

    // Assess
    expect(statuses(warmUp)).toEqual({ 202: 19 });
    expect(taken.status).toBe(409);
    expect(statuses(answers)).toEqual({ 202: LIMITS.registrationsPerClientPerHour - 20, 429: 40 - LIMITS.registrationsPerClientPerHour });
    expect(answers.find(({ status }) => status === 429)?.headers['retry-after']).toMatch(/^\d+$/);
  });
});

describe("Exhausting the stage's daily SMS budget", () => {
  it('texts no more than the day allows under 20 parallel registrations; then codes answer 503 saying to use email, and email goes on', async () => {
    // Prepare: what the day has spent so far (the tests above texted some).
    const client = localDocumentClient(runtime.dynamodbEndpoint);
    const today = new Date().toISOString().slice(0, 10);
    const spent = async (): Promise<number> => {
      const { Item } = await client.send(new GetCommand({ TableName: runtime.tableName, Key: smsDailyBudgetKey(today) }));
      return (Item?.count as number | undefined) ?? 0;
    };
    // An account whose phone is verified: registering with it again must answer as a free phone does.
    const owner = smsRegistration('+15035559000');
    expect((await callFrom('127.0.50.40', 'POST', '/v1/registrations', owner)).status).toBe(202);
    const { messages } = (await (await fetch(new URL('/messages', runtime.smsUrl))).json()) as {
      messages: { phoneNumber: string; message: string }[];
    };
    const ownerCode = /(\d{6})/.exec(messages.filter((m) => m.phoneNumber === owner.phone).at(-1)?.message ?? '')?.[1];
    const confirmed = await callFrom('127.0.50.40', 'POST', '/v1/registrations/confirm', {
      accountName: owner.accountName,
      code: ownerCode,
    });
    expect(confirmed.status).toBe(200);
    const before = await spent();
    const left = LIMITS.dailyBudget - before;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(20);
    const phones = ['201', '206', '212', '646', '718'].flatMap((area) => numbersIn(area, 4));

    // Act
    const answers = await Promise.all(
      phones.map((phone, i) => callFrom(`127.0.50.${i + 1}`, 'POST', '/v1/registrations', smsRegistration(phone))),
    );
    const afterBurst = await spent();
    const byEmail = await callFrom('127.0.50.1', 'POST', '/v1/registrations', emailRegistration());
    const oneMore = await callFrom('127.0.50.30', 'POST', '/v1/registrations', smsRegistration('+19175551000'));
    const takenPhone = await callFrom('127.0.50.31', 'POST', '/v1/registrations', smsRegistration(owner.phone));

    // Assess
    expect(statuses(answers)).toEqual({ 202: left, 503: 20 - left });
    expect(afterBurst).toBe(LIMITS.dailyBudget);
    expect(await textsTo(phones)).toBe(left);
    for (const refused of answers.filter(({ status }) => status === 503)) {
      expect(refused.body).toEqual({ error: 'sms_unavailable', message: expect.stringMatching(/use email/) });
    }
    expect(byEmail.status).toBe(202);
    expect(oneMore.status).toBe(503);
    // A taken phone answers as a free one: no oracle in a spent budget.
    expect(takenPhone.status).toBe(503);
    expect(takenPhone.body).toEqual(oneMore.body);
    expect(await spent()).toBe(LIMITS.dailyBudget);
    client.destroy();
  });
});
