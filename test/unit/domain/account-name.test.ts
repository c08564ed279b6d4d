// test/unit/domain: the account-name rule every name from outside goes through.
import { describe, expect, it } from 'vitest';
import { normalizeAccountName } from '../../../shared/domain/account-name.js';

describe('Function: normalizeAccountName', () => {
  it.each([
    ['ada', 'ada'],
    ['  Ada.Lovelace\t', 'ada.lovelace'],
    ['ＡＤＡ＿ｌｏｖｅｌａｃｅ', 'ada_lovelace'],
    ['\u3000ada-1815\u3000', 'ada-1815'],
    ['\u212Aelvin', 'kelvin'],
    ['a'.repeat(32), 'a'.repeat(32)],
  ])('normalizes %j to %j', (raw, expected) => {
    // Act
    const name = normalizeAccountName(raw);

    // Assess
    expect(name).toBe(expected);
  });

  it.each([
    ['too short', 'ab'],
    ['too long', 'a'.repeat(33)],
    ['a space inside', 'ada lovelace'],
    ['punctuation outside the set', 'ada!'],
    ['non-Latin letters', 'аda'],
    ['an emoji', 'ada😀'],
    ['only whitespace', '   '],
  ])('refuses a name with %s', (_case, raw) => {
    // Act
    const name = normalizeAccountName(raw);

    // Assess
    expect(name).toBeUndefined();
  });

  it('gives a normalized name back unchanged', () => {
    // Prepare
    const once = normalizeAccountName(' ＡＤＡ.Lovelace ');

    // Act
    const twice = normalizeAccountName(once ?? '');

    // Assess
    expect(twice).toBe(once);
  });
});
