// test/unit/domain/contact: the email-address rule: one form for every address inside the system.
import { describe, expect, it } from 'vitest';
import { normalizeEmail } from '../../../../shared/domain/contact/email.js';

describe('Function: normalizeEmail', () => {
  it.each([
    ['ada@example.com', 'ada@example.com'],
    ['  Ada.Lovelace@Example.COM ', 'ada.lovelace@example.com'],
    ['ＡＤＡ＠ＥＸＡＭＰＬＥ．ＣＯＭ', 'ada@example.com'],
    ['ada+signet@mail.example.co.uk', 'ada+signet@mail.example.co.uk'],
    ["o'brien_1@xn--bcher-kva.example", "o'brien_1@xn--bcher-kva.example"],
    [`${'a'.repeat(64)}@example.com`, `${'a'.repeat(64)}@example.com`],
  ])('normalizes %j to %j', (raw, expected) => {
    // Act
    const email = normalizeEmail(raw);

    // Assess
    expect(email).toBe(expected);
  });

  it.each([
    ['no @', 'ada.example.com'],
    ['two @', 'ada@home@example.com'],
    ['an empty local part', '@example.com'],
    ['a domain without a dot', 'ada@localhost'],
    ['a space inside', 'ada lovelace@example.com'],
    ['a control character', 'ada\u0000@example.com'],
    ['a leading dot', '.ada@example.com'],
    ['a double dot', 'ada..lovelace@example.com'],
    ['a trailing dot in the domain', 'ada@example.com.'],
    ['an empty domain label', 'ada@example..com'],
    ['a hyphen at a label end', 'ada@example-.com'],
    ['an IP-like domain', 'ada@192.168.0.1'],
    ['a quoted local part', '"ada lovelace"@example.com'],
    ['non-ASCII letters', 'adä@example.com'],
    ['a local part over 64', `${'a'.repeat(65)}@example.com`],
    ['a domain label over 63', `ada@${'a'.repeat(64)}.com`],
    [
      'more than 254 characters',
      `ab@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(56)}.com`,
    ],
    ['nothing', ''],
  ])('refuses an address with %s', (_case, raw) => {
    // Act
    const email = normalizeEmail(raw);

    // Assess
    expect(email).toBeUndefined();
  });

  it('accepts exactly 254 characters', () => {
    // Prepare
    const domain = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(55)}.com`;
    const raw = `ab@${domain}`;

    // Act
    const email = normalizeEmail(raw);

    // Assess
    expect(raw).toHaveLength(254);
    expect(email).toBe(raw);
  });

  it('gives a normalized address back unchanged', () => {
    // Prepare
    const once = normalizeEmail(' ＡＤＡ＠Example.COM ');

    // Act
    const twice = normalizeEmail(once ?? '');

    // Assess
    expect(twice).toBe(once);
  });
});
