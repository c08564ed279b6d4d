// shared/page: the page's one door to the API, the typed client (shared/client) on the page's own origin.
// The access token stays in memory; the refresh token is kept in sessionStorage (this tab only, gone when the
// tab closes) so that a reload keeps the person signed in: README, "Try it in a browser", says why.
import {
  createSignetClient,
  SignetApiError,
  type TokenRecord,
  type TokenStorage,
} from '../../client/index.js';

/** The part of a session that survives a reload: never the access token. */
const SESSION_KEY = 'signet.session';

interface KeptSession {
  readonly refreshToken: string;
  readonly refreshExpiresAt: number;
}

/**
 * The access token in a variable, the refresh token in sessionStorage. After a reload the record comes back
 * with an access token that has already expired, so the client refreshes before its first Bearer call.
 */
const pageStorage = (store: Storage | undefined): TokenStorage => {
  let access: Pick<TokenRecord, 'accessToken' | 'accessExpiresAt'> | undefined;
  const read = (): KeptSession | undefined => {
    try {
      const raw = store?.getItem(SESSION_KEY);
      if (raw === null || raw === undefined) return undefined;
      const kept = JSON.parse(raw) as Partial<KeptSession>;
      return typeof kept.refreshToken === 'string' && typeof kept.refreshExpiresAt === 'number'
        ? { refreshToken: kept.refreshToken, refreshExpiresAt: kept.refreshExpiresAt }
        : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    get: () => {
      const kept = read();
      if (kept === undefined || kept.refreshExpiresAt * 1000 <= Date.now()) return undefined;
      return {
        ...kept,
        accessToken: access?.accessToken ?? '',
        accessExpiresAt: access?.accessExpiresAt ?? 0,
      };
    },
    set: (record) => {
      access = { accessToken: record.accessToken, accessExpiresAt: record.accessExpiresAt };
      const kept: KeptSession = {
        refreshToken: record.refreshToken,
        refreshExpiresAt: record.refreshExpiresAt,
      };
      try {
        store?.setItem(SESSION_KEY, JSON.stringify(kept));
      } catch {
        // Storage refused (private mode, quota): the session lasts as long as the page.
      }
    },
    remove: () => {
      access = undefined;
      try {
        store?.removeItem(SESSION_KEY);
      } catch {
        // Nothing was kept.
      }
    },
  };
};

/** The client id the page signs in as: the `signet-client-id` meta tag the build writes. */
const pageClientId = (): string =>
  document.querySelector<HTMLMetaElement>('meta[name="signet-client-id"]')?.content ?? 'local-app';

const sessionStore = (): Storage | undefined => {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
};

/** The page's client: the API at the page's own origin. */
const createPageApi = () => {
  const storage = pageStorage(sessionStore());
  const client = createSignetClient({ baseUrl: window.location.origin, clientId: pageClientId(), storage });
  return {
    ...client,
    /** GET /v1/privacy-policy: the version in force and when it took effect. */
    privacyPolicy: () => client.privacyPolicy(),
    /** Whether a session is kept (a refresh token that has not expired). */
    hasSession: async (): Promise<boolean> => (await storage.get()) !== undefined,
  };
};

type PageApi = ReturnType<typeof createPageApi>;
type ApiError = SignetApiError;

const isApiError = (error: unknown): error is ApiError => error instanceof SignetApiError;

export { createPageApi, isApiError, pageStorage };
export type { ApiError, PageApi };
