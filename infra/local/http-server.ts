// infra/local: the local API Gateway. Each HTTP request becomes an HTTP API payload v2 event for the same handler
// module Lambda runs (functions/<name>/handler.ts), chosen by method and exact path from infra/route-infra.ts; every
// other request goes to the fallback function under `$default`. No route logic lives here. CORS is answered here,
// as the HTTP API's CORS configuration answers it in AWS (infra/constructs/signet-http-api.ts): preflights without
// a handler, and the allow-origin headers added to the handlers' answers. Given a built page (shared/page), it
// also serves the page's files at the API's origin, as CloudFront does in AWS, with the page's security headers.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { MAX_BODY_BYTES } from '../../shared/http/route.js';
import { PAGE_CONTENT_TYPES, PAGE_SECURITY_HEADERS } from '../../shared/page/security-headers.js';
import { CORS_POLICY, FALLBACK_FUNCTION, ROUTES, functionEntry, type RouteSpec } from '../route-infra.js';
import { StartupError } from './errors.js';
import { urlFor } from './tcp-ports.js';

/** What a function's `handler` export is: an HTTP API payload v2 Lambda handler. */
export type LambdaHttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2> | APIGatewayProxyResultV2;

/** Gives the handler of a function by name (the folder under functions/). */
export type HandlerLoader = (functionName: string) => Promise<LambdaHttpHandler>;

export interface HttpServerOptions {
  /** 0 picks any free port. */
  readonly port: number;
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  /** Defaults to importing functions/<name>/handler.ts; tests inject fakes. */
  readonly loadHandler?: HandlerLoader;
  /** Region in the Lambda context's ARN; defaults to AWS_REGION or eu-west-2. */
  readonly region?: string;
  /** Told when a function's module fails to load (the route answers 500 and retries the load next time). */
  readonly onLoadError?: (functionName: string, error: unknown) => void;
  /** Browser origins CORS allows (every client's allowedOrigins); none by default. */
  readonly allowedOrigins?: readonly string[];
  /** A built page (shared/page/build.ts) to serve at `/` and its files; none by default. */
  readonly pageDir?: string;
}

export interface LocalHttpServer {
  readonly url: string;
  readonly port: number;
  /** Imports every function's module now (as cold starts would), reporting failures to onLoadError. */
  preload(): Promise<{ loaded: string[]; failed: string[] }>;
  close(): Promise<void>;
}

/**
 * The transport's cap on request bodies (1 MiB), as API Gateway has one of its own: far above the routes'
 * MAX_BODY_BYTES (16 KiB), so that a body over the routes' limit still reaches the handler and gets its 413.
 */
const TRANSPORT_CAP_BYTES = 64 * MAX_BODY_BYTES;
/** Beyond this the rest of an oversized body is not even drained: the connection is dropped. */
const DRAIN_LIMIT_BYTES = 16 * TRANSPORT_CAP_BYTES;
/** API Gateway HTTP API's integration timeout, used for the context's remaining time. */
const INTEGRATION_TIMEOUT_MS = 30_000;
const LOCAL_ACCOUNT_ID = '000000000000';
const LOCAL_API_ID = 'local';

const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Imports functions/<name>/handler.ts and returns its `handler` export, as the Lambda runtime does. */
const importFunctionHandler: HandlerLoader = async (functionName) => {
  const entry = resolve(REPOSITORY_ROOT, functionEntry(functionName));
  const module = (await import(pathToFileURL(entry).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') {
    throw new StartupError(`${functionEntry(functionName)} does not export a handler function`);
  }
  return module.handler as LambdaHttpHandler;
};

const jsonBody = (value: unknown): string => JSON.stringify(value);

const INTERNAL_ERROR = jsonBody({ error: 'internal_error', message: 'Internal error.' });
const PAYLOAD_TOO_LARGE = jsonBody({
  error: 'payload_too_large',
  message: `Request body exceeds ${TRANSPORT_CAP_BYTES} bytes.`,
});

type BodyRead = { kind: 'ok'; body: Buffer } | { kind: 'too_large' } | { kind: 'aborted' };

/** Reads the body up to the cap; an oversized body is drained (so the client reads the 413) up to a limit. */
const readBody = (req: IncomingMessage): Promise<BodyRead> =>
  new Promise((resolveRead) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyRead): void => {
      if (!settled) {
        settled = true;
        resolveRead(result);
      }
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= TRANSPORT_CAP_BYTES) {
        chunks.push(chunk);
      } else if (size > DRAIN_LIMIT_BYTES) {
        settle({ kind: 'aborted' });
        req.destroy();
      }
    });
    req.on('end', () =>
      settle(size <= TRANSPORT_CAP_BYTES ? { kind: 'ok', body: Buffer.concat(chunks) } : { kind: 'too_large' }),
    );
    req.on('error', () => settle({ kind: 'aborted' }));
    req.on('close', () => settle({ kind: 'aborted' }));
  });

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number): string => String(value).padStart(2, '0');

