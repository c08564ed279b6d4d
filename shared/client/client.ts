// shared/client: createSignetClient, one method per operation of the public API. It keeps the caller's
// tokens in the storage it is given, refreshes them once when needed (one refresh at a time, shared by every
// call waiting for it), sends an Idempotency-Key where the API takes one, and retries as transport.ts says.
import { apiErrorOf, SignetApiError } from './errors.js';
import type { operations } from './openapi-types.js';
import { memoryStorage, type TokenRecord, type TokenStorage } from './storage.js';
import { tokenRecordOf } from './tokens.js';
import { createTransport, type ApiRequest, type FetchLike } from './transport.js';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type OperationId = keyof operations;

/** The JSON request body of an operation. */
type BodyOf<K extends OperationId> = operations[K] extends { requestBody?: infer Request }
  ? JsonOf<NonNullable<Request>>
  : never;

/** The JSON body of an operation's success answer. */
type ResultOf<K extends OperationId> = JsonOf<
  operations[K]['responses'][Extract<keyof operations[K]['responses'], 200 | 201 | 202>]
>;

interface CallOptions {
  /** Cancels the call; an aborted send is not retried. */
  readonly signal?: AbortSignal;
}

interface IdempotentCallOptions extends CallOptions {
  /**
   * The Idempotency-Key of this call (1 to 255 visible ASCII characters); by default a random UUID made once
   * per call, so each retry of the call carries the same key. Pass your own to carry it across app restarts.
   */
  readonly idempotencyKey?: string;
}

interface SignetClientOptions {
  /** The API's base URL, e.g. `https://api.signet.example` or `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  /** This app's client id (the tokens' `aud`), sent with sign-in and refresh. */
  readonly clientId: string;
  /** Where the tokens live; memory by default. */
  readonly storage?: TokenStorage;
  /** The fetch to send with; the global one by default. */
  readonly fetch?: FetchLike;
  /** How to wait between sends; setTimeout by default. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The clock, in milliseconds since the epoch; Date.now by default. */
  readonly now?: () => number;
  /** Makes the default Idempotency-Keys; globalThis.crypto.randomUUID by default. */
  readonly randomUUID?: () => string;
  /** Sends of one call in all on a network error or 503 (POST only), 1 to 3; 3 by default. */
  readonly maxAttempts?: number;
  /** The wait before the first retry, doubled before the next; 250 ms by default. */
  readonly retryDelayMs?: number;
  /**
   * Wait out a 429 for its Retry-After and send again (within maxAttempts) instead of throwing at once.
   * `true` waits up to 30 s; `{maxSeconds}` sets that cap (a longer Retry-After is thrown at once). Off by default.
   */
  readonly waitOnRateLimit?: boolean | { readonly maxSeconds: number };
  /** Refresh this many seconds before the access token's `exp`; 30 by default. */
  readonly refreshLeewaySeconds?: number;
}

/** A refresh's answer and the record kept from it. */
interface Refreshed {
  readonly record: TokenRecord;
  readonly pair: ResultOf<'refreshSession'>;
}

/** Answer of signOut when the client holds no session: nothing to revoke. */
const SIGNED_OUT = { status: 'signed_out' } as const;
const DEFAULT_RATE_LIMIT_WAIT_SECONDS = 30;
const MAX_ATTEMPTS = 3;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const defaultRandomUUID = (): string => {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof crypto?.randomUUID !== 'function') {
    throw new Error(
      'globalThis.crypto.randomUUID is missing: pass randomUUID or an idempotencyKey to the client',
    );
  }
  return crypto.randomUUID();
};

const rateLimitCap = (option: SignetClientOptions['waitOnRateLimit']): number | undefined => {
  if (option === undefined || option === false) return undefined;
  return option === true ? DEFAULT_RATE_LIMIT_WAIT_SECONDS : option.maxSeconds;
};

/**
 * A client for the Signet API.
 *
 * @example
 * const signet = createSignetClient({ baseUrl: 'http://127.0.0.1:3000', clientId: 'local-app' });
 * await signet.register({ accountName: 'ada', password, channel: 'email', email: 'ada@example.com' });
 * await signet.confirm({ accountName: 'ada', code });
 * await signet.signIn({ accountName: 'ada', password });
 * const mine = await signet.me();
 */
