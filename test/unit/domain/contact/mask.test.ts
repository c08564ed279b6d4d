// test/unit/domain/contact: what a user sees of their contact in answers, and what nobody else learns.
import { describe, expect, it } from 'vitest';
import { maskContact } from '../../../../shared/domain/contact/mask.js';
import type { EmailAddress, PhoneNumber } from '../../../../shared/domain/types.js';

const maskEmail = (email: string): string => maskContact({ channel: 'email', email: email as EmailAddress });
const maskPhone = (phone: string): string => maskContact({ channel: 'sms', phone: phone as PhoneNumber });

describe('Function: maskContact', () => {
  describe('email', () => {
    it.each([
      ['john@example.com', 'j***@e***.com'],
      ['john@mail.example.co.uk', 'j***@m***.uk'],
      ['a@b.io', 'a***@b***.io'],
      ['first.last+tag@sub.mail.example.org', 'f***@s***.org'],
      ['élise@exemple.fr', 'é***@e***.fr'],
      ['用户@例子.中国', '用***@例***.中国'],
      ['root@localhost', 'r***@l***'],
    ])('masks %s as %s', (email, masked) => {
      // Act
      const result = maskEmail(email);

      // Assess
      expect(result).toBe(masked);
    });

    it('shows one character of the local part and of the domain, however long they are', () => {
      // Prepare
      const long = `${'q'.repeat(60)}@${'w'.repeat(60)}.example.com`;

      // Act
      const result = maskEmail(long);

      // Assess
      expect(result).toBe('q***@w***.com');
    });

    it('masks two addresses that share their first letters alike, so length leaks nothing', () => {
      // Act
      const short = maskEmail('jo@ex.com');
      const long = maskEmail('jonathan.livingstone@example-corporation.com');

      // Assess
      expect(short).toBe(long);
    });
  });

  describe('phone', () => {
    it.each([
      ['a UK mobile', '+447700900123', '+44 **** ***123'],
      ['a US number', '+12025550123', '+1 **** ***123'],
      ['a CN mobile', '+8613800138000', '+86 ***** ***000'],
      ['a French mobile', '+33612345678', '+33 *** ***678'],
      ['a German mobile', '+4915123456789', '+49 ***** ***789'],
      ['an Irish number (three-digit country code)', '+35312345678', '+353 ** ***678'],
      ['an Italian number with its leading zero', '+390612345678', '+39 **** ***678'],
    ])('masks %s: %s as %s', (_kind, phone, masked) => {
      // Act
      const result = maskPhone(phone);

      // Assess
      expect(result).toBe(masked);
    });

    it('shows no digit of a very short national number', () => {
      // Act
      const result = maskPhone('+6837001');

      // Assess
      expect(result).toBe('+683 * ***');
    });

    it.each(['+447700900123', '+12025550123', '+8613800138000', '+4930123456', '+6837001', '+9999'])(
      'never shows more than three digits of %s beyond its country code',
      (phone) => {
        // Act
        const result = maskPhone(phone);

        // Assess
        const national = result.slice(result.indexOf(' ') + 1);
        expect(national.replace(/\D/g, '').length).toBeLessThanOrEqual(3);
        expect(result.replace(/\D/g, '')).not.toBe(phone.replace(/\D/g, ''));
      },
    );
  });
});
