// shared/client: the one error the client throws for an answer outside 2xx, with the API's documented
// error body ({error, message, details}) and the Retry-After header in seconds.
import type { components } from './openapi-types.js';

/** One field problem of a 400 answer: the field's dotted path and what is wrong with it. */
type SignetErrorDetail = components['schemas']['ErrorDetail'];

interface SignetApiErrorFields {
  readonly status: number;
  readonly error: string;
  readonly message: string;
  readonly details?: readonly SignetErrorDetail[];
  readonly retryAfter?: number;
}

/**
 * An answer of the API outside 2xx.
 *
 * @example
 * try {
 *   await client.register({ accountName: 'ada', password, channel: 'email', email: 'ada@example.com' });
 * } catch (error) {
 *   if (error instanceof SignetApiError && error.error === 'account_name_taken') showNameTaken();
 *   else throw error;
 * }
 */
class SignetApiError extends Error {
  /** The HTTP status, e.g. 400, 401, 429, 503. */
  public readonly status: number;
  /** The API's stable error code, e.g. `invalid_request`, `invalid_grant`, `rate_limited`. */
  public readonly error: string;
  /** The fields at fault (400 `invalid_request`), empty otherwise. */
  public readonly details: readonly SignetErrorDetail[];
  /** Seconds to wait before trying again, from the Retry-After header (429, some 409 and 503 answers). */
  public readonly retryAfter: number | undefined;

  public constructor(fields: SignetApiErrorFields, options?: ErrorOptions) {
    super(fields.message, options);
    this.name = 'SignetApiError';
    this.status = fields.status;
    this.error = fields.error;
    this.details = fields.details ?? [];
    this.retryAfter = fields.retryAfter;
  }

  /** The API's error body again, with the status and Retry-After. */
  public toJSON(): SignetApiErrorFields {
    return {
      status: this.status,
      error: this.error,
      message: this.message,
      details: this.details,
      ...(this.retryAfter === undefined ? {} : { retryAfter: this.retryAfter }),
    };
  }
}

/** Seconds from a Retry-After header: a number of seconds, or an HTTP date measured from `nowMs`. */
const parseRetryAfter = (header: string | null, nowMs: number): number | undefined => {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - nowMs) / 1000));
};

/** The code an error answer without Signet's body gets (API Gateway's own 429 and 503 answers). */
const fallbackCode = (status: number): string =>
  status === 429 ? 'rate_limited' : status === 503 ? 'service_unavailable' : 'http_error';

/** The SignetApiError of an answer outside 2xx, whatever its body holds. */
const apiErrorOf = async (response: Response, nowMs: number): Promise<SignetApiError> => {
  const text = await response.text().catch(() => '');
  let body: Partial<Record<'error' | 'message' | 'details', unknown>> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed;
  } catch {
    // Not JSON (a proxy's page): the status alone speaks.
  }
  return new SignetApiError({
    status: response.status,
    error: typeof body.error === 'string' ? body.error : fallbackCode(response.status),
    message: typeof body.message === 'string' ? body.message : `HTTP ${response.status}`,
    details: Array.isArray(body.details) ? (body.details as SignetErrorDetail[]) : [],
    retryAfter: parseRetryAfter(response.headers.get('retry-after'), nowMs),
  });
};

export { apiErrorOf, parseRetryAfter, SignetApiError };
export type { SignetApiErrorFields, SignetErrorDetail };
