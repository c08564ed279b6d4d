// test/integration/api: bad input never gets a 5xx, and every error has the documented shape.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, post, strongPassword, uniqueEmail, uniqueName } from '../../helpers/api.js';

const ERROR_CODES = [
  'invalid_request',
  'weak_password',
  'invalid_code',
  'account_name_taken',
  'rate_limited',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'method_not_allowed',
  'delivery_unavailable',
  'sms_unavailable',
];

/** `{error, message, details?}` with a documented code and, when present, field-naming details. */
const expectErrorShape = (body: unknown): void => {
  expect(body).toEqual(expect.objectContaining({ error: expect.any(String), message: expect.any(String) }));
  const { error, details, ...rest } = body as { error: string; details?: unknown };
  expect(ERROR_CODES).toContain(error);
  expect(Object.keys(rest)).toEqual(['message']);
  if (details !== undefined) {
    expect(details).toEqual(expect.arrayContaining([{ field: expect.any(String), issue: expect.any(String) }]));
  }
};

describe('Errors at the edge', () => {
  it('answers 413 payload_too_large above 16 KiB', async () => {
    // Act
    const answer = await post('/v1/registrations', { accountName: 'x'.repeat(17 * 1024) });

    // Assess
    expect(answer.status).toBe(413);
    expect((answer.body as { error: string }).error).toBe('payload_too_large');
  });

  it('answers 415 unsupported_media_type for a body that is not application/json', async () => {
    // Act
    const answer = await call('POST', '/v1/registrations', 'accountName=x', { 'content-type': 'application/x-www-form-urlencoded' });

    // Assess
    expect(answer.status).toBe(415);
    expectErrorShape(answer.body);
  });

  it('answers 400 invalid_request for malformed JSON', async () => {
    // Act
    const answer = await call('POST', '/v1/registrations', '{"accountName": ', { 'content-type': 'application/json' });

    // Assess
    expect(answer.status).toBe(400);
    expect((answer.body as { error: string }).error).toBe('invalid_request');
  });

  it('answers 404 for an unknown route and 405 with Allow for a known route with the wrong method', async () => {
    // Act
    const unknown = await call('GET', '/v1/nothing-here');
    const wrongMethod = await call('GET', '/v1/registrations');

    // Assess
    expect(unknown.status).toBe(404);
    expectErrorShape(unknown.body);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expectErrorShape(wrongMethod.body);
  });

  it('rejects unknown keys anywhere in the body with invalid_request naming them', async () => {
    // Act
    const root = await post('/v1/registrations', {
      accountName: uniqueName(),
      password: strongPassword(),
      email: uniqueEmail(),
      channel: 'email',
      isAdmin: true,
    });
    const nested = await post('/v1/registrations', {
      accountName: uniqueName(),
      password: strongPassword(),
      email: uniqueEmail(),
      channel: 'email',
      preferences: { marketingEmails: true, tracking: true },
    });

    // Assess
    expect(root.status).toBe(400);
    expect(JSON.stringify(root.body)).toContain('isAdmin');
    expect(nested.status).toBe(400);
    expect(JSON.stringify(nested.body)).toContain('tracking');
  });

  it('refuses a phone of a country outside the allowed list, naming the phone field', async () => {
    // Act
    const answer = await post('/v1/registrations', {
      accountName: uniqueName(),
      password: strongPassword(),
      phone: '+81 90-1234-5678',
      channel: 'sms',
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_request', details: [{ field: 'phone', issue: expect.stringContaining('country') }] });
    expect(JSON.stringify(answer.body)).not.toContain('1234');
  });

  it('answers weak_password with the reason for a short, a blocklisted and a name-containing password', async () => {
    // Prepare
    const accountName = uniqueName();
    const base = { accountName, email: uniqueEmail(), channel: 'email' };

    // Act
    const short = await post('/v1/registrations', { ...base, password: 'short pass' });
    const listed = await post('/v1/registrations', { ...base, password: '1QAZ2WSX3EDC4RFV' });
    const named = await post('/v1/registrations', { ...base, password: `my name is ${accountName.toUpperCase()}!` });

    // Assess
    for (const answer of [short, listed, named]) {
      expect(answer.status).toBe(400);
      expect((answer.body as { error: string }).error).toBe('weak_password');
    }
    expect(JSON.stringify(short.body)).not.toContain('short pass');
  });

  it('never answers a 5xx to arbitrary bodies, and every error has the documented shape', async () => {
    const anyJson = fc.jsonValue({ maxDepth: 3 });
    const nearlyValid = fc.record(
      {
        accountName: fc.oneof(fc.string(), fc.constant(uniqueName()), anyJson),
        password: fc.oneof(fc.string(), fc.constant(strongPassword()), anyJson),
        email: fc.oneof(fc.emailAddress(), fc.string(), anyJson),
        phone: fc.oneof(fc.constant('+447700900123'), fc.string(), anyJson),
        channel: fc.oneof(fc.constantFrom('email', 'sms'), fc.string(), anyJson),
        locale: fc.oneof(fc.constantFrom('en', 'zh-CN'), fc.string()),
        preferences: fc.oneof(fc.dictionary(fc.string(), fc.boolean()), anyJson),
        interests: fc.oneof(fc.array(fc.constantFrom('music', 'books', 'nope')), anyJson),
        code: fc.oneof(fc.string(), anyJson),
      },
      { requiredKeys: [] },
    );
    const route = fc.constantFrom('/v1/registrations', '/v1/registrations/confirm', '/v1/registrations/resend');
    await fc.assert(
      fc.asyncProperty(route, fc.oneof(anyJson, nearlyValid), async (path, body) => {
        const answer = await post(path, body);
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) expectErrorShape(answer.body);
      }),
      { numRuns: 120 },
    );
  });

  it('never answers a 5xx to raw, non-JSON bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (raw) => {
        const answer = await call('POST', '/v1/registrations/confirm', raw, { 'content-type': 'application/json' });
        expect(answer.status).toBeLessThan(500);
        expectErrorShape(answer.body);
      }),
      { numRuns: 60 },
    );
  });
});
