// shared/http/routes: the shape of a route module. A route is its endpoint, the factory of its request
// schema, its success status and response schema; its documentation (examples, the errors it may answer)
// is a separate export, a function of the settings, so that a function's bundle carries the route and not
// the document's text. Route and documentation objects hold only literals, identifiers and functions, so
// that esbuild drops the ones a bundle does not use, and the schemas only they build.
import type * as z from 'zod';
import type { AppSettings } from '../../config/settings.js';
import { InvalidCredentialsError, UnauthorizedError, type SignetError } from '../../domain/errors.js';
import type { Endpoint } from './index.js';

/** A route that takes a JSON body: `request` builds its strict schema (some need the settings). */
interface BodyRoute {
  readonly endpoint: Endpoint;
  readonly request: (settings: AppSettings) => z.ZodType;
  /** The status of a success. */
  readonly status: number;
  /** What a success answers; the handler's result must match it. */
  readonly response: z.ZodType;
}

/** A route without a request body (GET). */
interface BodylessRoute {
  readonly endpoint: Endpoint;
  readonly status: number;
  readonly response: z.ZodType;
}

/** The shared error responses (components.responses of the document), by name. */
type SharedResponse =
  'PayloadTooLarge' | 'UnsupportedMediaType' | 'RateLimited' | 'DeliveryUnavailable' | 'InternalError';

/** A documented error answer: what it means and one example per error (each a real error's toJSON()). */
interface ErrorAnswer {
  readonly description: string;
  readonly errors: readonly SignetError[];
  /** Response header components by header name, e.g. `{ 'Retry-After': 'RetryAfter' }`. */
  readonly headers?: Readonly<Record<string, 'RetryAfter' | 'Allow'>>;
}

/** The errors a route may answer, by status: its own, or a shared response by name. */
type ErrorAnswers = Readonly<Record<string, ErrorAnswer | SharedResponse>>;

/** The OpenAPI side of a route. */
interface RouteDocs {
  readonly operationId: string;
  readonly tag: 'registration' | 'owner' | 'sessions' | 'meta';
  readonly summary: string;
  readonly description: string;
  /** The description of the success answer. */
  readonly success: string;
  /** Whether the route takes the bearer token from POST /v1/sessions. */
  readonly bearer: boolean;
  /** Whether the route takes an Idempotency-Key header (its 409, 422 and replay header are added). */
  readonly idempotent?: boolean;
  /** A valid request body, shown in the document (a unit test parses each). */
  readonly example?: unknown;
  /** A body the request schema rejects: its real 400 is the documented `invalid_request` example. */
  readonly invalidExample?: unknown;
  /** The errors it may answer; `invalid` is the real rejection of `invalidExample`. */
  readonly errors: (invalid: SignetError) => ErrorAnswers;
}

/** A route's documentation for the settings the document is built with. */
type RouteDocsOf = (settings: AppSettings) => RouteDocs;

/** The shared answers of every route that reads a JSON body. */
const BODY_ERRORS = {
  '413': 'PayloadTooLarge',
  '415': 'UnsupportedMediaType',
  '500': 'InternalError',
} as const satisfies ErrorAnswers;

/** 401 of the Bearer routes; those that also check the current password answer invalid_credentials too. */
const unauthorized = (withPassword: boolean): ErrorAnswer =>
  withPassword
    ? {
        description:
          'The bearer token is missing, malformed, expired or revoked (`unauthorized`), or the current password is wrong (`invalid_credentials`).',
        errors: [new UnauthorizedError(), new InvalidCredentialsError()],
      }
    : {
        description: 'The bearer token is missing, malformed, expired or revoked.',
        errors: [new UnauthorizedError()],
      };

export { BODY_ERRORS, unauthorized };
export type { BodylessRoute, BodyRoute, ErrorAnswer, ErrorAnswers, RouteDocs, RouteDocsOf, SharedResponse };
