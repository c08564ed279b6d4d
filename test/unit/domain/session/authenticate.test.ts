// test/unit/domain/session: authenticate, the gate of every Bearer route: one 401 for every way a token
// or its account can be wrong, and the account for a token of the generation in force.
import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../../../shared/domain/errors.js';
import { authenticate } from '../../../../shared/domain/session/authenticate.js';
import { memoryAccounts, plainTokens, sessionAccount } from '../../../helpers/session-fakes.js';

describe('Function: authenticate', () => {
  it('answers the active account a token of its current generation names', async () => {
    // Prepare
    const account = sessionAccount({ tokenGeneration: 2 });
    const caller = authenticate({ tokens: plainTokens(), accounts: memoryAccounts(account) });

    // Act
    const found = await caller(`Bearer token.${account.accountId}.2`);

    // Assess
    expect(found.accountId).toBe(account.accountId);
    expect(found.tokenGeneration).toBe(2);
  });

  it('answers the client the token was issued to', async () => {
    // Prepare
    const account = sessionAccount({ tokenGeneration: 2 });
    const caller = authenticate({ tokens: plainTokens(), accounts: memoryAccounts(account) });

    // Act
    const found = await caller(`Bearer token.${account.accountId}.2.other-app`);

    // Assess
    expect(found.clientId).toBe('other-app');
  });

  it('accepts the scheme in any case and surrounding spaces', async () => {
    // Prepare
    const account = sessionAccount();
    const caller = authenticate({ tokens: plainTokens(), accounts: memoryAccounts(account) });

    // Act
    const found = await caller(` bearer token.${account.accountId}.0 `);

    // Assess
    expect(found.accountId).toBe(account.accountId);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty header', ''],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a scheme without a token', 'Bearer '],
    ['two tokens', 'Bearer token.acc-1.0 token.acc-1.0'],
    ['a token that does not verify', 'Bearer forged'],
    ['a token of an earlier generation (password changed since)', 'Bearer token.acc-1.0'],
    ['a token of an account that is gone', 'Bearer token.acc-gone.1'],
    ['an absurdly long header', `Bearer ${'a'.repeat(5000)}`],
  ])('answers 401 unauthorized for %s', async (_case, header) => {
    // Prepare
    const caller = authenticate({ tokens: plainTokens(), accounts: memoryAccounts(sessionAccount({ tokenGeneration: 1 })) });

    // Act
    const outcome = caller(header);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(outcome).rejects.toMatchObject({ code: 'unauthorized', statusCode: 401 });
  });

  it('answers 401 for a pending account, even with a valid token', async () => {
    // Prepare
    const account = sessionAccount({ status: 'pending' });
    const caller = authenticate({ tokens: plainTokens(), accounts: memoryAccounts(account) });

    // Act
    const outcome = caller(`Bearer token.${account.accountId}.0`);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
