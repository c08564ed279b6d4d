// shared/client: one request to the API with the retry rules: a POST that meets a network error or a 503 is
// sent again (the same headers, so the same Idempotency-Key) after a doubling back-off, and a 429 is waited
// out for Retry-After when the caller opted in; at most `maxAttempts` sends in all.

/** The part of `fetch` the client uses; the global fetch of browsers, React Native and Node fits. */
type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

interface TransportOptions {
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  readonly sleep: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Sends of one request in all, 1 to 3. */
  readonly maxAttempts: number;
  /** The wait before the second send; it doubles before each further one. */
  readonly retryDelayMs: number;
  /** The longest Retry-After (seconds) a 429 is waited out for; undefined: a 429 is thrown at once. */
  readonly rateLimitMaxWaitSeconds: number | undefined;
}

interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path from the base URL, e.g. `/v1/registrations`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/** A 503 that says retrying will not help soon: SMS is out of budget and the answer says to use email. */
const NOT_WORTH_RETRYING_503 = new Set(['sms_unavailable']);

const errorCodeOf = async (response: Response): Promise<string | undefined> => {
  try {
    const body = (await response.clone().json()) as { error?: unknown } | null;
    return typeof body?.error === 'string' ? body.error : undefined;
  } catch {
    return undefined;
  }
};

/** Lets go of an answer that is not handed on (so that its connection is freed). */
const discard = async (response: Response): Promise<void> => {
  await response.body?.cancel().catch(() => undefined);
};

/** Retry-After in whole seconds when it is a plain number (what Signet and API Gateway send). */
const retryAfterSeconds = (response: Response): number | undefined => {
  const header = response.headers.get('retry-after')?.trim();
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
};

/**
 * Builds the sender of one request.
 *
 * @returns the last answer (any status), or throws the last network error when every send failed.
 */
const createTransport = (options: TransportOptions) => {
  const urlOf = (path: string): string => `${options.baseUrl.replace(/\/+$/, '')}${path}`;
  const backoff = (attempt: number): number => options.retryDelayMs * 2 ** (attempt - 1);

  return async (request: ApiRequest): Promise<Response> => {
    const init: RequestInit = {
      method: request.method,
      headers: { ...request.headers },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    };
    const retriesOnFailure = request.method === 'POST';
    for (let attempt = 1; ; attempt += 1) {
      const last = attempt >= options.maxAttempts;
      let response: Response;
      try {
        response = await options.fetch(urlOf(request.path), init);
      } catch (error) {
        if (last || !retriesOnFailure || request.signal?.aborted === true) throw error;
        await options.sleep(backoff(attempt));
        continue;
      }
      if (last) return response;
      if (response.status === 503 && retriesOnFailure) {
        if (NOT_WORTH_RETRYING_503.has((await errorCodeOf(response)) ?? '')) return response;
        await discard(response);
        await options.sleep(backoff(attempt));
        continue;
      }
      if (response.status === 429 && options.rateLimitMaxWaitSeconds !== undefined) {
        const wait = retryAfterSeconds(response);
        if (wait === undefined || wait > options.rateLimitMaxWaitSeconds) return response;
        await discard(response);
        await options.sleep(wait * 1000);
        continue;
      }
      return response;
    }
  };
};

export { createTransport };
export type { ApiRequest, FetchLike, TransportOptions };
