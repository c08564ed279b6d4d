// test/unit/domain/session: consent to the privacy policy with fakes: only the version in force, appended
// with its time, nothing else about the account changed; a bad token is refused first.
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../../shared/config/settings.js';
import { InvalidRequestError, UnauthorizedError } from '../../../../shared/domain/errors.js';
import { authenticate } from '../../../../shared/domain/session/authenticate.js';
import { recordConsent } from '../../../../shared/domain/session/record-consent.js';
import type { AccountId } from '../../../../shared/domain/types.js';
import { fixedClock } from '../../../helpers/fakes.js';
import { memoryAccounts, plainTokens, sessionAccount } from '../../../helpers/session-fakes.js';

const settings = parseAppSettings({ email: { fromAddress: 'no-reply@signet.local' } });
const request = { authorization: 'Bearer token.acc-1.0' };

const setUp = () => {
  const accounts = memoryAccounts(sessionAccount());
  const tokens = plainTokens();
  const deps = { settings, authenticate: authenticate({ tokens, accounts }), accounts, clock: fixedClock() };
  return { accounts, consent: recordConsent(deps) };
};

describe('Function: recordConsent', () => {
  it('appends the consent to the version in force, with the time, and changes nothing else', async () => {
    // Prepare
    const { consent, accounts } = setUp();
    const before = accounts.accounts.get('acc-1' as AccountId);

    // Act
    const answer = await consent({ policyVersion: settings.privacyPolicyVersion }, request);

    // Assess
    expect(answer).toEqual({ status: 'recorded' });
    const after = accounts.accounts.get('acc-1' as AccountId);
    expect(after?.consent.at(-1)).toEqual({ policyVersion: settings.privacyPolicyVersion, acceptedAt: '2026-11-25T10:00:00.000Z' });
    expect({ ...after, consent: before?.consent }).toEqual(before);
  });

  it('answers 401 unauthorized without a valid token, before looking at the version', async () => {
    // Prepare
    const { consent, accounts } = setUp();
    const before = accounts.accounts.get('acc-1' as AccountId);

    // Act
    const outcome = consent({ policyVersion: '2020-01-01' }, { authorization: 'Bearer token.acc-1.7' });

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(UnauthorizedError);
    expect(accounts.accounts.get('acc-1' as AccountId)).toEqual(before);
  });

  it('answers 400 invalid_request naming policyVersion for any other version', async () => {
    // Prepare
    const { consent } = setUp();

    // Act
    const outcome = consent({ policyVersion: '2020-01-01' }, request);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(outcome).rejects.toMatchObject({ details: [{ field: 'policyVersion', issue: expect.any(String) }] });
  });
});
