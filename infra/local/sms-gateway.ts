// infra/local: the local SMS outbox. No SNS emulator exists, so this is a small SNS-compatible server: it answers
// the real `Publish` call (awsQuery protocol: form-encoded request, XML response, as @aws-sdk/client-sns sends it)
// for phone-number targets only, and shows what it received at GET / (HTML) and GET /messages (JSON).
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { StartupError } from './errors.js';
import { urlFor } from './tcp-ports.js';

/** One text message as the gateway received it. */
export interface SmsRecord {
  /** The MessageId returned to the publisher. */
  readonly messageId: string;
  /** E.164 destination. */
  readonly phoneNumber: string;
  /** The text as it would be delivered (the `sms` entry of a JSON MessageStructure, else Message). */
  readonly message: string;
  /** ISO 8601 time of receipt. */
  readonly at: string;
}

export interface SmsGatewayOptions {
  /** 0 picks any free port. */
  readonly port: number;
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  /** JSON-lines file the outbox is appended to and reloaded from, so it survives restarts. */
  readonly outboxFile?: string;
}

export interface SmsGateway {
  /** Base URL; give it to SNSClient as `endpoint`. */
  readonly url: string;
  readonly port: number;
  /** Messages received so far, oldest first. */
  messages(): SmsRecord[];
  close(): Promise<void>;
}

const SNS_XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
/** SNS's limit on a published message (256 KiB). */
const MAX_MESSAGE_BYTES = 262_144;
/** Transport cap on a request body. */
const MAX_REQUEST_BYTES = 1_048_576;
const E164 = /^\+[1-9]\d{1,14}$/;

/** An SNS error in the awsQuery shape; `code` is what the SDK maps to a typed exception. */
class SnsFault {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {}
}

const escapeXml = (value: string): string => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const escapeHtml = escapeXml;

const sendXml = (res: ServerResponse, status: number, requestId: string, xml: string): void => {
  res.writeHead(status, {
    'content-type': 'text/xml',
    'x-amzn-requestid': requestId,
    'content-length': Buffer.byteLength(xml),
  });
  res.end(xml);
};

const sendFault = (res: ServerResponse, requestId: string, fault: SnsFault): void => {
  sendXml(
    res,
    fault.status,
    requestId,
    `<?xml version="1.0"?>\n<ErrorResponse xmlns="${SNS_XML_NAMESPACE}">` +
      `<Error><Type>${fault.type}</Type><Code>${escapeXml(fault.code)}</Code>` +
      `<Message>${escapeXml(fault.message)}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>\n`,
  );
};

const invalidParameter = (message: string): SnsFault => new SnsFault(400, 'InvalidParameter', message);

/** The text SNS would deliver for a Publish, or the fault real SNS gives for the same input. */
const smsText = (params: URLSearchParams): string => {
  const message = params.get('Message') ?? '';
  if (message === '') {
    throw invalidParameter('Invalid parameter: Empty message');
  }
  if (Buffer.byteLength(message, 'utf8') > MAX_MESSAGE_BYTES) {
    throw invalidParameter('Invalid parameter: Message too long');
  }
  const structure = params.get('MessageStructure');
  if (structure === null || structure === '') {
    return message;
  }
  if (structure !== 'json') {
    throw invalidParameter('Invalid parameter: MessageStructure');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Invalid parameter: Message Structure - JSON message body failed to parse');
  }
  const entries = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (typeof entries.default !== 'string') {
    throw invalidParameter('Invalid parameter: Message Structure - No default entry in JSON message body');
  }
  return typeof entries.sms === 'string' ? entries.sms : entries.default;
};

/** Validates a Publish to a phone number; the phone number and text are never echoed in a fault. */
const parsePublish = (params: URLSearchParams): { phoneNumber: string; message: string } => {
  if ((params.get('TopicArn') ?? '') !== '' || (params.get('TargetArn') ?? '') !== '') {
    throw invalidParameter(
      'Invalid parameter: TopicArn or TargetArn Reason: the local SMS gateway delivers to PhoneNumber only',
    );
  }
  const phoneNumber = params.get('PhoneNumber') ?? '';
  if (phoneNumber === '') {
    throw invalidParameter(
      'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
    );
  }
  if (!E164.test(phoneNumber)) {
    throw invalidParameter('Invalid parameter: PhoneNumber Reason: not an E.164 phone number');
  }
  return { phoneNumber, message: smsText(params) };
};

const readBody = (req: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(size <= MAX_REQUEST_BYTES ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });

const isSmsRecord = (value: unknown): value is SmsRecord => {
  const record = value as Partial<Record<keyof SmsRecord, unknown>> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.messageId === 'string' &&
    typeof record.phoneNumber === 'string' &&
    typeof record.message === 'string' &&
    typeof record.at === 'string'
  );
};

