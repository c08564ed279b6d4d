// test/unit/domain/contact: the phone-number rule: valid numbers only, always E.164.
import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneRegion } from '../../../../shared/domain/contact/phone.js';
import type { PhoneNumber } from '../../../../shared/domain/types.js';

describe('Function: normalizePhone', () => {
  it.each([
    ['+44 7911 123456', 'GB', '+447911123456'],
    ['07911 123456', 'GB', '+447911123456'],
    ['０７９１１ １２３４５６', 'GB', '+447911123456'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['(201) 555-0123', 'US', '+12015550123'],
    ['+1 201 555 0123', 'GB', '+12015550123'],
    ['+49 1512 3456789', 'GB', '+4915123456789'],
    ['+86 138 0013 8000', 'US', '+8613800138000'],
  ])('reads %j (default region %s) as %s', (raw, region, expected) => {
    // Act
    const phone = normalizePhone(raw, region);

    // Assess
    expect(phone).toBe(expected);
  });

  it.each([
    ['a number too short', '12'],
    ['a number too long', '+4479111234567890'],
    ["the UK's range reserved for drama", '+44 7700 900123'],
    ['an extension', '+44 7911 123456 ext. 5'],
    ['letters', 'call me'],
    ['nothing', ''],
    ['absurd length', `+44${' '.repeat(60)}7911 123456`],
  ])('refuses %s', (_case, raw) => {
    // Act
    const phone = normalizePhone(raw, 'GB');

    // Assess
    expect(phone).toBeUndefined();
  });

  it('still reads international numbers when the default region is unknown', () => {
    // Act
    const international = normalizePhone('+44 7911 123456', 'ZZ');
    const national = normalizePhone('07911 123456', 'ZZ');

    // Assess
    expect(international).toBe('+447911123456');
    expect(national).toBeUndefined();
  });

  it('gives a normalized number back unchanged', () => {
    // Prepare
    const once = normalizePhone('07911 123456', 'GB');

    // Act
    const twice = normalizePhone(once ?? '', 'US');

    // Assess
    expect(twice).toBe(once);
  });
});

describe('Function: phoneRegion', () => {
  it('names the country of a number', () => {
    // Act
    const regions = ['+442079460958', '+12015550123', '+8613800138000'].map((phone) =>
      phoneRegion(phone as PhoneNumber),
    );

    // Assess
    expect(regions).toEqual(['GB', 'US', 'CN']);
  });
});
