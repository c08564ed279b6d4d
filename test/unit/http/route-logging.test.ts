// test/unit/http: the route wrapper's log lines under a stage's request-log sampling (requestLogSampleRate
// below 1: WARN, with Powertools' sampling). A request's INFO line is sampled; warnings and errors are not.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The logger reads its level and sample rate when it is made, at import: as a stage with rate 0 sets them.
vi.hoisted(() => {
  process.env['POWERTOOLS_LOG_LEVEL'] = 'WARN';
  process.env['POWERTOOLS_LOGGER_SAMPLE_RATE'] = '0';
});

const { httpRoute } = await import('../../../shared/http/route.js');
const { confirm } = await import('../../../shared/http/routes/registration.js');

const event = (body: unknown): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: 'POST /v1/registrations/confirm',
    rawPath: '/v1/registrations/confirm',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: { requestId: 'test-request', http: { method: 'POST', sourceIp: '203.0.113.7' } },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

describe('Function: httpRoute (request-log sampling)', () => {
  let lines: string[];

  // The logger has read them; other test files in this worker start from the usual environment.
  afterAll(() => {
    delete process.env['POWERTOOLS_LOG_LEVEL'];
    delete process.env['POWERTOOLS_LOGGER_SAMPLE_RATE'];
  });

  beforeEach(() => {
    lines = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  });

  afterEach(() => vi.restoreAllMocks());

  it('writes no line for a handled request that the sampling left out', async () => {
    // Prepare
    const handler = httpRoute(confirm, confirm.request(), async () => ({
      statusCode: 200,
      body: { status: 'active' as const },
    }));

    // Act
    const first = await handler(event({ accountName: 'ada', code: '123456' }));
    const second = await handler(event({ accountName: 'ada', code: '123456' }));

    // Assess
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(lines.filter((line) => line.includes('request handled'))).toEqual([]);
  });

  it('writes the error line of every failed request, sampled or not', async () => {
    // Prepare
    const handler = httpRoute(confirm, confirm.request(), async () => {
      throw new TypeError('boom');
    });

    // Act
    const result = await handler(event({ accountName: 'ada', code: '123456' }));

    // Assess: one line, the error's name and no message.
    expect(result.statusCode).toBe(500);
    const errors = lines.filter((line) => line.includes('unexpected error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"errorName":"TypeError"');
    expect(errors[0]).not.toContain('boom');
  });
});
