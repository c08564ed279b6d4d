// test/unit/domain/owner: deleteAccount, with fakes: password check, erasure, legal hold.
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../../shared/config/settings.js';
import {
  InvalidCredentialsError,
  LegalHoldError,
  UnauthorizedError,
} from '../../../../shared/domain/errors.js';
import { deleteAccount } from '../../../../shared/domain/owner/delete-account.js';
import { eraseAccount } from '../../../../shared/domain/privacy/erase-account.js';
import type { AccountId, Password } from '../../../../shared/domain/types.js';
import { fixedClock } from '../../../helpers/fakes.js';
import {
  activeAccount,
  memoryOwnerStore,
  onePasswordCheck,
  stubAuthenticate,
} from '../../../helpers/owner-fakes.js';

const settings = parseAppSettings({ email: { fromAddress: 'no-reply@signet.test' } });
const ID = 'acc-1' as AccountId;
const AUTH = { authorization: 'Bearer token-acc-1', sourceIp: '203.0.113.9' };
const right = 'right password' as Password;

const build = (store = memoryOwnerStore(activeAccount())) => {
  const checkPassword = onePasswordCheck();
  return {
    remove: deleteAccount({
      authenticate: stubAuthenticate,
      store,
      checkPassword,
      erase: eraseAccount({ settings, store, clock: fixedClock() }),
    }),
    store,
    checkPassword,
  };
};

describe('Function: deleteAccount', () => {
  it('erases the account with the right password', async () => {
    // Prepare
    const { remove, store } = build();

    // Act
    const answer = await remove({ currentPassword: right }, AUTH);

    // Assess
    expect(answer).toEqual({ status: 'erased' });
    expect(store.erasures).toEqual([{ accountId: ID, reason: 'owner_request' }]);
  });

  it('answers 401 invalid_credentials to a wrong password, checked with the client IP, and erases nothing', async () => {
    // Prepare
    const { remove, store, checkPassword } = build();

    // Act
    const attempt = remove({ currentPassword: 'wrong password' as Password }, AUTH);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(checkPassword.sourceIps).toEqual(['203.0.113.9']);
    expect(store.accounts.has(ID)).toBe(true);
  });

  it('answers 401 unauthorized without a valid token', async () => {
    // Prepare
    const { remove } = build();

    // Act
    const attempt = remove({ currentPassword: right }, { sourceIp: '203.0.113.9' });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('answers 409 legal_hold under hold, deletes nothing and records the request', async () => {
    // Prepare
    const legalHold = {
      active: true,
      since: '2026-10-01T00:00:00.000Z',
      reason: 'r',
      basis: 'b',
      reference: 'REF',
    };
    const { remove, store } = build(memoryOwnerStore(activeAccount({ legalHold })));

    // Act
    const attempt = remove({ currentPassword: right }, AUTH);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(LegalHoldError);
    expect(store.accounts.get(ID)?.erasureRequested?.reason).toBe('owner_request');
    expect(store.erasures).toEqual([]);
  });
});
