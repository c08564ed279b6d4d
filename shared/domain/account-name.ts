// shared/domain: the account-name rule, in one place. shared/http/schemas.ts applies it at the edge;
// anything else that takes a name from outside (admin tools, tests) normalizes with the same function.
import type { AccountName } from './types.js';

/** What a normalized account name is made of. */
const ACCOUNT_NAME_PATTERN = /^[a-z0-9._-]{3,32}$/;

/** The rule as a client reads it in a validation detail. */
const ACCOUNT_NAME_RULE = 'must be 3 to 32 of a-z 0-9 . _ -';

/**
 * Trims surrounding whitespace, applies NFKC and lower-cases; the result must be 3 to 32 of
 * `[a-z0-9._-]`. Full-width `ＡＤＡ` becomes `ada`. Idempotent: a normalized name normalizes to itself.
 *
 * @returns the branded name, or `undefined` when the input breaks the rule.
 */
const normalizeAccountName = (raw: string): AccountName | undefined => {
  const normalized = raw.trim().normalize('NFKC').toLowerCase();
  return ACCOUNT_NAME_PATTERN.test(normalized) ? (normalized as AccountName) : undefined;
};

export { ACCOUNT_NAME_PATTERN, ACCOUNT_NAME_RULE, normalizeAccountName };
