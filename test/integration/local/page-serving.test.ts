// test/integration/local: the page at the API's origin, as `npm start` and the test runtime serve it: `/` is the
// page with its security headers, each built file with its type, and nothing else of the folder or the disk.
import { describe, expect, it } from 'vitest';
import { PAGE_SECURITY_HEADERS } from '../../../shared/page/security-headers.js';
import { call } from '../../helpers/api.js';

describe('Module: infra/local/http-server.ts (the page)', () => {
  it('serves the page at / with a strict CSP, no referrer and nosniff', async () => {
    // Act
    const answer = await call('GET', '/', undefined, {});

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
        "form-action 'self'",
      ]),
    );
    expect(csp).not.toContain('unsafe-inline');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.text).toContain('<script type="module" src="/app.js"></script>');
  });

  it.each([
    ['/app.js', 'text/javascript; charset=utf-8'],
    ['/app.css', 'text/css; charset=utf-8'],
    ['/index.html', 'text/html; charset=utf-8'],
  ])('serves %s as %s with the same headers', async (path, type) => {
    // Act
    const answer = await call('GET', path, undefined, {});

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe(type);
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS))
      expect(answer.headers.get(name)).toBe(value);
  });

  it.each([
    '/secrets.json',
    '/../secrets.json',
    '/%2e%2e/secrets.json',
    '/page/index.html',
    '/.env',
    '/v1/index.html',
  ])('serves nothing else (%s answers the API’s 404)', async (path) => {
    // Act
    const answer = await call('GET', path, undefined, {});

    // Assess
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: 'not_found', message: 'No such route.' });
    expect(answer.headers.get('content-security-policy')).toBeNull();
  });

  it('leaves the API as it is: a POST to / is the API’s 404, not the page', async () => {
    // Act
    const answer = await call('POST', '/', {});

    // Assess
    expect(answer.status).toBe(404);
  });
});
