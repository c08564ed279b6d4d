// test/integration/api: CORS as a browser app sees it, against the local API (which answers as the HTTP API's
// CORS configuration does in AWS). Preflights from an allowed and a foreign origin, on a route and on any
// path; the allow-origin headers on successes and on errors; none for a foreign origin or no Origin.
import { describe, expect, it } from 'vitest';
import { call, signet } from '../../helpers/api.js';

const ALLOWED = 'http://localhost:5173';
const FOREIGN = 'https://evil.example';
const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-allow-credentials',
  'access-control-max-age',
  'access-control-expose-headers',
];

const preflight = (path: string, origin: string, method = 'POST', headers = 'content-type,authorization') =>
  call('OPTIONS', path, undefined, {
    origin,
    'access-control-request-method': method,
    'access-control-request-headers': headers,
  });

const corsOf = (headers: Headers): Record<string, string> =>
  Object.fromEntries(
    CORS_HEADERS.flatMap((name) => (headers.has(name) ? [[name, headers.get(name) ?? '']] : [])),
  );

describe('CORS', () => {
  it.each(['/v1/sessions', '/v1/me', '/.well-known/jwks.json', '/v1/no-such-route'])(
    'answers a preflight from an allowed origin on %s with 204, the methods and the named headers, for 10 minutes',
    async (path) => {
      // Act
      const answer = await preflight(path, ALLOWED);

      // Assess
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      expect(corsOf(answer.headers)).toEqual({
        'access-control-allow-origin': ALLOWED,
        'access-control-allow-methods': 'DELETE,GET,PATCH,POST',
        'access-control-allow-headers': 'authorization,content-type,idempotency-key',
        'access-control-max-age': '600',
      });
      expect(answer.headers.get('vary')).toBe('Origin');
    },
  );

  it("allows each of the local client's origins, the local API's own included", async () => {
    // Prepare
    const port = new URL(signet().apiUrl).port;

    // Act
    const answers = await Promise.all(
      [`http://127.0.0.1:${port}`, `http://localhost:${port}`, ALLOWED].map((origin) =>
        preflight('/v1/me', origin, 'GET'),
      ),
    );

    // Assess
    expect(answers.map((answer) => answer.headers.get('access-control-allow-origin'))).toEqual([
      `http://127.0.0.1:${port}`,
      `http://localhost:${port}`,
      ALLOWED,
    ]);
  });

  it.each([FOREIGN, 'http://localhost:5174', 'http://LOCALHOST:5173', 'null', `${ALLOWED}/`])(
    'gives a preflight from %s no CORS headers at all',
    async (origin) => {
      // Act
      const answer = await preflight('/v1/sessions', origin);

      // Assess
      expect(answer.status).toBe(204);
      expect(corsOf(answer.headers)).toEqual({});
    },
  );

  it('adds the allowed origin and Vary to a success, and to an error answer alike, never with credentials', async () => {
    // Act
    const success = await call('GET', '/.well-known/jwks.json', undefined, { origin: ALLOWED });
    const unauthorized = await call('GET', '/v1/me', undefined, { origin: ALLOWED });
    const invalid = await call('POST', '/v1/sessions', '{}', {
      origin: ALLOWED,
      'content-type': 'application/json',
    });
    const notFound = await call('GET', '/v1/no-such-route', undefined, { origin: ALLOWED });

    // Assess
    expect([success.status, unauthorized.status, invalid.status, notFound.status]).toEqual([
      200, 401, 400, 404,
    ]);
    for (const answer of [success, unauthorized, invalid, notFound]) {
      expect(corsOf(answer.headers)).toEqual({
        'access-control-allow-origin': ALLOWED,
        'access-control-expose-headers': 'retry-after,idempotent-replayed',
      });
      expect(answer.headers.get('vary')).toBe('Origin');
    }
  });

  it('adds no CORS headers for a foreign origin or a request without Origin, and answers it as usual', async () => {
    // Act
    const foreign = await call('GET', '/v1/me', undefined, { origin: FOREIGN });
    const none = await call('GET', '/v1/me', undefined, {});

    // Assess
    expect(foreign.status).toBe(401);
    expect(foreign.text).toBe(none.text);
    for (const answer of [foreign, none]) {
      expect(corsOf(answer.headers)).toEqual({});
      expect(answer.headers.get('vary')).toBeNull();
    }
  });
});
