// test/unit/domain/password: the NIST SP 800-63B rev 4 rules a new password must meet, and their reasons.
import { describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../../../shared/config/settings.js';
import { WeakPasswordError } from '../../../../shared/domain/errors.js';
import { createPasswordBlocklist, loadCommonPasswordBlocklist } from '../../../../shared/domain/password/blocklist.js';
import {
  createPasswordPolicy,
  PASSWORD_REASONS,
} from '../../../../shared/domain/password/password-policy.js';

const settings = parseAppSettings({ email: { fromAddress: 'no-reply@signet.test' } }).password;
const common = await loadCommonPasswordBlocklist();
const policy = createPasswordPolicy(settings, common);

/** The WeakPasswordError a check throws, or a failure when it throws none. */
const rejection = (password: string, accountName = 'ada.lovelace'): WeakPasswordError => {
  try {
    policy.check(password, accountName);
  } catch (error) {
    if (error instanceof WeakPasswordError) return error;
    throw error;
  }
  throw new Error('Expected the password to be refused');
};

describe('Function: createPasswordPolicy', () => {
  describe('Method: check', () => {
    it('uses the NIST defaults: at least 15 and at most 256 characters', () => {
      // Assess
      expect(settings).toEqual({ minLength: 15, maxLength: 256 });
    });

    it('counts code points, so 15 emoji are long enough and 14 are not', () => {
      // Prepare
      const fifteen = '😀'.repeat(15);
      const fourteen = '😀'.repeat(14);

      // Act
      const accepted = policy.check(fifteen, 'ada.lovelace');
      const refused = rejection(fourteen);

      // Assess
      expect(fourteen).toHaveLength(28);
      expect(accepted).toBe(fifteen);
      expect(refused.message).toBe(PASSWORD_REASONS.tooShort(15));
    });

    it('accepts 256 characters and refuses 257', () => {
      // Prepare
      const longest = 'correct horse '.repeat(19).slice(0, 256);
      const tooLong = `${longest}x`;

      // Act
      const accepted = policy.check(longest, 'ada.lovelace');
      const refused = rejection(tooLong);

      // Assess
      expect([...accepted]).toHaveLength(256);
      expect(refused.message).toBe(PASSWORD_REASONS.tooLong(256));
    });

    it('counts after NFKC: combining sequences that compose count once', () => {
      // Prepare: "e" + combining acute is 2 code points, "é" after NFKC.
      const composesToEight = 'e\u0301'.repeat(8);
      const composesToFifteen = 'e\u0301'.repeat(15);

      // Act
      const refused = rejection(composesToEight);
      const accepted = policy.check(composesToFifteen, 'ada.lovelace');

      // Assess
      expect([...composesToEight]).toHaveLength(16);
      expect(refused.message).toBe(PASSWORD_REASONS.tooShort(15));
      expect(accepted).toBe('é'.repeat(15));
    });

    it('counts after NFKC: a raw 257 that normalizes to 256 is accepted', () => {
      // Prepare
      const password = `${'a'.repeat(255)}e\u0301`;

      // Act
      const accepted = policy.check(password, 'ada.lovelace');

      // Assess
      expect([...password]).toHaveLength(257);
      expect([...accepted]).toHaveLength(256);
    });

    it('counts after NFKC: compatibility characters that expand count in full', () => {
      // Prepare: U+337F (square "株式会社") is four characters after NFKC.
      const password = '\u337F'.repeat(4);

      // Act
      const accepted = policy.check(password, 'ada.lovelace');

      // Assess
      expect(accepted).toBe('株式会社'.repeat(4));
    });

    it.each([
      ['spaces and punctuation', 'tulip orbit, canvas lantern'],
      ['CJK', '我的密码是一句很长很长的中文句子'],
      ['emoji and letters', 'sunrise 🌅 over the bay 🌊'],
      ['only lower-case letters', 'ofnocompositionrules'],
    ])('accepts any Unicode without composition rules: %s', (_case, password) => {
      // Act
      const accepted = policy.check(password, 'ada.lovelace');

      // Assess
      expect(accepted).toBe(password.normalize('NFKC'));
    });

    it('returns the NFKC form, the one that is hashed', () => {
      // Act
      const accepted = policy.check('ｆｕｌｌ ｗｉｄｔｈ ｐａｓｓｐｈｒａｓｅ', 'ada.lovelace');

      // Assess
      expect(accepted).toBe('full width passphrase');
    });

    it.each([
      'passwordpassword',
      'PasswordPassword',
      'PASSWORDPASSWORD',
      'ｐａｓｓｗｏｒｄｐａｓｓｗｏｒｄ',
      '1qaz2wsx3edc4rfv',
    ])('refuses the common password %j in any case or width', (password) => {
      // Act
      const refused = rejection(password);

      // Assess
      expect(refused.message).toBe(PASSWORD_REASONS.common);
    });

    it('refuses common passwords at a shorter configured minimum', () => {
      // Prepare
      const shorter = createPasswordPolicy({ minLength: 8, maxLength: 64 }, common);

      // Act
      const check = () => shorter.check('Password1', 'ada.lovelace');

      // Assess
      expect(check).toThrow(new WeakPasswordError(PASSWORD_REASONS.common));
    });

    it.each([
      ['the name itself', 'my name is ada.lovelace, hello'],
      ['the name in upper case', 'ADA.LOVELACE writes programs'],
      ['the name in full width', 'ｉ ａｍ ａｄａ．ｌｏｖｅｌａｃｅ ｔｏｄａｙ'],
    ])('refuses a password containing %s', (_case, password) => {
      // Act
      const refused = rejection(password);

      // Assess
      expect(refused.message).toBe(PASSWORD_REASONS.containsAccountName);
    });

    it('answers 400 weak_password naming the password field, never the password', () => {
      // Prepare
      const password = 'ada.lovelace and more words';

      // Act
      const refused = rejection(password);

      // Assess
      expect(refused.code).toBe('weak_password');
      expect(refused.statusCode).toBe(400);
      expect(refused.toJSON()).toEqual({
        error: 'weak_password',
        message: PASSWORD_REASONS.containsAccountName,
        details: [{ field: 'password', issue: PASSWORD_REASONS.containsAccountName }],
      });
      expect(JSON.stringify(refused.toJSON())).not.toContain(password);
    });

    it('checks the blocklist it is given', () => {
      // Prepare
      const own = createPasswordPolicy(
        settings,
        createPasswordBlocklist(() => ['Tulip Orbit Canvas Lantern']),
      );

      // Act
      const check = () => own.check('tulip orbit canvas lantern', 'ada.lovelace');

      // Assess
      expect(check).toThrow(PASSWORD_REASONS.common);
    });
  });

  it.each([[{ minLength: 7, maxLength: 64 }], [{ minLength: 65, maxLength: 64 }]])(
    'refuses settings below the NIST floor or inverted: %j',
    (bad) => {
      // Act
      const create = () => createPasswordPolicy(bad, common);

      // Assess
      expect(create).toThrow(/Invalid password settings/);
    },
  );
});
