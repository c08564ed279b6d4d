// shared/domain/password: the list of passwords nobody may choose (NIST SP 800-63B rev 4, 3.1.1.2:
// "commonly-used, expected, or compromised"). The whole common-passwords list of
// @zxcvbn-ts/language-common, compared case-insensitively; loaded once per container, by the functions
// that check new passwords only, from its compact form (hashed-blocklist.ts, common-password-hashes.ts).

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

/**
 * The package's full `passwords-common` list (about 49,000 entries), unabridged: what `npm run passwords`
 * encodes into common-password-hashes.ts. The functions load that compact form instead.
 */
const commonPasswordEntries = async (): Promise<readonly string[]> => {
  const { dictionary } = await import('@zxcvbn-ts/language-common');
  return dictionary['passwords-common'];
};

let common: Promise<PasswordBlocklist> | undefined;

/**
 * The common-passwords blocklist of this container, from the list's compact form, decoded once on the first
 * call. Imported on demand: a dynamic import's module stays unevaluated until called, so a function that
 * never checks a new password (sign-in) never pays for it.
 */
const loadCommonPasswordBlocklist = (): Promise<PasswordBlocklist> => {
  common ??= Promise.all([import('./common-password-hashes.js'), import('./hashed-blocklist.js')]).then(
    ([{ COMMON_PASSWORD_HASHES }, { createHashedPasswordBlocklist }]) => createHashedPasswordBlocklist(COMMON_PASSWORD_HASHES),
  );
  return common;
};

export { blocklistKey, commonPasswordEntries, createPasswordBlocklist, loadCommonPasswordBlocklist };
