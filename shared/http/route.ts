// shared/http: what every route shares. API Gateway HTTP API (payload v2) event → size and
// content-type checks → JSON → strict zod schema → one use case → JSON response. Errors map to
// statuses here and nowhere else; anything unexpected becomes a bare 500.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import {
  InvalidRequestError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  SignetError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from '../domain/errors.js';
import type { IdempotencyGuard, RecordedAnswer } from '../domain/ports.js';
import { describeError, logger } from '../observability/logger.js';
import { callerIpOf } from './caller-ip.js';
import { IDEMPOTENT_REPLAYED_HEADER, parseIdempotencyKey } from './idempotency-key.js';
import type { BodylessRoute, BodyRoute } from './routes/spec.js';
import { parseRequest } from './validation.js';

/** Largest request body accepted, in bytes. */
const MAX_BODY_BYTES = 16 * 1024;

/** What a route's use case gives back; `body` is serialized as JSON. */
interface RouteResult {
  readonly statusCode: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** `T` with every array and object read-only: a use case may hand back read-only data. */
type Immutable<T> = T extends readonly (infer E)[]
  ? readonly Immutable<E>[]
  : T extends object
    ? { readonly [K in keyof T]: Immutable<T[K]> }
    : T;

/** What a handler of `route` must give back: the route's success status and a body its response schema takes. */
export interface RouteResultOf<R extends BodyRoute | BodylessRoute> extends RouteResult {
  readonly statusCode: R['status'];
  readonly body: z.input<R['response']> | Immutable<z.input<R['response']>>;
}

/** Request facts a use case may need besides the body (never logged with it). */
export interface RequestFacts {
  readonly requestId: string;
  /**
   * The caller's address: API Gateway's source IP, or, on a request that came through the page's CloudFront
   * distribution (it carries the origin-verify secret), the viewer's address CloudFront put in
   * `x-signet-viewer-ip`. Never X-Forwarded-For.
   */
  readonly sourceIp: string;
  /** The Authorization header, for routes that take a bearer token. */
  readonly authorization?: string;
}

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context?: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const SECURITY_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

const json = (
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { ...SECURITY_HEADERS, ...headers },
  body: JSON.stringify(body),
});

/** Maps any thrown value to the documented error response. */
const errorResponse = (error: unknown): APIGatewayProxyStructuredResultV2 => {
  if (error instanceof SignetError) {
    const headers: Record<string, string> = {};
    if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
    if (error instanceof MethodNotAllowedError) headers.allow = error.allow.join(', ');
    // RFC 6750 §3: a request without a valid Bearer token is told which scheme the route expects.
    if (error instanceof UnauthorizedError) headers['www-authenticate'] = 'Bearer';
    if (error.statusCode >= 500)
      logger.warn('request failed', { errorCode: error.code, ...describeError(error.cause) });
    else logger.info('request rejected', { errorCode: error.code });
    return json(error.statusCode, error.toJSON(), headers);
  }
  logger.error('unexpected error', describeError(error));
  return json(500, { error: 'internal_error', message: 'Internal error.' });
};

const headerOf = (event: APIGatewayProxyEventV2, name: string): string | undefined => {
  const headers = event.headers ?? {};
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
};

/** The body as raw bytes, whether API Gateway passed it as text or base64. */
const bodyBytes = (event: APIGatewayProxyEventV2): Buffer =>
  event.body === undefined || event.body === null
    ? Buffer.alloc(0)
    : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');

const isJsonContentType = (value: string | undefined): boolean =>
  value !== undefined && value.split(';')[0]?.trim().toLowerCase() === 'application/json';

/** Reads, checks and parses a JSON body: 413, 415 and malformed JSON are answered here. */
const readJsonBody = (event: APIGatewayProxyEventV2): unknown => {
  const bytes = bodyBytes(event);
  if (bytes.length > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  if (!isJsonContentType(headerOf(event, 'content-type'))) throw new UnsupportedMediaTypeError();
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidRequestError('The request body is not valid JSON.');
  }
};

/** The request facts of `event`; `env` carries SIGNET_ORIGIN_VERIFY where a distribution fronts the API. */
const factsOf = (event: APIGatewayProxyEventV2, env: NodeJS.ProcessEnv = process.env): RequestFacts => {
  const authorization = headerOf(event, 'authorization');
  return {
    requestId: event.requestContext?.requestId ?? 'unknown',
    sourceIp: callerIpOf(event, env),
    ...(authorization === undefined ? {} : { authorization }),
  };
};

/** Sets the logging context of one invocation. */
const startInvocation = (event: APIGatewayProxyEventV2, context: Context | undefined): void => {
  if (context !== undefined) logger.addContext(context);
  // Draws this request's log sampling anew (POWERTOOLS_LOGGER_SAMPLE_RATE; the stage's requestLogSampleRate).
  logger.refreshSampleRateCalculation();
  logger.resetKeys();
  logger.appendKeys({
    requestId: event.requestContext?.requestId ?? 'unknown',
    route: event.routeKey ?? '$default',
  });
};

/** A route's handling with its errors mapped: the answer as it is sent. */
const answerOf = async (handle: () => Promise<RouteResult>): Promise<APIGatewayProxyStructuredResultV2> => {
  try {
    const result = await handle();
    logger.info('request handled', { statusCode: result.statusCode });
    return json(result.statusCode, result.body, result.headers);
  } catch (error) {
    return errorResponse(error);
  }
};

