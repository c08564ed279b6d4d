// shared/domain/password: the list of passwords nobody may choose (NIST SP 800-63B rev 4, 3.1.1.2:
// "commonly-used, expected, or compromised"). The whole common-passwords list of
// @zxcvbn-ts/language-common, compared case-insensitively; loaded once per container, by the functions
// that check new passwords only.

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
 * The package's full `passwords-common` list (about 49,000 entries), unabridged. Imported on demand:
 * the package decompresses the list when its module is evaluated, and the bundler keeps a dynamic
 * import's module unevaluated until it is called, so a function that never checks a new password
 * (sign-in) never pays for it.
 */
const commonPasswordEntries = async (): Promise<readonly string[]> => {
  const { dictionary } = await import('@zxcvbn-ts/language-common');
  return dictionary['passwords-common'];
};

let common: Promise<PasswordBlocklist> | undefined;

/** The common-passwords blocklist of this container: loaded and its Set built once, on the first call. */
const loadCommonPasswordBlocklist = (): Promise<PasswordBlocklist> => {
  common ??= commonPasswordEntries().then((entries) => {
    const blocklist = createPasswordBlocklist(() => entries);
    void blocklist.size;
    return blocklist;
  });
  return common;
};

export { blocklistKey, commonPasswordEntries, createPasswordBlocklist, loadCommonPasswordBlocklist };