/** API Gateway's requestContext.time format: 12/Mar/2020:19:03:58 +0000. */
const formatRequestTime = (date: Date): string =>
  `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
  `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;

/** Headers lower-cased, repeated values joined by ','; cookies go to their own field, as in payload v2. */
const collectHeaders = (
  rawHeaders: readonly string[],
): { headers: Record<string, string>; cookies: string[] } => {
  const grouped = new Map<string, string[]>();
  const cookies: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = rawHeaders[i + 1] ?? '';
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter((cookie) => cookie !== ''),
      );
      continue;
    }
    grouped.set(name, [...(grouped.get(name) ?? []), value]);
  }
  const headers: Record<string, string> = {};
  for (const [name, values] of grouped) {
    headers[name] = values.join(',');
  }
  return { headers, cookies };
};

/** Query parameters decoded, repeated values joined by ','; undefined when there are none. */
const collectQuery = (rawQueryString: string): Record<string, string> | undefined => {
  if (rawQueryString === '') {
    return undefined;
  }
  const grouped = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    grouped.set(name, [...(grouped.get(name) ?? []), value]);
  }
  return grouped.size === 0
    ? undefined
    : Object.fromEntries([...grouped].map(([name, values]) => [name, values.join(',')]));
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as API Gateway passes it: utf-8 text, or base64 when the bytes are not valid utf-8. */
const encodeBody = (body: Buffer): { body?: string; isBase64Encoded: boolean } => {
  if (body.length === 0) {
    return { isBase64Encoded: false };
  }
  try {
    return { body: utf8.decode(body), isBase64Encoded: false };
  } catch {
    return { body: body.toString('base64'), isBase64Encoded: true };
  }
};

const sourceIpOf = (req: IncomingMessage): string => {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
};

interface EventInput {
  readonly req: IncomingMessage;
  readonly body: Buffer;
  readonly routeKey: string;
  readonly requestId: string;
  readonly now: Date;
}

/** Builds the HTTP API payload v2 event for one request. */
const toEvent = ({ req, body, routeKey, requestId, now }: EventInput): APIGatewayProxyEventV2 => {
  const target = req.url ?? '/';
  const queryStart = target.indexOf('?');
  const rawPath = queryStart === -1 ? target : target.slice(0, queryStart);
  const rawQueryString = queryStart === -1 ? '' : target.slice(queryStart + 1);
  const { headers, cookies } = collectHeaders(req.rawHeaders);
  const domainName = (headers.host ?? 'localhost').replace(/:\d+$/, '');
  const queryStringParameters = collectQuery(rawQueryString);
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters === undefined ? {} : { queryStringParameters }),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: LOCAL_API_ID,
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: req.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: sourceIpOf(req),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    ...encodeBody(body),
  };
};