/** Reloads a previous outbox; a torn last line (crash mid-append) is skipped. */
const loadOutbox = async (file: string): Promise<SmsRecord[]> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw new StartupError(`Cannot read the SMS outbox ${file}`, { cause: error });
  }
  const records: SmsRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      continue;
    }
    try {
      const value: unknown = JSON.parse(line);
      if (isSmsRecord(value)) {
        records.push({
          messageId: value.messageId,
          phoneNumber: value.phoneNumber,
          message: value.message,
          at: value.at,
        });
      }
    } catch {
      // A partial line from an interrupted append: skip it.
    }
  }
  return records;
};

const renderPage = (records: readonly SmsRecord[]): string => {
  const rows = [...records]
    .reverse()
    .map(
      (record) =>
        `<tr><td>${escapeHtml(record.at)}</td><td>${escapeHtml(record.phoneNumber)}</td>` +
        `<td><pre>${escapeHtml(record.message)}</pre></td><td><code>${escapeHtml(record.messageId)}</code></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<title>Signet local SMS outbox</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ccc; padding: 0.4rem; text-align: left; vertical-align: top; }
pre { margin: 0; white-space: pre-wrap; font-family: inherit; }
</style>
</head>
<body>
<h1>Signet local SMS outbox</h1>
<p>${records.length} message(s), newest first. JSON: <a href="/messages">/messages</a>. Nothing here is sent to a phone.</p>
<table>
<thead><tr><th>Received</th><th>To</th><th>Message</th><th>MessageId</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
};

/**
 * Starts the SNS-compatible SMS outbox.
 *
 * @example
 * const gateway = await startSmsGateway({ port: 0 });
 * const sns = new SNSClient({ endpoint: gateway.url, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
 * await sns.send(new PublishCommand({ PhoneNumber: '+447700900123', Message: 'Your code is 123456' }));
 * gateway.messages(); // → [{ messageId, phoneNumber: '+447700900123', message: 'Your code is 123456', at }]
 */
const startSmsGateway = async (options: SmsGatewayOptions): Promise<SmsGateway> => {
  const host = options.host ?? '127.0.0.1';
  const outboxFile = options.outboxFile;
  const records: SmsRecord[] = outboxFile === undefined ? [] : await loadOutbox(outboxFile);
  if (outboxFile !== undefined) {
    await mkdir(dirname(outboxFile), { recursive: true, mode: 0o700 });
  }
  // Appends are chained so the file keeps the order of the in-memory outbox.
  let appending: Promise<void> = Promise.resolve();

  const publish = async (params: URLSearchParams): Promise<SmsRecord> => {
    const { phoneNumber, message } = parsePublish(params);
    const record: SmsRecord = { messageId: randomUUID(), phoneNumber, message, at: new Date().toISOString() };
    records.push(record);
    if (outboxFile !== undefined) {
      const line = `${JSON.stringify(record)}\n`;
      appending = appending
        .catch(() => undefined)
        .then(() => appendFile(outboxFile, line, { encoding: 'utf8', mode: 0o600 }));
      await appending;
    }
    return record;
  };

  const handleAction = async (
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
  ): Promise<void> => {
    const body = await readBody(req);
    if (body === undefined) {
      throw new SnsFault(413, 'RequestEntityTooLarge', 'Request body too large');
    }
    if (req.headers.authorization === undefined) {
      throw new SnsFault(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    }
    const params = new URLSearchParams(body.toString('utf8'));
    const action = params.get('Action');
    if (action === null || action === '') {
      throw new SnsFault(400, 'MissingAction', 'Request is missing Action');
    }
    if (action !== 'Publish') {
      throw new SnsFault(
        400,
        'InvalidAction',
        `The action ${action.slice(0, 64)} is not valid for this endpoint: the local SMS gateway answers Publish only`,
      );
    }
    const record = await publish(params);
    sendXml(
      res,
      200,
      requestId,
      `<?xml version="1.0"?>\n<PublishResponse xmlns="${SNS_XML_NAMESPACE}">` +
        `<PublishResult><MessageId>${record.messageId}</MessageId></PublishResult>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>\n`,
    );
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/') {
      const html = renderPage(records);
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        'cache-control': 'no-store',
      });
      res.end(html);
      return;
    }
    if (req.method === 'GET' && path === '/messages') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ messages: records }));
      return;
    }
    if (req.method === 'POST' && path === '/') {
      const requestId = randomUUID();
      handleAction(req, res, requestId).catch((error: unknown) => {
        const fault =
          error instanceof SnsFault
            ? error
            : new SnsFault(500, 'InternalError', 'Internal error', 'Receiver');
        if (!(error instanceof SnsFault)) {
          console.error(`sms-gateway: request failed (${error instanceof Error ? error.name : 'unknown'})`);
        }
        if (!res.headersSent) {
          sendFault(res, requestId, fault);
        }
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not_found' }));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new StartupError(`SMS gateway cannot listen on port ${options.port} (${error.code ?? error.name})`, {
          cause: error,
        }),
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
    messages: () => records.map((record) => ({ ...record })),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => appending.catch(() => undefined));
      return closing;
    },
  };
};

export { startSmsGateway };
