// test/helpers: reading the local outboxes (infra/local) and waiting for something to happen, for integration tests.
import * as z from 'zod';
import type { SmsRecord } from '../../infra/local/sms-gateway.js';

const LocalEmailSchema = z.object({
  messageId: z.string(),
  from: z.string(),
  replyTo: z.array(z.string()).default([]),
  destination: z.object({
    to: z.array(z.string()).default([]),
    cc: z.array(z.string()).default([]),
    bcc: z.array(z.string()).default([]),
  }),
  subject: z.string(),
  body: z.object({ html: z.string().optional(), text: z.string().optional() }),
  /** Epoch seconds. */
  at: z.number(),
});

/** One email as aws-ses-v2-local stored it. */
export type LocalEmail = z.infer<typeof LocalEmailSchema>;

const StoreSchema = z.object({ emails: z.array(LocalEmailSchema) });

const SmsOutboxSchema = z.object({
  messages: z.array(
    z.object({ messageId: z.string(), phoneNumber: z.string(), message: z.string(), at: z.string() }),
  ),
});

const EventsOutboxSchema = z.object({
  events: z.array(
    z.object({
      version: z.literal('0'),
      id: z.string(),
      'detail-type': z.string(),
      source: z.string(),
      account: z.string(),
      time: z.string(),
      region: z.string(),
      resources: z.array(z.string()),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
});

/** One event as the local events outbox holds it: the envelope EventBridge delivers. */
export type LocalEvent = z.infer<typeof EventsOutboxSchema>['events'][number];

const getJson = async (url: URL): Promise<unknown> => {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`GET ${url.pathname} answered ${response.status}`);
  }
  return response.json();
};

/** Every email in the local SES outbox (GET /store), in the order received. */
const readEmails = async (emailUrl: string): Promise<LocalEmail[]> =>
  StoreSchema.parse(await getJson(new URL('/store', emailUrl))).emails;

/** Every text in the local SMS gateway (GET /messages), oldest first. */
const readSms = async (smsUrl: string): Promise<SmsRecord[]> =>
  SmsOutboxSchema.parse(await getJson(new URL('/messages', smsUrl))).messages;

/** Every event in the local events outbox (GET /events), oldest first. */
const readEvents = async (eventsUrl: string): Promise<LocalEvent[]> =>
  EventsOutboxSchema.parse(await getJson(new URL('/events', eventsUrl))).events;

class WaitForTimeoutError extends Error {
  constructor(timeoutMs: number, options?: ErrorOptions) {
    super(`Condition not met within ${timeoutMs} ms`, options);
    this.name = 'WaitForTimeoutError';
  }
}

/**
 * Polls `predicate` until it returns something other than undefined, null or false, and resolves with it.
 * An exception from the predicate counts as "not yet"; the last one becomes the timeout error's cause.
 *
 * @example
 * const sms = await waitFor(async () => (await readSms(smsUrl)).find((m) => m.phoneNumber === phone), 5_000);
 */
const waitFor = async <T>(
  predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 5_000,
  intervalMs = 50,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value !== undefined && value !== null && value !== false) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new WaitForTimeoutError(timeoutMs, lastError === undefined ? undefined : { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};

export { readEmails, readEvents, readSms, waitFor, WaitForTimeoutError };
