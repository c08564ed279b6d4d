// test/integration/local: the local API Gateway (infra/local/http-server.ts) in front of fake handlers: the payload
// v2 event it builds, how results map back to HTTP, the fallback, bare 500s and the 1 MiB cap.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  startHttpServer,
  TRANSPORT_CAP_BYTES,
  type LambdaHttpHandler,
  type LocalHttpServer,
} from '../../../infra/local/http-server.js';
import { FALLBACK_FUNCTION, ROUTES } from '../../../infra/route-infra.js';

interface Invocation {
  readonly functionName: string;
  readonly event: APIGatewayProxyEventV2;
  readonly context: Context;
}

interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A raw HTTP request, so repeated headers and exact bytes reach the server as written. */
const send = (
  baseUrl: string,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string | string[]>;
    body?: Buffer | string;
  },
): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const url = new URL(options.path, baseUrl);
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: options.method, path: `${url.pathname}${url.search}` },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      req.setHeader(name, value);
    }
    req.on('error', reject);
    req.end(options.body);
  });

describe('Function: startHttpServer', () => {
  const invocations: Invocation[] = [];
  /** Per-function behaviour; by default a handler echoes 200. */
  const behaviour = new Map<string, LambdaHttpHandler>();
  let server: LocalHttpServer;

  beforeAll(async () => {
    server = await startHttpServer({
      port: 0,
      loadHandler: async (functionName) => async (event, context) => {
        invocations.push({ functionName, event, context });
        const custom = behaviour.get(functionName);
        return custom === undefined ? { statusCode: 200, body: functionName } : custom(event, context);
      },
    });
  });

  afterEach(() => {
    invocations.length = 0;
    behaviour.clear();
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    await server.close();
  });

  it('gives the route function an HTTP API payload v2 event of the request', async () => {
    // Prepare
    const body = JSON.stringify({ accountName: 'ada', note: 'naïve café' });

    // Act
    const response = await send(server.url, {
      method: 'POST',
      path: '/v1/registrations?b=2&a=1&a=3&c=x%20y',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'signet-test/1.0',
        'X-Repeated': ['one', 'two'],
        'X-Forwarded-For': '203.0.113.9',
        Cookie: 'a=1; b=2',
      },
      body,
    });

    // Assess
    expect(response.status).toBe(200);
    expect(invocations).toHaveLength(1);
    const { functionName, event, context } = invocations[0] as Invocation;
    expect(functionName).toBe('register');
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/registrations',
      rawPath: '/v1/registrations',
      rawQueryString: 'b=2&a=1&a=3&c=x%20y',
      queryStringParameters: { a: '1,3', b: '2', c: 'x y' },
      cookies: ['a=1', 'b=2'],
      body,
      isBase64Encoded: false,
      requestContext: {
        http: {
          method: 'POST',
          path: '/v1/registrations',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'signet-test/1.0',
        },
        routeKey: 'POST /v1/registrations',
        stage: '$default',
        domainName: '127.0.0.1',
      },
    });
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers['x-repeated']).toBe('one,two');
    expect(event.headers['x-forwarded-for']).toBe('203.0.113.9');
    expect(event.headers.cookie).toBeUndefined();
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['apigw-requestid']).toBe(event.requestContext.requestId);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(10_000);
    expect(context.functionName).toContain('register');
    expect(context.awsRequestId).not.toBe(event.requestContext.requestId);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
  });

  it('passes a body that is not valid utf-8 as base64', async () => {
    // Prepare
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);

    // Act
    await send(server.url, { method: 'POST', path: '/v1/registrations', body: bytes });

    // Assess
    const { event } = invocations[0] as Invocation;
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
  });

  it('omits body, cookies and query parameters when the request has none', async () => {
    // Act
    await send(server.url, { method: 'GET', path: '/v1/openapi.json' });

    // Assess
    const { event, functionName } = invocations[0] as Invocation;
    expect(functionName).toBe('openapi');
    expect(event.routeKey).toBe('GET /v1/openapi.json');
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
    expect(event.cookies).toBeUndefined();
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.rawQueryString).toBe('');
  });

  it.each([
    ['an unknown path', 'GET', '/v1/unknown'],
    ['a known path under another method', 'GET', '/v1/registrations'],
    ['a path that differs by a trailing slash', 'POST', '/v1/registrations/'],
  ])('sends %s to the fallback function under $default', async (_case, method, path) => {
    // Prepare
    behaviour.set(FALLBACK_FUNCTION, async () => ({ statusCode: 404, body: '{"error":"not_found"}' }));

    // Act
    const response = await send(server.url, { method, path });

    // Assess
    expect(response.status).toBe(404);
    expect(invocations.map((invocation) => invocation.functionName)).toEqual([FALLBACK_FUNCTION]);
    expect(invocations[0]?.event.routeKey).toBe('$default');
    expect(invocations[0]?.event.requestContext.routeKey).toBe('$default');
    expect(invocations[0]?.event.rawPath).toBe(path);
  });

  it('maps a structured result back to status, headers, cookies and a base64 body', async () => {
    // Prepare
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    behaviour.set('register', async () => ({
      statusCode: 201,
      headers: { 'Content-Type': 'image/png', 'X-Count': 3, 'X-Flag': true },
      cookies: ['session=abc; HttpOnly', 'theme=dark'],
      body: png.toString('base64'),
      isBase64Encoded: true,
    }));

    // Act
    const response = await send(server.url, { method: 'POST', path: '/v1/registrations' });

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['x-count']).toBe('3');
    expect(response.headers['x-flag']).toBe('true');
    expect(response.headers['set-cookie']).toEqual(['session=abc; HttpOnly', 'theme=dark']);
    expect(response.body).toEqual(png);
  });

  it('answers a plain string result as a 200 JSON body', async () => {
    // Prepare
    behaviour.set('openapi', async (): Promise<APIGatewayProxyResultV2> => '{"openapi":"3.1.0"}');

    // Act
    const response = await send(server.url, { method: 'GET', path: '/v1/openapi.json' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body.toString()).toBe('{"openapi":"3.1.0"}');
  });

  it('answers a bare 500 when a handler throws, logging only the error name', async () => {
    // Prepare
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    behaviour.set('confirm', async () => {
      throw new RangeError('code 123456 for person@example.com is wrong');
    });

    // Act
    const response = await send(server.url, {
      method: 'POST',
      path: '/v1/registrations/confirm',
      body: '{}',
    });

    // Assess
    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.body.toString())).toEqual({
      error: 'internal_error',
      message: 'Internal error.',
    });
    const lines = logged.mock.calls.map((call) => call.map(String).join(' ')).join('\n');
    expect(lines).toContain('RangeError');
    expect(lines).not.toContain('123456');
    expect(lines).not.toContain('person@example.com');
  });

  it('answers a bare 500 when a handler returns a malformed result', async () => {
    // Prepare
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    behaviour.set('resend', async () => ({ statusCode: 99 }));

    // Act
    const response = await send(server.url, { method: 'POST', path: '/v1/registrations/resend' });

    // Assess
    expect(response.status).toBe(500);
    expect(JSON.parse(response.body.toString())).toEqual({
      error: 'internal_error',
      message: 'Internal error.',
    });
  });

  it('accepts a body of exactly 1 MiB and refuses one byte more with 413 without calling the function', async () => {
    // Prepare
    const atCap = Buffer.alloc(TRANSPORT_CAP_BYTES, 'a');
    const overCap = Buffer.alloc(TRANSPORT_CAP_BYTES + 1, 'a');

    // Act
    const accepted = await send(server.url, { method: 'POST', path: '/v1/registrations', body: atCap });
    const refused = await send(server.url, { method: 'POST', path: '/v1/registrations', body: overCap });

    // Assess
    expect(TRANSPORT_CAP_BYTES).toBe(1_048_576);
    expect(accepted.status).toBe(200);
    expect(invocations).toHaveLength(1);
    expect(invocations[0]?.event.body).toHaveLength(TRANSPORT_CAP_BYTES);
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body.toString())).toMatchObject({
      error: 'payload_too_large',
      message: expect.any(String),
    });
  });
});

