// test/unit/config: the privacy policy's effective time, set or derived from a dated version.
import { describe, expect, it } from 'vitest';
import { parseAppSettings, privacyPolicyEffectiveAt } from '../../../shared/config/settings.js';

const email = { fromAddress: 'no-reply@signet.local' };

describe('Function: privacyPolicyEffectiveAt', () => {
  it('derives 00:00 UTC of the day a dated version names', () => {
    // Prepare
    const settings = parseAppSettings({ email, privacyPolicyVersion: '2027-03-15' });

    // Act
    const effectiveAt = privacyPolicyEffectiveAt(settings);

    // Assess
    expect(effectiveAt).toBe('2027-03-15T00:00:00.000Z');
  });

  it('prefers the setting when one is given', () => {
    // Prepare
    const settings = parseAppSettings({
      email,
      privacyPolicyVersion: 'v7',
      privacyPolicyEffectiveAt: '2027-01-02T09:30:00Z',
    });

    // Act
    const effectiveAt = privacyPolicyEffectiveAt(settings);

    // Assess
    expect(effectiveAt).toBe('2027-01-02T09:30:00Z');
  });

  it.each(['v7', '2027-13-40'])(
    'refuses a version that is no date (%s) without privacyPolicyEffectiveAt',
    (version) => {
      // Act
      const parse = () => parseAppSettings({ email, privacyPolicyVersion: version });

      // Assess
      expect(parse).toThrow(/privacyPolicyEffectiveAt/);
    },
  );
});
