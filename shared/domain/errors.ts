// shared/domain: the errors a client can see. Each carries its stable API code and HTTP status;
// shared/http/route.ts maps them to responses in one place. Messages never hold personal data.

export interface ErrorDetail {
  /** Dotted path of the offending field, e.g. `preferences.marketingEmails`. */
  readonly field: string;
  /** What is wrong with it; never the value itself. */
  readonly issue: string;
}

/** Base class of every error a client may see. */
export class SignetError extends Error {
  public readonly code: string;
  public readonly statusCode: number;
  public readonly details?: readonly ErrorDetail[];
  /** Seconds the client should wait (429s). */
  public readonly retryAfterSeconds?: number;

  public constructor(
    code: string,
    statusCode: number,
    message: string,
    extra: { details?: readonly ErrorDetail[]; retryAfterSeconds?: number } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SignetError';
    this.code = code;
    this.statusCode = statusCode;
    if (extra.details !== undefined) this.details = extra.details;
    if (extra.retryAfterSeconds !== undefined) this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  /** The documented error body: `{error, message, details?}`. */
  public toJSON(): { error: string; message: string; details?: readonly ErrorDetail[] } {
    return this.details === undefined
      ? { error: this.code, message: this.message }
      : { error: this.code, message: this.message, details: this.details };
  }
}

export class InvalidRequestError extends SignetError {
  public constructor(message: string, details?: readonly ErrorDetail[]) {
    super('invalid_request', 400, message, details === undefined ? {} : { details });
    this.name = 'InvalidRequestError';
  }
}

export class WeakPasswordError extends SignetError {
  /** @param field - the request field that holds the password (`newPassword` on the password-change routes). */
  public constructor(reason: string, field = 'password') {
    super('weak_password', 400, reason, { details: [{ field, issue: reason }] });
    this.name = 'WeakPasswordError';
  }
}

export class AccountNameTakenError extends SignetError {
  public constructor() {
    super('account_name_taken', 409, 'This account name is taken; choose another.');
    this.name = 'AccountNameTakenError';
  }
}

export class InvalidCodeError extends SignetError {
  public constructor() {
    super('invalid_code', 400, 'The code is wrong, expired or already used. Request a new one.');
    this.name = 'InvalidCodeError';
  }
}

export class RateLimitedError extends SignetError {
  public constructor(retryAfterSeconds: number) {
    super('rate_limited', 429, `Too many requests; retry after ${retryAfterSeconds} seconds.`, {
      retryAfterSeconds,
    });
    this.name = 'RateLimitedError';
  }
}

export class DeliveryUnavailableError extends SignetError {
  public constructor(options?: ErrorOptions) {
    super('delivery_unavailable', 503, 'The message could not be sent just now; try again shortly.', {}, options);
    this.name = 'DeliveryUnavailableError';
  }
}

/**
 * No SMS can be sent to this number now: its prefix's hourly budget or the stage's daily one is spent.
 * Email keeps working, so the answer says to use it; retrying the same number soon will not help.
 */
export class SmsUnavailableError extends SignetError {
  public constructor() {
    super('sms_unavailable', 503, 'Codes cannot be sent by SMS just now; use email instead.');
    this.name = 'SmsUnavailableError';
  }
}

export class PayloadTooLargeError extends SignetError {
  public constructor(limitBytes: number) {
    super('payload_too_large', 413, `The request body is larger than ${limitBytes} bytes.`);
    this.name = 'PayloadTooLargeError';
  }
}

export class UnsupportedMediaTypeError extends SignetError {
  public constructor() {
    super('unsupported_media_type', 415, 'The request body must be application/json.');
    this.name = 'UnsupportedMediaTypeError';
  }
}

export class NotFoundError extends SignetError {
  public constructor() {
    super('not_found', 404, 'No such route.');
    this.name = 'NotFoundError';
  }
}

export class MethodNotAllowedError extends SignetError {
  public readonly allow: readonly string[];
  public constructor(allow: readonly string[]) {
    super('method_not_allowed', 405, `This route accepts ${allow.join(', ')}.`);
    this.name = 'MethodNotAllowedError';
    this.allow = allow;
  }
}

// ---- Sign-in, sessions and the owner's rights. ----

/** A missing, malformed, expired, forged or revoked bearer token. */
export class UnauthorizedError extends SignetError {
  public constructor(options?: ErrorOptions) {
    super('unauthorized', 401, 'A valid bearer token is required; sign in again.', {}, options);
    this.name = 'UnauthorizedError';
  }
}

/** A wrong account name or password, or an account not yet verified: one answer for all three. */
export class InvalidCredentialsError extends SignetError {
  public constructor() {
    super('invalid_credentials', 401, 'The account name or password is wrong.');
    this.name = 'InvalidCredentialsError';
  }
}

/**
 * A refresh token that is invalid, expired, revoked, reused or another client's, or an unknown client id at
 * refresh: one answer for all (RFC 6749 §5.2 names it `invalid_grant`).
 */
export class InvalidGrantError extends SignetError {
  public constructor() {
    super('invalid_grant', 401, 'The refresh token is invalid, expired or revoked; sign in again.');
    this.name = 'InvalidGrantError';
  }
}

/**
 * Sign-in is locked after too many consecutive failures (NIST SP 800-63B rev 4, 3.2.2): only a password
 * reset by code lifts it. Unknown names lock alike, so the answer says nothing about whether a name exists.
 */
export class SignInLockedError extends SignetError {
  public constructor(retryAfterSeconds: number) {
    super('rate_limited', 429, 'Too many failed sign-ins; reset the password with a code to sign in again.', {
      retryAfterSeconds,
    });
    this.name = 'SignInLockedError';
  }
}

/** The account is under legal hold: it cannot be erased until the hold is lifted. */
export class LegalHoldError extends SignetError {
  public constructor() {
    super(
      'legal_hold',
      409,
      'This account is under legal hold and cannot be erased now; the request is recorded and will be carried out when the hold is lifted.',
    );
    this.name = 'LegalHoldError';
  }
}

// ---- Idempotent retries (the Idempotency-Key header). ----

/** The Idempotency-Key was used before, on this route by this caller, with another body. */
export class IdempotencyKeyReusedError extends SignetError {
  public constructor(options?: ErrorOptions) {
    super(
      'idempotency_key_reused',
      422,
      'This Idempotency-Key was already used with another request body; use a new key for a new request.',
      {},
      options,
    );
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The first request with this Idempotency-Key is still running: retry in a second for its answer. */
export class IdempotencyInProgressError extends SignetError {
  public constructor(options?: ErrorOptions) {
    super(
      'idempotency_in_progress',
      409,
      'A request with this Idempotency-Key is still being handled; retry after 1 second.',
      { retryAfterSeconds: 1 },
      options,
    );
    this.name = 'IdempotencyInProgressError';
  }
}
