// shared/http: the Idempotency-Key request header of the routes that send codes or change state
// (registration, resend, confirm, password reset, contact change): 1 to 255 visible ASCII characters.
import { InvalidRequestError } from '../domain/errors.js';

/** The request header's name, as errors name it. */
const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** The response header that marks a replayed answer. */
const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
/** Longest key accepted, in characters. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/** Visible ASCII (0x21 to 0x7E): no space, no control character, nothing beyond ASCII. */
const VISIBLE_ASCII = /^[\x21-\x7E]+$/;

const invalidKey = (issue: string): InvalidRequestError =>
  new InvalidRequestError(`The ${IDEMPOTENCY_KEY_HEADER} header is invalid; see details.`, [
    { field: IDEMPOTENCY_KEY_HEADER, issue },
  ]);

/**
 * The Idempotency-Key of a request, or undefined when it sent none.
 *
 * @throws InvalidRequestError (400 invalid_request, details naming `Idempotency-Key`) for an empty key, a
 *   key longer than 255 characters, or one holding anything but visible ASCII. The details never quote it.
 * @example
 * parseIdempotencyKey('7c1e9a52-2f4b-4f0e-9d3a-0b6c1f2e8a47'); // the key
 * parseIdempotencyKey(undefined); // undefined
 */
const parseIdempotencyKey = (header: string | undefined): string | undefined => {
  if (header === undefined) return undefined;
  if (header.length === 0) throw invalidKey('must not be empty');
  if (header.length > MAX_IDEMPOTENCY_KEY_LENGTH)
    throw invalidKey(`must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  if (!VISIBLE_ASCII.test(header)) throw invalidKey('must be visible ASCII characters only (no spaces)');
  return header;
};

export {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  parseIdempotencyKey,
};