describe('Function: startHttpServer (handler loading)', () => {
  it('answers 500 while a function fails to load and loads it on a later request', async () => {
    // Prepare
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failures: string[] = [];
    let attempts = 0;
    const server = await startHttpServer({
      port: 0,
      loadHandler: async () => {
        attempts += 1;
        if (attempts === 1) {
          throw new Error('Environment variable SIGNET_TABLE_NAME is required');
        }
        return async () => ({ statusCode: 204 });
      },
      onLoadError: (functionName) => failures.push(functionName),
    });

    // Act
    const first = await send(server.url, { method: 'GET', path: '/v1/openapi.json' });
    const second = await send(server.url, { method: 'GET', path: '/v1/openapi.json' });
    await server.close();

    // Assess
    expect(first.status).toBe(500);
    expect(second.status).toBe(204);
    expect(failures).toEqual(['openapi']);
    vi.restoreAllMocks();
  });

  it('preloads every route function and the fallback once', async () => {
    // Prepare
    const loaded: string[] = [];
    const server = await startHttpServer({
      port: 0,
      loadHandler: async (functionName) => {
        loaded.push(functionName);
        return async () => ({ statusCode: 204 });
      },
    });

    // Act
    const outcome = await server.preload();
    await send(server.url, { method: 'POST', path: '/v1/registrations' });
    await server.close();

    // Assess
    expect(outcome.failed).toEqual([]);
    expect([...loaded].sort()).toEqual([...ROUTES.map((route) => route.name), FALLBACK_FUNCTION].sort());
  });

  describe('CORS, as the HTTP API answers it', () => {
    const ORIGIN = 'https://app.signet.test';

    it('answers a preflight itself, without calling a function, and adds the origin to a bare 500 and a merged Vary', async () => {
      // Prepare
      const calls: string[] = [];
      const server = await startHttpServer({
        port: 0,
        allowedOrigins: [ORIGIN],
        loadHandler: async (functionName) => async () => {
          calls.push(functionName);
          if (functionName === 'openapi') throw new Error('boom');
          return { statusCode: 200, headers: { vary: 'Accept-Encoding' }, body: '{}' };
        },
      });

      // Act
      const preflight = await send(server.url, {
        method: 'OPTIONS',
        path: '/v1/registrations',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
      });
      const failed = await send(server.url, {
        method: 'GET',
        path: '/v1/openapi.json',
        headers: { origin: ORIGIN },
      });
      const merged = await send(server.url, {
        method: 'POST',
        path: '/v1/registrations',
        headers: { origin: ORIGIN },
      });
      const oversized = await send(server.url, {
        method: 'POST',
        path: '/v1/registrations',
        headers: { origin: ORIGIN },
        body: Buffer.alloc(TRANSPORT_CAP_BYTES + 1, 0x20),
      });
      await server.close();

      // Assess
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(calls).toEqual(['openapi', 'register']);
      expect(failed.status).toBe(500);
      expect(failed.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(merged.headers.vary).toBe('Accept-Encoding, Origin');
      expect(oversized.status).toBe(413);
      expect(oversized.headers['access-control-allow-origin']).toBe(ORIGIN);
    });

    it('allows no origin unless told which', async () => {
      // Prepare
      const server = await startHttpServer({
        port: 0,
        loadHandler: async () => async () => ({ statusCode: 204 }),
      });

      // Act
      const answer = await send(server.url, {
        method: 'GET',
        path: '/v1/openapi.json',
        headers: { origin: ORIGIN },
      });
      await server.close();

      // Assess
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(answer.headers.vary).toBeUndefined();
    });
  });
});
