// test/unit/http: whose address a request counts as (factsOf). Through the page's CloudFront distribution the
// viewer's address in x-signet-viewer-ip counts, but only beside the right origin-verify secret; a direct caller
// who forges the headers, a wrong or missing secret, a value that is not an address, or a runtime without the
// secret (local, or no distribution) all count API Gateway's source IP. Neither header is ever logged.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENV } from '../../../shared/config/env.js';
import { budgetAddressOf, ORIGIN_VERIFY_HEADER, VIEWER_IP_HEADER } from '../../../shared/http/caller-ip.js';
import { factsOf, httpGetRoute } from '../../../shared/http/route.js';
import { privacyPolicy } from '../../../shared/http/routes/meta.js';

/** API Gateway's source IP: a CloudFront edge, or a direct caller. */
const EDGE_IP = '198.51.100.20';
const SECRET = 'Q7eVtW3rYp9kLm2nBx4cZs8dFg6hJ1aK5uN0oP3iR7yT2wE9';
const env = { [ENV.originVerify]: SECRET };

const event = (headers: Record<string, string>): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: 'GET /v1/privacy-policy',
    rawPath: '/v1/privacy-policy',
    rawQueryString: '',
    headers,
    requestContext: { requestId: 'test-request', http: { method: 'GET', sourceIp: EDGE_IP } },
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

describe('Function: factsOf', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['2001:db8::17', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])(
    "counts the viewer's address %s (as %s) when the right origin-verify secret comes with it",
    (viewerIp, counted) => {
      // Act
      const facts = factsOf(event({ [ORIGIN_VERIFY_HEADER]: SECRET, [VIEWER_IP_HEADER]: viewerIp }), env);

      // Assess
      expect(facts.sourceIp).toBe(counted);
    },
  );

  it('reads both headers whatever their case, as API Gateway may pass them', () => {
    // Act
    const facts = factsOf(
      event({ 'X-Signet-Origin-Verify': SECRET, 'X-Signet-Viewer-Ip': '203.0.113.7' }),
      env,
    );

    // Assess
    expect(facts.sourceIp).toBe('203.0.113.7');
  });

  it.each([
    ['a wrong secret', { [ORIGIN_VERIFY_HEADER]: `${SECRET.slice(0, -1)}x` }],
    ['the secret with a byte more', { [ORIGIN_VERIFY_HEADER]: `${SECRET}0` }],
    ['an empty secret', { [ORIGIN_VERIFY_HEADER]: '' }],
    ['no secret', {}],
  ])('counts the source IP, not a forged viewer address, with %s', (_case, verify) => {
    // Act
    const facts = factsOf(event({ ...verify, [VIEWER_IP_HEADER]: '203.0.113.7' }), env);

    // Assess
    expect(facts.sourceIp).toBe(EDGE_IP);
  });

  it.each(['not-an-ip', '203.0.113.7, 192.0.2.1', '203.0.113.256', '', '2001:db8::zz'])(
    'keeps the source IP when the viewer header beside the right secret is not one address (%s)',
    (garbage) => {
      // Act
      const facts = factsOf(event({ [ORIGIN_VERIFY_HEADER]: SECRET, [VIEWER_IP_HEADER]: garbage }), env);

      // Assess
      expect(facts.sourceIp).toBe(EDGE_IP);
    },
  );

  it('keeps the source IP when the secret is right but no viewer header came', () => {
    // Act
    const facts = factsOf(event({ [ORIGIN_VERIFY_HEADER]: SECRET }), env);

    // Assess
    expect(facts.sourceIp).toBe(EDGE_IP);
  });

  it.each([
    ['no origin-verify variable', {}],
    ['an empty origin-verify variable', { [ENV.originVerify]: '' }],
  ])('counts the source IP with %s, even when both headers come', (_case, runtimeEnv) => {
    // Act
    const facts = factsOf(
      event({ [ORIGIN_VERIFY_HEADER]: SECRET, [VIEWER_IP_HEADER]: '203.0.113.7' }),
      runtimeEnv,
    );

    // Assess
    expect(facts.sourceIp).toBe(EDGE_IP);
  });

  it('does not let an empty secret header match an empty variable', () => {
    // Act
    const facts = factsOf(event({ [ORIGIN_VERIFY_HEADER]: '', [VIEWER_IP_HEADER]: '203.0.113.7' }), {
      [ENV.originVerify]: '',
    });

    // Assess
    expect(facts.sourceIp).toBe(EDGE_IP);
  });
});

describe('Function: httpGetRoute (caller address)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    delete process.env[ENV.originVerify];
  });

  it('hands the handler the viewer address from the environment secret, and logs neither header', async () => {
    // Prepare
    process.env[ENV.originVerify] = SECRET;
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const seen: string[] = [];
    const handler = httpGetRoute(privacyPolicy, async (facts) => {
      seen.push(facts.sourceIp);
      return { statusCode: 200, body: { version: '2025-01-01', effectiveAt: '2025-01-01T00:00:00.000Z' } };
    });

    // Act
    const answer = await handler(
      event({ [ORIGIN_VERIFY_HEADER]: SECRET, [VIEWER_IP_HEADER]: '203.0.113.99' }),
    );

    // Assess
    expect(answer.statusCode).toBe(200);
    expect(seen).toEqual(['203.0.113.99']);
    expect(lines.join('')).toContain('request handled');
    expect(lines.join('')).not.toContain(SECRET);
    expect(lines.join('')).not.toContain('203.0.113.99');
  });
});

describe('Function: budgetAddressOf', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3:8d3::/64'],
    ['2001:DB8:85A3:08D3:ffff:ffff:ffff:ffff', '2001:db8:85a3:8d3::/64'],
    ['2001:db8:85a3:8d3::1', '2001:db8:85a3:8d3::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['::', '0:0:0:0::/64'],
    ['fe80::1:2:3:4', 'fe80:0:0:0::/64'],
    ['::ffff:192.0.2.33', '192.0.2.33'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0:0::/64'],
  ])('counts %s as %s', (ip, counted) => {
    // Act
    const address = budgetAddressOf(ip);

    // Assess
    expect(address).toBe(counted);
  });

  it('gives every address of one /64 the same budget and a neighbouring /64 another', () => {
    // Act
    const one = new Set(
      ['2001:db8:1:2::1', '2001:db8:1:2:ffff::9', '2001:db8:1:2:a:b:c:d'].map(budgetAddressOf),
    );
    const other = budgetAddressOf('2001:db8:1:3::1');

    // Assess
    expect([...one]).toEqual(['2001:db8:1:2::/64']);
    expect(other).toBe('2001:db8:1:3::/64');
  });
});