const createSignetClient = (options: SignetClientOptions) => {
  const storage = options.storage ?? memoryStorage();
  const now = options.now ?? Date.now;
  const randomUUID = options.randomUUID ?? defaultRandomUUID;
  const leewaySeconds = options.refreshLeewaySeconds ?? 30;
  const send = createTransport({
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    sleep: options.sleep ?? defaultSleep,
    now,
    maxAttempts: Math.min(MAX_ATTEMPTS, Math.max(1, Math.trunc(options.maxAttempts ?? MAX_ATTEMPTS))),
    retryDelayMs: options.retryDelayMs ?? 250,
    rateLimitMaxWaitSeconds: rateLimitCap(options.waitOnRateLimit),
  });

  /** The parsed success body, or the SignetApiError of any other answer. */
  const resultOf = async <T>(response: Response): Promise<T> => {
    if (!response.ok) throw await apiErrorOf(response, now());
    return (await response.json()) as T;
  };

  const request = (
    method: ApiRequest['method'],
    path: string,
    body: unknown,
    call: CallOptions & { idempotencyKey?: string; accessToken?: string },
  ): Promise<Response> =>
    send({
      method,
      path,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(call.accessToken === undefined ? {} : { authorization: `Bearer ${call.accessToken}` }),
        ...(call.idempotencyKey === undefined ? {} : { 'idempotency-key': call.idempotencyKey }),
      },
      body,
      ...(call.signal === undefined ? {} : { signal: call.signal }),
      ...(call.idempotencyKey === undefined ? {} : { freshIdempotencyKey: randomUUID }),
    });

  /** A route without a bearer token. */
  const open = async <T>(
    method: ApiRequest['method'],
    path: string,
    body: unknown,
    call: CallOptions & { idempotencyKey?: string } = {},
  ): Promise<T> => resultOf<T>(await request(method, path, body, call));

  /** The one refresh in flight, shared by every call that needs new tokens meanwhile. */
  let refreshing: Promise<Refreshed> | undefined;

  const runRefresh = async (): Promise<Refreshed> => {
    const held = await storage.get();
    if (held === undefined) {
      throw new SignetApiError({
        status: 401,
        error: 'invalid_grant',
        message: 'No session to refresh: sign in.',
      });
    }
    const response = await request(
      'POST',
      '/v1/sessions/refresh',
      {
        refreshToken: held.refreshToken,
        clientId: options.clientId,
      },
      {},
    );
    try {
      const pair = await resultOf<ResultOf<'refreshSession'>>(response);
      const record = tokenRecordOf(pair, now());
      await storage.set(record);
      return { record, pair };
    } catch (error) {
      if (error instanceof SignetApiError && error.error === 'invalid_grant') await storage.remove();
      throw error;
    }
  };

  /** New tokens, from the refresh in flight if there is one. */
  const refreshShared = (): Promise<Refreshed> => {
    refreshing ??= runRefresh().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  };

  const expiresSoon = (record: TokenRecord): boolean =>
    record.accessExpiresAt - leewaySeconds <= Math.floor(now() / 1000);

  /**
   * Tokens newer than `used` (the ones a call was refused with, or found about to expire): those another call
   * has refreshed to meanwhile, else the shared refresh's.
   */
  const newerThan = async (used: TokenRecord): Promise<TokenRecord> => {
    if (refreshing !== undefined) return (await refreshing).record;
    const held = await storage.get();
    if (held !== undefined && held.accessToken !== used.accessToken && !expiresSoon(held)) return held;
    return (await refreshShared()).record;
  };

  /** A Bearer route: refreshes first when the token is about to expire, and once more on a 401 `unauthorized`. */
  const bearer = async <T>(
    method: ApiRequest['method'],
    path: string,
    body: unknown,
    call: CallOptions & { idempotencyKey?: string } = {},
  ): Promise<T> => {
    let tokens = refreshing === undefined ? await storage.get() : (await refreshing).record;
    if (tokens !== undefined && expiresSoon(tokens)) tokens = await newerThan(tokens);
    const first = await request(method, path, body, { ...call, accessToken: tokens?.accessToken });
    if (first.status !== 401 || tokens === undefined) return resultOf<T>(first);
    const refused = await apiErrorOf(first, now());
    if (refused.error !== 'unauthorized') throw refused;
    const renewed = await newerThan(tokens);
    return resultOf<T>(await request(method, path, body, { ...call, accessToken: renewed.accessToken }));
  };

  const keyOf = (call: IdempotentCallOptions): IdempotentCallOptions & { idempotencyKey: string } => ({
    ...call,
    idempotencyKey: call.idempotencyKey ?? randomUUID(),
  });

  const keepTokens = async <T extends ResultOf<'signIn'> | ResultOf<'changePassword'>>(
    answer: T,
  ): Promise<T> => {
    await storage.set(tokenRecordOf(answer, now()));
    return answer;
  };

  /** POST /v1/registrations: creates a pending account and sends a code. */
  const register = (body: BodyOf<'register'>, call: IdempotentCallOptions = {}) =>
    open<ResultOf<'register'>>('POST', '/v1/registrations', body, keyOf(call));

  /** POST /v1/registrations/confirm: activates the account with the code. */
  const confirm = (body: BodyOf<'confirmRegistration'>, call: IdempotentCallOptions = {}) =>
    open<ResultOf<'confirmRegistration'>>('POST', '/v1/registrations/confirm', body, keyOf(call));

  /** POST /v1/registrations/resend: sends a new code to a pending account. */
  const resend = (body: BodyOf<'resendCode'>, call: IdempotentCallOptions = {}) =>
    open<ResultOf<'resendCode'>>('POST', '/v1/registrations/resend', body, keyOf(call));

  /** POST /v1/sessions: signs in for this client id and keeps the tokens in storage. */
  const signIn = async (body: Omit<BodyOf<'signIn'>, 'clientId'>, call: CallOptions = {}) =>
    keepTokens(
      await open<ResultOf<'signIn'>>('POST', '/v1/sessions', { ...body, clientId: options.clientId }, call),
    );

  /** POST /v1/sessions/refresh: trades the stored refresh token for new tokens (dropped on invalid_grant). */
  const refresh = async (): Promise<ResultOf<'refreshSession'>> => (await refreshShared()).pair;

  /** POST /v1/sessions/logout: ends the stored session on the server and drops both tokens, whatever happens. */
  const signOut = async (call: CallOptions = {}): Promise<ResultOf<'signOut'>> => {
    const held = await storage.get();
    if (held === undefined) return SIGNED_OUT;
    try {
      return await open<ResultOf<'signOut'>>(
        'POST',
        '/v1/sessions/logout',
        { refreshToken: held.refreshToken },
        call,
      );
    } catch (error) {
      if (error instanceof SignetApiError && error.error === 'invalid_grant') return SIGNED_OUT;
      throw error;
    } finally {
      await storage.remove();
    }
  };

  /** GET /v1/me: everything Signet holds about the signed-in account. */
  const me = (call: CallOptions = {}) => bearer<ResultOf<'exportAccount'>>('GET', '/v1/me', undefined, call);

  /** PATCH /v1/me: changes locale, preferences or interests. */
  const updateMe = (body: BodyOf<'updateProfile'>, call: CallOptions = {}) =>
    bearer<ResultOf<'updateProfile'>>('PATCH', '/v1/me', body, call);

  /** POST /v1/me/password: every other session ends; the new tokens answered are kept. */
  const changePassword = async (body: BodyOf<'changePassword'>, call: CallOptions = {}) =>
    keepTokens(await bearer<ResultOf<'changePassword'>>('POST', '/v1/me/password', body, call));

  /** POST /v1/password-resets: sends a reset code; keep the answer's resetId for the confirm. */
  const requestPasswordReset = (body: BodyOf<'requestPasswordReset'>, call: IdempotentCallOptions = {}) =>
    open<ResultOf<'requestPasswordReset'>>('POST', '/v1/password-resets', body, keyOf(call));

  /** POST /v1/password-resets/confirm: sets a new password with the reset code. */
  const confirmPasswordReset = (body: BodyOf<'confirmPasswordReset'>, call: IdempotentCallOptions = {}) =>
    open<ResultOf<'confirmPasswordReset'>>('POST', '/v1/password-resets/confirm', body, keyOf(call));

  /** POST /v1/me/contact: sends a code to a new email or phone. */
  const changeContact = (body: BodyOf<'requestContactChange'>, call: IdempotentCallOptions = {}) =>
    bearer<ResultOf<'requestContactChange'>>('POST', '/v1/me/contact', body, keyOf(call));

  /** POST /v1/me/contact/confirm: switches to the new contact with its code. */
  const confirmContact = (body: BodyOf<'confirmContactChange'>, call: IdempotentCallOptions = {}) =>
    bearer<ResultOf<'confirmContactChange'>>('POST', '/v1/me/contact/confirm', body, keyOf(call));

  /** POST /v1/me/consent: consents to the privacy policy version in force. */
  const recordConsent = (body: BodyOf<'recordConsent'>, call: CallOptions = {}) =>
    bearer<ResultOf<'recordConsent'>>('POST', '/v1/me/consent', body, call);

  /** DELETE /v1/me: erases the account; the tokens are dropped once it answers. */
  const eraseAccount = async (body: BodyOf<'eraseAccount'>, call: CallOptions = {}) => {
    const answer = await bearer<ResultOf<'eraseAccount'>>('DELETE', '/v1/me', body, call);
    await storage.remove();
    return answer;
  };

  /** POST /v1/me/sessions/revoke-all: signs out everywhere, this client included. */
  const revokeAllSessions = async (call: CallOptions = {}) => {
    const answer = await bearer<ResultOf<'signOutEverywhere'>>(
      'POST',
      '/v1/me/sessions/revoke-all',
      {},
      call,
    );
    await storage.remove();
    return answer;
  };

  /** GET /v1/privacy-policy: the version of the privacy policy in force and when it took effect (public). */
  const privacyPolicy = (call: CallOptions = {}) =>
    open<ResultOf<'getPrivacyPolicy'>>('GET', '/v1/privacy-policy', undefined, call);

  return {
    register,
    confirm,
    resend,
    signIn,
    refresh,
    signOut,
    me,
    updateMe,
    changePassword,
    requestPasswordReset,
    confirmPasswordReset,
    changeContact,
    confirmContact,
    recordConsent,
    eraseAccount,
    revokeAllSessions,
    privacyPolicy,
  };
};

/** What createSignetClient returns. */
type SignetClient = ReturnType<typeof createSignetClient>;

export { createSignetClient };
export type { BodyOf, CallOptions, IdempotentCallOptions, ResultOf, SignetClient, SignetClientOptions };
