// test/integration/api: GET /v1/privacy-policy against the local API: the version in force (the one consent
// accepts), when it took effect, public and cacheable; no body, no token needed.
import { describe, expect, it } from 'vitest';
import { parseAppSettings, privacyPolicyEffectiveAt } from '../../../shared/config/settings.js';
import { call, signet } from '../../helpers/api.js';

describe('Route: GET /v1/privacy-policy', () => {
  it("answers the stage's version and when it took effect, cacheable by anyone", async () => {
    // Prepare
    const settings = parseAppSettings(JSON.parse(signet().env.SIGNET_SETTINGS ?? '{}'));

    // Act
    const answer = await call('GET', '/v1/privacy-policy', undefined, {});

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      version: settings.privacyPolicyVersion,
      effectiveAt: privacyPolicyEffectiveAt(settings),
    });
    expect(answer.headers.get('cache-control')).toBe('public, max-age=300');
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('is the version POST /v1/me/consent accepts (the one registrations record)', async () => {
    // Act
    const answer = await call('GET', '/v1/privacy-policy', undefined, {});

    // Assess
    expect((answer.body as { version: string }).version).toBe('2026-11-01');
    expect((answer.body as { effectiveAt: string }).effectiveAt).toBe('2026-11-01T00:00:00.000Z');
  });

  it('answers 405 naming GET to another method', async () => {
    // Act
    const answer = await call('POST', '/v1/privacy-policy', {});

    // Assess
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET');
  });
});