/** A Lambda context for one invocation of a function. */
const toContext = (
  route: RouteSpec | undefined,
  functionName: string,
  region: string,
  startedAt: number,
): Context => {
  const lambdaName = `signet-local-${functionName}`;
  const deadline = startedAt + INTEGRATION_TIMEOUT_MS;
  const day = new Date(startedAt).toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: lambdaName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${lambdaName}`,
    memoryLimitInMB: route?.hashes === true ? '1024' : '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${lambdaName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

interface HttpResult {
  readonly statusCode: number;
  readonly headers: OutgoingHttpHeaders;
  readonly body: Buffer;
}

class InvalidHandlerResultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidHandlerResultError';
  }
}

/** Maps a handler's result back to HTTP the way API Gateway interprets payload v2 responses. */
const toHttpResult = (result: unknown): HttpResult => {
  const isStructured =
    typeof result === 'object' && result !== null && !Array.isArray(result) && 'statusCode' in result;
  if (!isStructured) {
    // Not a structured response: API Gateway answers 200 with the value as a JSON body (a string as it is).
    const body = typeof result === 'string' ? result : (JSON.stringify(result ?? null) ?? '');
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(body, 'utf8'),
    };
  }
  const structured = result as Exclude<APIGatewayProxyResultV2, string>;
  const statusCode = structured.statusCode;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    throw new InvalidHandlerResultError('statusCode is not an HTTP status');
  }
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) {
    headers[name.toLowerCase()] = String(value);
  }
  if (structured.cookies !== undefined && structured.cookies.length > 0) {
    headers['set-cookie'] = [...structured.cookies];
  }
  const text = structured.body ?? '';
  const body = structured.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return { statusCode, headers, body };
};

const errorName = (error: unknown): string => (error instanceof Error ? error.name : typeof error);

/** Response headers of a request from an allowed origin, as API Gateway's CORS adds them. */
const corsHeaders = (origin: string): OutgoingHttpHeaders => ({
  'access-control-allow-origin': origin,
  'access-control-expose-headers': CORS_POLICY.exposeHeaders.join(','),
  vary: 'Origin',
});

/** The preflight answer's headers for an allowed origin (without credentials: tokens travel in headers). */
const preflightHeaders = (origin: string): OutgoingHttpHeaders => ({
  'access-control-allow-origin': origin,
  'access-control-allow-methods': CORS_POLICY.allowMethods.join(','),
  'access-control-allow-headers': CORS_POLICY.allowHeaders.join(','),
  'access-control-max-age': String(CORS_POLICY.maxAgeSeconds),
  vary: 'Origin',
});

/** Adds `Origin` to a Vary the handler may have set. */
const withCors = (headers: OutgoingHttpHeaders, origin: string): OutgoingHttpHeaders => {
  const vary = headers.vary === undefined ? [] : String(headers.vary).split(',').map((name) => name.trim());
  return {
    ...headers,
    ...corsHeaders(origin),
    vary: [...new Set([...vary.filter((name) => name !== ''), 'Origin'])].join(', '),
  };
};

/** Paths the API owns: never answered from the page's files. */
const isApiPath = (path: string): boolean => path.startsWith('/v1/') || path.startsWith('/.well-known/');

/** The page file a GET or HEAD asks for (`/` is index.html), or undefined when it is no file of the page. */
const pageFileOf = (pageDir: string, method: string, path: string): string | undefined => {
  if ((method !== 'GET' && method !== 'HEAD') || isApiPath(path)) return undefined;
  const name = path === '/' ? 'index.html' : path.slice(1);
  // Only plain names of the built folder: no sub-folder, no dot-file, nothing that climbs out.
  if (!/^[a-z0-9-]+\.[a-z]+$/.test(name) || PAGE_CONTENT_TYPES[extname(name)] === undefined) return undefined;
  return join(pageDir, name);
};

/** A page file with its type and the page's security headers; revalidated on every load (no-cache). */
const pageResult = async (file: string): Promise<HttpResult | undefined> => {
  try {
    const body = await readFile(file);
    return {
      statusCode: 200,
      headers: {
        ...PAGE_SECURITY_HEADERS,
        'content-type': PAGE_CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      },
      body,
    };
  } catch {
    return undefined;
  }
};

/**
 * Starts the local API: one HTTP server in front of every function in infra/route-infra.ts.
 *
 * @example
 * const api = await startHttpServer({ port: 0, loadHandler: async () => async () => ({ statusCode: 204 }) });
 * await fetch(`${api.url}/v1/registrations`, { method: 'POST', body: '{}' }); // → 204
 * await api.close();
 */
const startHttpServer = async (options: HttpServerOptions): Promise<LocalHttpServer> => {
  const host = options.host ?? '127.0.0.1';
  const loadHandler = options.loadHandler ?? importFunctionHandler;
  const region = options.region ?? process.env.AWS_REGION ?? 'eu-west-2';
  const onLoadError =
    options.onLoadError ??
    ((functionName: string, error: unknown) =>
      console.error(`signet-local: function ${functionName} failed to load (${errorName(error)})`));
  const handlers = new Map<string, Promise<LambdaHttpHandler>>();
  const allowedOrigins: ReadonlySet<string> = new Set(options.allowedOrigins ?? []);
  /** The request's Origin when CORS allows it (exactly, as API Gateway compares it). */
  const allowedOriginOf = (req: IncomingMessage): string | undefined => {
    const origin = req.headers.origin;
    return typeof origin === 'string' && allowedOrigins.has(origin) ? origin : undefined;
  };

  /** Loads a function once, like a warm container; a failed load is retried on the next request. */
  const handlerFor = (functionName: string): Promise<LambdaHttpHandler> => {
    let loading = handlers.get(functionName);
    if (loading === undefined) {
      loading = loadHandler(functionName);
      handlers.set(functionName, loading);
      loading.catch((error: unknown) => {
        handlers.delete(functionName);
        onLoadError(functionName, error);
      });
    }
    return loading;
  };

  const send = (res: ServerResponse, requestId: string, result: HttpResult): void => {
    res.writeHead(result.statusCode, {
      ...result.headers,
      'apigw-requestid': requestId,
      'content-length': result.body.length,
    });
    res.end(result.body);
  };

  const sendJson = (res: ServerResponse, requestId: string, statusCode: number, body: string): void =>
    send(res, requestId, {
      statusCode,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(body),
    });

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const origin = allowedOriginOf(req);
    const read = await readBody(req);
    if (read.kind === 'aborted') {
      return;
    }
    if (read.kind === 'too_large') {
      const headers: OutgoingHttpHeaders = { 'content-type': 'application/json' };
      send(res, requestId, {
        statusCode: 413,
        headers: origin === undefined ? headers : withCors(headers, origin),
        body: Buffer.from(PAYLOAD_TOO_LARGE),
      });
      return;
    }
    const now = new Date();
    const method = req.method ?? 'GET';
    // A preflight (OPTIONS with Origin and Access-Control-Request-Method) never reaches a function: 204, with
    // the CORS headers only for an allowed origin.
    if (method === 'OPTIONS' && req.headers.origin !== undefined && req.headers['access-control-request-method'] !== undefined) {
      send(res, requestId, { statusCode: 204, headers: origin === undefined ? {} : preflightHeaders(origin), body: Buffer.alloc(0) });
      return;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const pageFile = options.pageDir === undefined ? undefined : pageFileOf(options.pageDir, method, path);
    const page = pageFile === undefined ? undefined : await pageResult(pageFile);
    if (page !== undefined) {
      send(res, requestId, method === 'HEAD' ? { ...page, body: Buffer.alloc(0) } : page);
      return;
    }
    const route = ROUTES.find((candidate) => candidate.method === method && candidate.path === path);
    const functionName = route?.name ?? FALLBACK_FUNCTION;
    const routeKey = route === undefined ? '$default' : `${route.method} ${route.path}`;
    let result: HttpResult;
    try {
      const handler = await handlerFor(functionName);
      const event = toEvent({ req, body: read.body, routeKey, requestId, now });
      result = toHttpResult(await handler(event, toContext(route, functionName, region, now.getTime())));
    } catch (error) {
      // Only the error's name: a message or stack could carry request data.
      console.error(`signet-local: ${routeKey} (${functionName}) failed: ${errorName(error)}`);
      result = {
        statusCode: 500,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(INTERNAL_ERROR),
      };
    }
    if (origin !== undefined) result = { ...result, headers: withCors(result.headers, origin) };
    try {
      send(res, requestId, result);
    } catch (error) {
      // Headers the handler set that HTTP cannot carry (e.g. a newline in a value).
      console.error(
        `signet-local: ${routeKey} (${functionName}) gave an unsendable response: ${errorName(error)}`,
      );
      if (!res.headersSent) {
        sendJson(res, requestId, 500, INTERNAL_ERROR);
      }
    }
  };

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      console.error(`signet-local: request failed: ${errorName(error)}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(INTERNAL_ERROR);
      }
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new StartupError(`API server cannot listen on port ${options.port} (${error.code ?? error.name})`, {
          cause: error,
        }),
      ),
    );
    server.listen(options.port, host, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;

  let closing: Promise<void> | undefined;
  return {
    url: urlFor(host, port),
    port,
    preload: async () => {
      const names = [...ROUTES.map((route) => route.name), FALLBACK_FUNCTION];
      const outcomes = await Promise.allSettled(names.map((name) => handlerFor(name)));
      return {
        loaded: names.filter((_, i) => outcomes[i]?.status === 'fulfilled'),
        failed: names.filter((_, i) => outcomes[i]?.status === 'rejected'),
      };
    },
    close: () => {
      closing ??= new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      return closing;
    },
  };
};

export { importFunctionHandler, startHttpServer, TRANSPORT_CAP_BYTES };
