// shared/client: where the client keeps the caller's tokens. Any small key-value store fits (memory, a
// browser's sessionStorage, React Native's secure store): get, set and remove one record, sync or async.

/** The tokens of one signed-in session. */
interface TokenRecord {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When the access token expires by this client's clock, in seconds since the epoch (its `exp` - `iat` from receipt). */
  readonly accessExpiresAt: number;
  /** When the session ends at the latest by this client's clock, in seconds since the epoch. */
  readonly refreshExpiresAt: number;
}

/** Keeps one token record; each method may answer at once or with a promise. */
interface TokenStorage {
  get(): TokenRecord | undefined | Promise<TokenRecord | undefined>;
  set(record: TokenRecord): void | Promise<void>;
  remove(): void | Promise<void>;
}

/**
 * The default storage: the tokens live as long as the client object (a page reload signs out).
 *
 * @example
 * const client = createSignetClient({ baseUrl, clientId: 'my-app', storage: memoryStorage() });
 */
const memoryStorage = (): TokenStorage => {
  let record: TokenRecord | undefined;
  return {
    get: () => record,
    set: (next) => {
      record = next;
    },
    remove: () => {
      record = undefined;
    },
  };
};

export { memoryStorage };
export type { TokenRecord, TokenStorage };
