// shared/domain/password: the list of passwords nobody may choose (NIST SP 800-63B rev 4, 3.1.1.2:
// "commonly-used, expected, or compromised"). The whole common-passwords list of
// @zxcvbn-ts/language-common, compared case-insensitively; built once per container, on first use.
import { dictionary } from '@zxcvbn-ts/language-common';

/** Passwords that are refused whatever else is true of them. */
export interface PasswordBlocklist {
  /** Whether the password is listed, ignoring case and Unicode compatibility forms (NFKC). */
  has(password: string): boolean;
  /** Number of distinct listed passwords (after normalization). */
  readonly size: number;
}

/** How both sides are compared: NFKC, then lower case. */
const blocklistKey = (password: string): string => password.normalize('NFKC').toLowerCase();

/**
 * A blocklist over `entries`, whose Set is built on the first `has` or `size` and kept.
 *
 * @param entries - called once, on first use.
 */
const createPasswordBlocklist = (entries: () => Iterable<string>): PasswordBlocklist => {
  let keys: ReadonlySet<string> | undefined;
  const load = (): ReadonlySet<string> => {
    if (keys === undefined) {
      const built = new Set<string>();
      for (const entry of entries()) built.add(blocklistKey(entry));
      keys = built;
    }
    return keys;
  };
  return {
    has: (password) => load().has(blocklistKey(password)),
    get size() {
      return load().size;
    },
  };
};

/** The package's full `passwords-common` list (about 49,000 entries), unabridged. */
const commonPasswordEntries = (): readonly string[] => dictionary['passwords-common'];

let common: PasswordBlocklist | undefined;

/** The common-passwords blocklist of this container: one instance, its Set built on first use. */
const zxcvbnBlocklist = (): PasswordBlocklist => {
  common ??= createPasswordBlocklist(commonPasswordEntries);
  return common;
};

export { blocklistKey, commonPasswordEntries, createPasswordBlocklist, zxcvbnBlocklist };