/** Common wrapper: logging context, error mapping, response shape. */
const withLifecycle =
  (handle: (event: APIGatewayProxyEventV2) => Promise<RouteResult>): HttpHandler =>
  async (event, context) => {
    startInvocation(event, context);
    return answerOf(async () => handle(event));
  };

/**
 * A JSON route: the body is checked (16 KiB, application/json), parsed and validated by `schema`, the
 * route's request schema (strict; its transforms normalize), then handed to `handle`, whose result must
 * be the route's success status and a body of its response schema.
 *
 * @example
 * const ResendRequest = resend.request(settings());
 * export const handler = httpRoute(resend, ResendRequest, async (input) => ({
 *   statusCode: 202, body: await resendCode(input),
 * }));
 */
const httpRoute = <R extends BodyRoute, S extends ReturnType<R['request']>>(
  _route: R,
  schema: S,
  handle: (input: z.output<S>, facts: RequestFacts) => Promise<NoInfer<RouteResultOf<R>>>,
): HttpHandler =>
  withLifecycle(async (event) => {
    const input = parseRequest(schema, readJsonBody(event));
    return handle(input, factsOf(event));
  });

/** The remaining time when no Lambda context is given (a unit test): the functions' default timeout. */
const DEFAULT_REMAINING_MS = 10_000;

const recorded = (answer: APIGatewayProxyStructuredResultV2): RecordedAnswer => ({
  statusCode: answer.statusCode ?? 200,
  headers: Object.fromEntries(
    Object.entries(answer.headers ?? {}).map(([name, value]) => [name, String(value)]),
  ),
  body: typeof answer.body === 'string' ? answer.body : '',
});

/**
 * A JSON route, as `httpRoute`, that also takes an Idempotency-Key header (1 to 255 visible ASCII
 * characters; anything else answers 400 `invalid_request` naming it). Without the header the route runs
 * as `httpRoute` runs it. With it, the caller is known first (`guard.callerOf`: a Bearer route verifies the
 * token here), then the body is parsed and fingerprinted, and the handling, error mapping included, runs
 * under `guard.run`: a repeat with the same key and body within 24 hours answers the first 2xx or 4xx
 * answer again with `Idempotent-Replayed: true`, and does nothing again; a 5xx is not kept.
 *
 * @example
 * export const handler = idempotentHttpRoute(route, RegistrationRequest, await ipIdempotency('register'),
 *   async (registration, facts) => ({ statusCode: 202, body: await register(registration, facts) }));
 */
const idempotentHttpRoute = <R extends BodyRoute, S extends ReturnType<R['request']>>(
  route: R,
  schema: S,
  guard: IdempotencyGuard,
  handle: (input: z.output<S>, facts: RequestFacts) => Promise<NoInfer<RouteResultOf<R>>>,
): HttpHandler => {
  const plain = httpRoute(route, schema, handle);
  return async (event, context) => {
    let key: string | undefined;
    try {
      key = parseIdempotencyKey(headerOf(event, 'idempotency-key'));
    } catch (error) {
      startInvocation(event, context);
      return errorResponse(error);
    }
    if (key === undefined) return plain(event, context);
    startInvocation(event, context);
    const idempotencyKey = key;
    try {
      const facts = factsOf(event);
      const caller = await guard.callerOf(facts);
      const body = readJsonBody(event);
      const { answer, replayed } = await guard.run(
        { key: idempotencyKey, caller, fingerprint: guard.fingerprint(body) },
        async () => recorded(await answerOf(async () => handle(parseRequest(schema, body), facts))),
        () => context?.getRemainingTimeInMillis() ?? DEFAULT_REMAINING_MS,
      );
      if (!replayed) return answer;
      logger.info('request replayed', { statusCode: answer.statusCode });
      return {
        ...answer,
        headers: { ...answer.headers, [IDEMPOTENT_REPLAYED_HEADER.toLowerCase()]: 'true' },
      };
    } catch (error) {
      return errorResponse(error);
    }
  };
};

/**
 * A JSON route whose body may also be left out (no body at all stands for `{}`): a body that is given is
 * checked as `httpRoute` checks it.
 */
const httpOptionalBodyRoute = <R extends BodyRoute, S extends ReturnType<R['request']>>(
  _route: R,
  schema: S,
  handle: (input: z.output<S>, facts: RequestFacts) => Promise<NoInfer<RouteResultOf<R>>>,
): HttpHandler =>
  withLifecycle(async (event) => {
    const body = bodyBytes(event).length === 0 ? {} : readJsonBody(event);
    return handle(parseRequest(schema, body), factsOf(event));
  });

/** A route without a request body (GET). */
const httpGetRoute = <R extends BodylessRoute>(
  _route: R,
  handle: (facts: RequestFacts) => Promise<NoInfer<RouteResultOf<R>>>,
): HttpHandler => withLifecycle(async (event) => handle(factsOf(event)));

export {
  errorResponse,
  factsOf,
  httpGetRoute,
  httpOptionalBodyRoute,
  httpRoute,
  idempotentHttpRoute,
  MAX_BODY_BYTES,
};
