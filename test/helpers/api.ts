// test/helpers: a small client for the local API and its outboxes, as an app developer would call them.
import { randomBytes, randomInt } from 'node:crypto';
import { inject } from 'vitest';

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

/** The local runtime started by test/helpers/global-setup.ts. */
export const signet = () => inject('signet');

const parseJson = (text: string): unknown => {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
};

/** Sends one request to the local API. `body` is JSON-encoded unless it is already a string. */
export const call = async (
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<ApiResponse> => {
  const response = await fetch(new URL(path, signet().apiUrl), {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parseJson(text), text };
};

export const post = (path: string, body: unknown) => call('POST', path, body);

/** A unique, valid account name. */
export const uniqueName = (prefix = 'user'): string => `${prefix}-${randomBytes(6).toString('hex')}`;
/** A unique email address. */
export const uniqueEmail = (): string => `person.${randomBytes(6).toString('hex')}@example.com`;
/** A unique, valid UK mobile number (Ofcom's 07700 900xxx range is reserved for drama; others are valid too). */
export const uniquePhone = (): string => `+447400${String(randomInt(100_000, 999_999))}`;
/** A password that passes the default policy (15+ code points, not on the blocklist). */
export const strongPassword = (): string => `plum orbit ${randomBytes(4).toString('hex')} lantern`;

interface StoredEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** Every email the local SES outbox holds for `to`, oldest first. */
export const emailsTo = async (to: string): Promise<StoredEmail[]> => {
  const response = await fetch(new URL('/store', signet().emailUrl));
  const store = (await response.json()) as { emails: StoredEmail[] };
  return store.emails.filter((email) => email.destination.to.includes(to)).sort((a, b) => a.at - b.at);
};

interface StoredSms {
  messageId: string;
  phoneNumber: string;
  message: string;
  at: string;
}

/** Every SMS the local gateway holds for `phone`, oldest first. */
export const smsTo = async (phone: string): Promise<StoredSms[]> => {
  const response = await fetch(new URL('/messages', signet().smsUrl));
  const outbox = (await response.json()) as { messages: StoredSms[] };
  return outbox.messages.filter((message) => message.phoneNumber === phone);
};

const sixDigits = (text: string | undefined): string | undefined => /\b(\d{6})\b/.exec(text ?? '')?.[1];

/** The code in the newest email to `to`. */
export const latestEmailCode = async (to: string): Promise<string> => {
  const emails = await emailsTo(to);
  const code = sixDigits(emails.at(-1)?.body.text);
  if (code === undefined) throw new Error(`no code in the outbox for the test address (${emails.length} emails)`);
  return code;
};

/** The code in the newest SMS to `phone`. */
export const latestSmsCode = async (phone: string): Promise<string> => {
  const messages = await smsTo(phone);
  const code = sixDigits(messages.at(-1)?.message);
  if (code === undefined) throw new Error(`no code in the SMS outbox for the test number (${messages.length} messages)`);
  return code;
};

/** A different 6-digit code than `code`. */
export const wrongCode = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
