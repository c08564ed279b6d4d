// shared/domain/password: the password rules of NIST SP 800-63B rev 4 (3.1.1.2): a length range
// counted in Unicode code points after NFKC, a blocklist, no account name inside; no composition
// rules, any Unicode accepted (spaces, emoji, CJK). registerAccount checks a password here first.
import type { AppSettings } from '../../config/settings.js';
import { WeakPasswordError } from '../errors.js';
import type { Password } from '../types.js';
import type { PasswordBlocklist } from './blocklist.js';
import type { PasswordPolicy } from './ports.js';

/** NIST SP 800-63B rev 4 never allows a minimum below 8, whatever the configuration says. */
const ABSOLUTE_MIN_LENGTH = 8;

/** The rules, as a client reads them (message and detail of a 400 weak_password; never the password). */
const PASSWORD_REASONS = {
  tooShort: (minLength: number): string => `The password must be at least ${minLength} characters long.`,
  tooLong: (maxLength: number): string => `The password must be at most ${maxLength} characters long.`,
  common: 'The password is too common; choose one that is harder to guess.',
  containsAccountName: 'The password must not contain the account name.',
} as const;

/** Length in Unicode code points, so an emoji or a CJK character counts once. */
const codePoints = (text: string): number => {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
};

/**
 * The password policy.
 * 1. Normalize with NFKC (the form that is checked and hashed).
 * 2. At least `minLength` (default 15) and at most `maxLength` (default 256) code points.
 * 3. Not on the blocklist, in any case.
 * 4. Does not contain the account name, in any case.
 */
const createPasswordPolicy = (
  settings: AppSettings['password'],
  blocklist: PasswordBlocklist,
): PasswordPolicy => {
  const { minLength, maxLength } = settings;
  if (!Number.isInteger(minLength) || minLength < ABSOLUTE_MIN_LENGTH || maxLength < minLength) {
    throw new Error(
      `Invalid password settings: minLength must be at least ${ABSOLUTE_MIN_LENGTH} and at most maxLength`,
    );
  }
  return {
    check: (password, accountName) => {
      const normalized = password.normalize('NFKC');
      const length = codePoints(normalized);
      if (length < minLength) throw new WeakPasswordError(PASSWORD_REASONS.tooShort(minLength));
      if (length > maxLength) throw new WeakPasswordError(PASSWORD_REASONS.tooLong(maxLength));
      if (blocklist.has(normalized)) throw new WeakPasswordError(PASSWORD_REASONS.common);
      const name = accountName.normalize('NFKC').toLowerCase();
      if (name.length > 0 && normalized.toLowerCase().includes(name)) {
        throw new WeakPasswordError(PASSWORD_REASONS.containsAccountName);
      }
      return normalized as Password;
    },
  };
};

export { ABSOLUTE_MIN_LENGTH, codePoints, createPasswordPolicy, PASSWORD_REASONS };
