// test/integration/api: enumeration across requests, replayed as an attacker would. A local runtime of this
// file's own (DynamoDB Local, the outboxes, the real handlers) with a 5-second resend cooldown, so that the
// probes can run past it; every other setting is the default. For a contact that an active account verified
// and for a fresh one, the same sequence of requests must get the same statuses, bodies (ids and dates aside)
// and headers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../../infra/local/runtime.js';
import { strongPassword, uniqueEmail, uniqueName, uniquePhone, wrongCode } from '../../helpers/api.js';

const COOLDOWN_SECONDS = 5;
/** Headers that differ between any two answers: the time, and per-request ids. */
const VOLATILE_HEADERS = /^(date|connection|keep-alive)$|request-id|apigw/i;

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

let runtime: LocalRuntime;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'signet-enumeration-'));
  runtime = await startLocalRuntime({
    dataDir,
    ports: { api: 0, dynamodb: 0, email: 0, sms: 0 },
    settings: { codes: { resendCooldownSeconds: COOLDOWN_SECONDS } },
    onWarning: () => undefined,
  });
}, 120_000);
afterAll(async () => {
  await runtime.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const post = async (path: string, body: unknown): Promise<Answer> => {
  const response = await fetch(new URL(path, runtime.apiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!VOLATILE_HEADERS.test(name)) headers[name] = value;
  });
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers };
};

const emailsTo = async (to: string): Promise<string[]> => {
  const store = (await (await fetch(new URL('/store', runtime.emailUrl))).json()) as {
    emails: { destination: { to: string[] }; body: { text?: string }; at: number }[];
  };
  return store.emails
    .filter((email) => email.destination.to.includes(to))
    .sort((a, b) => a.at - b.at)
    .map((email) => email.body.text ?? '');
};

const smsTo = async (to: string): Promise<string[]> => {
  const outbox = (await (await fetch(new URL('/messages', runtime.smsUrl))).json()) as {
    messages: { phoneNumber: string; message: string }[];
  };
  return outbox.messages.filter((message) => message.phoneNumber === to).map((message) => message.message);
};

const codeIn = (text: string | undefined): string => {
  const code = /\b(\d{6})\b/.exec(text ?? '')?.[1];
  if (code === undefined) throw new Error('no code in the message');
  return code;
};

type Contact = { readonly email: string } | { readonly phone: string };
const channelOf = (contact: Contact) => ('email' in contact ? 'email' : 'sms');
const messagesTo = (contact: Contact) => ('email' in contact ? emailsTo(contact.email) : smsTo(contact.phone));

/** An active account that verified the contact: what makes a contact taken. */
const verifiedOwner = async (contact: Contact): Promise<string> => {
  const accountName = uniqueName('owner');
  await post('/v1/registrations', { accountName, password: strongPassword(), ...contact, channel: channelOf(contact) });
  const code = codeIn((await messagesTo(contact)).at(-1));
  expect((await post('/v1/registrations/confirm', { accountName, code })).status).toBe(200);
  return accountName;
};

/** An answer with the probe's own name and every time taken out: what must match between the two probes. */
const comparable = (answer: Answer, accountName: string) => {
  const { 'retry-after': retryAfter, ...headers } = answer.headers;
  const body = JSON.parse(JSON.stringify(answer.body ?? null).replaceAll(accountName, '<name>')) as unknown;
  // The seconds to wait are compared apart (they may differ by the one second between two clocks).
  if (retryAfter !== undefined && typeof body === 'object' && body !== null && 'message' in body) {
    const fields = body as Record<string, unknown>;
    fields.message = String(fields.message).replace(/\d+/g, '<n>');
  }
  if (typeof body === 'object' && body !== null && 'expiresAt' in body) {
    const fields = body as Record<string, unknown>;
    fields.expiresAt = '<time>';
    // A masked phone shows its last digits, which the attacker chose: they differ by construction.
    if (typeof fields.destination === 'string') fields.destination = fields.destination.replace(/\d+$/, '<digits>');
  }
  return { status: answer.status, body, headers, retryAfter: retryAfter === undefined ? undefined : Number(retryAfter) };
};

/**
 * The attacker's sequence for one registration: the same registration again, a sign-in, resends inside and
 * after the cooldown until the contact's message budget is used up, 10 wrong codes, then the name again.
 */
const probe = (contact: Contact) => {
  const accountName = uniqueName('probe');
  const password = strongPassword();
  const registration = { accountName, password, ...contact, channel: channelOf(contact) };
  return {
    accountName,
    register: () => post('/v1/registrations', registration),
    signIn: () => post('/v1/sessions', { clientId: 'local-app', accountName, password }),
    resend: () => post('/v1/registrations/resend', { accountName }),
    confirm: (code: string) => post('/v1/registrations/confirm', { accountName, code }),
  };
};

