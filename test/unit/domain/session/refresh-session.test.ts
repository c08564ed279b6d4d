// test/unit/domain/session: refreshSession with fakes: rotation, the grace window and its end, reuse
// detection and the owner's notice, one answer for every bad grant, idle expiry and the hourly limit.
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../../shared/config/settings.js';
import { InvalidGrantError, RateLimitedError } from '../../../../shared/domain/errors.js';
import { refreshSession } from '../../../../shared/domain/session/refresh-session.js';
import { startFamily } from '../../../../shared/domain/session/session-families.js';
import { fakeKeys, fixedClock, recordingCourier, taggingCipher } from '../../../helpers/fakes.js';
import {
  memoryAccounts,
  memorySessions,
  plainRefreshTokens,
  plainTokens,
  sessionAccount,
} from '../../../helpers/session-fakes.js';

const settings = parseAppSettings({ email: { fromAddress: 'no-reply@signet.local' } });

const setUp = async () => {
  const clock = fixedClock();
  const sessions = memorySessions();
  const refreshTokens = plainRefreshTokens();
  const tokens = plainTokens();
  const courier = recordingCourier();
  const accounts = memoryAccounts(sessionAccount({ tokenGeneration: 2 }));
  const first = await startFamily(
    { settings, sessions, refreshTokens, tokens, clock },
    { accountId: sessionAccount().accountId, generation: 2, clientId: 'local-app' },
  );
  const refresh = refreshSession({
    settings,
    refreshTokens,
    sessions,
    accounts,
    tokens,
    courier,
    keys: fakeKeys(),
    cipher: taggingCipher,
    logger: { warn: () => undefined },
    clock,
  });
  return { clock, sessions, courier, first, refresh };
};

describe('Function: refreshSession', () => {
  it('rotates: a new refresh token, an access token of the account generation, the family moved on', async () => {
    // Prepare
    const { first, refresh, sessions, clock } = await setUp();
    clock.advance(60);

    // Act
    const pair = await refresh({ refreshToken: first.refreshToken, clientId: 'local-app' });

    // Assess
    expect(pair.accessToken).toBe('token.acc-1.2');
    expect(pair.refreshToken).not.toBe(first.refreshToken);
    expect(pair.refreshExpiresIn).toBe(30 * 86_400 - 60);
    const [family] = [...sessions.families.values()];
    expect(family).toMatchObject({
      currentHash: `h(${pair.refreshToken})`,
      lastUsedAt: '2026-11-25T10:01:00.000Z',
      window: { count: 1 },
      rotation: { previousHash: `h(${first.refreshToken})`, graceUsed: false },
    });
  });

  it('answers a reuse within the grace window once with the same token; after the window a reuse revokes and tells the owner', async () => {
    // Prepare
    const { first, refresh, courier, clock, sessions } = await setUp();
    const rotated = await refresh({ refreshToken: first.refreshToken, clientId: 'local-app' });

    // Act
    clock.advance(10);
    const retry = await refresh({ refreshToken: first.refreshToken, clientId: 'local-app' });
    const second = refresh({ refreshToken: first.refreshToken, clientId: 'local-app' });

    // Assess
    expect(retry.refreshToken).toBe(rotated.refreshToken);
    await expect(second).rejects.toBeInstanceOf(InvalidGrantError);
    await expect(refresh({ refreshToken: rotated.refreshToken, clientId: 'local-app' })).rejects.toBeInstanceOf(
      InvalidGrantError,
    );
    expect([...sessions.families.values()][0]?.status).toBe('revoked');
    expect(courier.notices).toEqual([[{ channel: 'email', email: 'ada@example.com' }, 'session_revoked', 'en']]);
  });

  it('gives no grace 11 s after the rotation', async () => {
    // Prepare
    const { first, refresh, clock } = await setUp();
    await refresh({ refreshToken: first.refreshToken, clientId: 'local-app' });
    clock.advance(11);

    // Act
    const late = refresh({ refreshToken: first.refreshToken, clientId: 'local-app' });

    // Assess
    await expect(late).rejects.toBeInstanceOf(InvalidGrantError);
  });

  it('answers invalid_grant to another client, an unknown client, a malformed and an unknown token, and after 7 idle days', async () => {
    // Prepare
    const { first, refresh, clock, courier } = await setUp();

    // Act
    const attempts = [
      refresh({ refreshToken: first.refreshToken, clientId: 'another-app' }),
      refresh({ refreshToken: 'short', clientId: 'local-app' }),
      refresh({ refreshToken: 'z'.repeat(43), clientId: 'local-app' }),
    ];
    for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(InvalidGrantError);
    clock.advance(7 * 86_400);
    const idle = refresh({ refreshToken: first.refreshToken, clientId: 'local-app' });

    // Assess
    await expect(idle).rejects.toBeInstanceOf(InvalidGrantError);
    expect(courier.notices).toEqual([]);
  });

  it('answers the 61st refresh in an hour with 429 and the seconds left, and counts again after the hour', async () => {
    // Prepare
    const { first, refresh, clock } = await setUp();
    let token = first.refreshToken;
    for (let i = 0; i < 60; i += 1) token = (await refresh({ refreshToken: token, clientId: 'local-app' })).refreshToken;
    clock.advance(600);

    // Act
    const limited = await refresh({ refreshToken: token, clientId: 'local-app' }).catch((error: unknown) => error);
    clock.advance(3000);
    const later = await refresh({ refreshToken: token, clientId: 'local-app' });

    // Assess
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterSeconds).toBe(3000);
    expect(later.refreshToken).not.toBe(token);
  });
});
