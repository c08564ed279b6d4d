// shared/domain/contact: the email-address rule. shared/http/schemas.ts applies it at the edge, so
// every EmailAddress inside the system is in this one form (and blind indexes of it agree).
import type { EmailAddress } from '../types.js';

/** RFC 5321: a forward path holds at most 256 octets including `<>`, so an address at most 254. */
const MAX_EMAIL_LENGTH = 254;
/** RFC 5321 §4.5.3.1.1. */
const MAX_LOCAL_PART_LENGTH = 64;

/** RFC 5322 dot-atom over the (lower-case) atext characters: no leading, trailing or double dots. */
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** An RFC 1035 host label (letters, digits, inner hyphens; 1 to 63 characters). */
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** The last label must hold a letter, which rules out IP-address-like domains (`1.2.3.4`). */
const TOP_LEVEL_LABEL = /[a-z]/;

/**
 * Normalizes and checks an email address: trims surrounding whitespace, applies NFKC (so full-width
 * `ＡＤＡ＠ＥＸＡＭＰＬＥ．ＣＯＭ` is read as `ada@example.com`) and lower-cases. The result is accepted when:
 * - it is at most 254 characters, with exactly one `@`;
 * - the local part is an RFC 5322 dot-atom of at most 64 characters (no quoted strings or comments);
 * - the domain has at least two dot-separated labels, each 1 to 63 of `[a-z0-9-]` not starting or
 *   ending with `-`, and the last label holds a letter (no IP literals).
 * Everything outside printable ASCII (spaces, control characters, non-ASCII local parts, non-punycode
 * international domains) is rejected. Idempotent: a normalized address normalizes to itself.
 *
 * @returns the branded address, or `undefined` when it breaks the rule.
 */
const normalizeEmail = (raw: string): EmailAddress | undefined => {
  const email = raw.trim().normalize('NFKC').toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH) return undefined;
  const parts = email.split('@');
  if (parts.length !== 2) return undefined;
  const [local = '', domain = ''] = parts;
  if (local.length > MAX_LOCAL_PART_LENGTH || !LOCAL_PART.test(local)) return undefined;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return undefined;
  if (!TOP_LEVEL_LABEL.test(labels[labels.length - 1] ?? '')) return undefined;
  return email as EmailAddress;
};

export { MAX_EMAIL_LENGTH, normalizeEmail };