/** Runs each step on both probes at once, so that their clocks agree, and records what each saw. */
const replay = async (
  fresh: ReturnType<typeof probe>,
  taken: ReturnType<typeof probe>,
): Promise<{ fresh: ReturnType<typeof comparable>[]; taken: ReturnType<typeof comparable>[] }> => {
  const seen = { fresh: [] as ReturnType<typeof comparable>[], taken: [] as ReturnType<typeof comparable>[] };
  const step = async (act: (p: ReturnType<typeof probe>) => Promise<Answer>) => {
    const [a, b] = await Promise.all([act(fresh), act(taken)]);
    seen.fresh.push(comparable(a, fresh.accountName));
    seen.taken.push(comparable(b, taken.accountName));
  };
  const afterCooldown = () => sleep(COOLDOWN_SECONDS * 1000 + 300);

  await step((p) => p.register());
  await step((p) => p.register());
  await step((p) => p.signIn());
  await step((p) => p.resend());
  // Four resends after the cooldown fill the contact's hour (5 messages).
  for (let resend = 0; resend < 4; resend += 1) {
    await afterCooldown();
    await step((p) => p.resend());
  }
  // 5 wrong codes kill the code; the next resend renews it but is held back by the budget (429); 5 more
  // wrong codes make 10, and the registration is cancelled.
  for (let attempt = 0; attempt < 5; attempt += 1) await step((p) => p.confirm(wrongCode('000000')));
  await afterCooldown();
  await step((p) => p.resend());
  for (let attempt = 0; attempt < 5; attempt += 1) await step((p) => p.confirm(wrongCode('000000')));
  // The name is free again, and the same registration is accepted again.
  await step((p) => p.register());
  return seen;
};

const expectSameSequences = (seen: Awaited<ReturnType<typeof replay>>) => {
  expect(seen.taken.map(({ retryAfter, ...rest }) => ({ ...rest, retryAfter: retryAfter !== undefined }))).toEqual(
    seen.fresh.map(({ retryAfter, ...rest }) => ({ ...rest, retryAfter: retryAfter !== undefined })),
  );
  seen.fresh.forEach((answer, index) => {
    if (answer.retryAfter === undefined) return;
    expect(Math.abs((seen.taken[index]?.retryAfter ?? 0) - answer.retryAfter)).toBeLessThanOrEqual(1);
  });
  expect(seen.fresh.map((answer) => answer.status)).toEqual([
    202, 409, 401, 429, 202, 202, 202, 202, ...Array<number>(5).fill(400), 429, ...Array<number>(5).fill(400), 202,
  ]);
  expect(seen.fresh[13]?.retryAfter).toBeGreaterThan(3000);
  expect(seen.fresh[8]?.body).toMatchObject({ error: 'invalid_code' });
};

describe('Enumeration across requests', () => {
  it('answers every follow-up of a registration with a verified email exactly as with a fresh one', async () => {
    // Prepare
    const takenEmail = uniqueEmail();
    await verifiedOwner({ email: takenEmail });
    const freeEmail = uniqueEmail();

    // Act
    const seen = await replay(probe({ email: freeEmail }), probe({ email: takenEmail }));

    // Assess: the same answers; the fresh contact got its codes (5 an hour: the last registration sent nothing), the owner only notices.
    expectSameSequences(seen);
    const freeMails = await emailsTo(freeEmail);
    expect(freeMails.length).toBe(5);
    const ownerMails = await emailsTo(takenEmail);
    const notices = ownerMails.slice(1);
    expect(notices.length).toBeGreaterThanOrEqual(1);
    expect(notices.length).toBeLessThanOrEqual(3);
    for (const notice of notices) expect(notice).not.toMatch(/\b\d{6}\b/);
  }, 90_000);

  it('answers every follow-up of a registration with a verified phone exactly as with a fresh one', async () => {
    // Prepare
    const takenPhone = uniquePhone();
    await verifiedOwner({ phone: takenPhone });
    const freePhone = uniquePhone();

    // Act
    const seen = await replay(probe({ phone: freePhone }), probe({ phone: takenPhone }));

    // Assess
    expectSameSequences(seen);
    expect((await smsTo(freePhone)).length).toBe(5);
    const ownerTexts = (await smsTo(takenPhone)).slice(1);
    expect(ownerTexts.length).toBeGreaterThanOrEqual(1);
    for (const text of ownerTexts) expect(text).not.toMatch(/\b\d{6}\b/);
  }, 90_000);
});
