// infra/local: the local events outbox. No EventBridge emulator runs here, so this is a small
// EventBridge-compatible server: it answers the real `PutEvents` call (awsJson1_1 protocol, as
// @aws-sdk/client-eventbridge sends it) and serves what it received at GET /events, each event as the
// envelope EventBridge delivers to a rule's target. Memory only: a restart reads the stream again.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { StartupError } from './errors.js';
import { urlFor } from './tcp-ports.js';

/** One event as EventBridge delivers it to a target. */
export interface EventEnvelope {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  /** ISO 8601 to the second, as EventBridge writes it. */
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
}

export interface EventsOutboxOptions {
  /** 0 picks any free port. */
  readonly port: number;
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  /** The envelope's `region`; defaults to eu-west-2. */
  readonly region?: string;
}

export interface EventsOutbox {
  /** Base URL; give it to EventBridgeClient as `endpoint`. */
  readonly url: string;
  readonly port: number;
  /** Events received so far, oldest first. */
  events(): EventEnvelope[];
  close(): Promise<void>;
}

/** The account id the local runtime's ARNs use. */
const LOCAL_ACCOUNT = '000000000000';
/** EventBridge's caps: entries per call, bytes per entry's detail. */
const MAX_ENTRIES = 10;
const MAX_ENTRY_BYTES = 262_144;
const MAX_REQUEST_BYTES = 1_048_576;

/** An error in the awsJson shape; `__type` is what the SDK maps to a typed exception. */
class EventsFault {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly message: string,
  ) {}
}

interface PutEventsEntry {
  readonly Source?: unknown;
  readonly DetailType?: unknown;
  readonly Detail?: unknown;
  readonly EventBusName?: unknown;
  readonly Time?: unknown;
  readonly Resources?: unknown;
}

type EntryResult =
  { readonly EventId: string } | { readonly ErrorCode: string; readonly ErrorMessage: string };

const readBody = (req: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_REQUEST_BYTES ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });

/** EventBridge's time format: ISO 8601 without milliseconds. */
const eventTime = (value: unknown): string => {
  const date =
    typeof value === 'number'
      ? new Date(value * 1000)
      : typeof value === 'string'
        ? new Date(value)
        : new Date();
  return (Number.isNaN(date.getTime()) ? new Date() : date).toISOString().replace(/\.\d{3}Z$/, 'Z');
};

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The envelope of one entry, or the error EventBridge gives that entry (the call itself still succeeds). */
const envelopeOf = (
  entry: PutEventsEntry,
  region: string,
): { envelope: EventEnvelope } | { error: EntryResult } => {
  if (!nonEmpty(entry.Source) || !nonEmpty(entry.DetailType) || !nonEmpty(entry.Detail)) {
    return {
      error: {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameters Source, DetailType and Detail are required',
      },
    };
  }
  if (Buffer.byteLength(entry.Detail, 'utf8') > MAX_ENTRY_BYTES) {
    return {
      error: { ErrorCode: 'InvalidArgument', ErrorMessage: 'Total size of the entries exceeds the limit' },
    };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    return { error: { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' } };
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return { error: { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' } };
  }
  const resources = Array.isArray(entry.Resources) ? entry.Resources.filter(nonEmpty) : [];
  return {
    envelope: {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: LOCAL_ACCOUNT,
      time: eventTime(entry.Time),
      region,
      resources,
      detail,
    },
  };
};

const sendJson = (res: ServerResponse, status: number, body: unknown, requestId?: string): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': requestId === undefined ? 'application/json' : 'application/x-amz-json-1.1',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...(requestId === undefined ? {} : { 'x-amzn-requestid': requestId }),
  });
  res.end(text);
};

/**
 * Starts the EventBridge-compatible events outbox.
 *
 * @example
 * const outbox = await startEventsOutbox({ port: 0 });
 * const events = new EventBridgeClient({ endpoint: outbox.url, region: 'eu-west-2', credentials });
 * await events.send(new PutEventsCommand({ Entries: [{ Source: 'signet', DetailType: 'AccountConfirmed', Detail: '{}' }] }));
 * outbox.events(); // → [{ version: '0', id, 'detail-type': 'AccountConfirmed', source: 'signet', time, detail: {}, … }]
 */
const startEventsOutbox = async (options: EventsOutboxOptions): Promise<EventsOutbox> => {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'eu-west-2';
  const received: EventEnvelope[] = [];

  const putEvents = async (req: IncomingMessage): Promise<unknown> => {
    const body = await readBody(req);
    if (body === undefined) throw new EventsFault(413, 'RequestEntityTooLarge', 'Request body too large');
    if (req.headers.authorization === undefined) {
      throw new EventsFault(
        403,
        'MissingAuthenticationTokenException',
        'Request is missing Authentication Token',
      );
    }
    const target = req.headers['x-amz-target'];
    if (target !== 'AWSEvents.PutEvents') {
      throw new EventsFault(
        400,
        'UnknownOperationException',
        'The local events outbox answers AWSEvents.PutEvents only',
      );
    }
    let request: { Entries?: unknown };
    try {
      request = JSON.parse(body.toString('utf8')) as { Entries?: unknown };
    } catch {
      throw new EventsFault(400, 'SerializationException', 'The request body is not JSON');
    }
    const entries = Array.isArray(request.Entries) ? (request.Entries as PutEventsEntry[]) : [];
    if (entries.length < 1 || entries.length > MAX_ENTRIES) {
      throw new EventsFault(400, 'ValidationException', `Entries must hold 1 to ${MAX_ENTRIES} entries`);
    }
    const results: EntryResult[] = entries.map((entry) => {
      const outcome = envelopeOf(entry, region);
      if ('error' in outcome) return outcome.error;
      received.push(outcome.envelope);
      return { EventId: outcome.envelope.id };
    });
    return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/events') {
      sendJson(res, 200, { events: received });
      return;
    }
    if (req.method === 'POST' && path === '/') {
      const requestId = randomUUID();
      putEvents(req).then(
        (answer) => sendJson(res, 200, answer, requestId),
        (error: unknown) => {
          const fault =
            error instanceof EventsFault
              ? error
              : new EventsFault(500, 'InternalException', 'Internal error');
          if (!(error instanceof EventsFault)) {
            console.error(
              `events-outbox: request failed (${error instanceof Error ? error.name : 'unknown'})`,
            );
          }
          if (!res.headersSent)
            sendJson(res, fault.status, { __type: fault.type, message: fault.message }, requestId);
        },
      );
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new StartupError(
          `Events outbox cannot listen on port ${options.port} (${error.code ?? error.name})`,
          {
            cause: error,
          },
        ),
      ),
    );
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;

  let closing: Promise<void> | undefined;
  return {
    url: urlFor(host, port),
    port,
    events: () => [...received],
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
};

export { startEventsOutbox };
