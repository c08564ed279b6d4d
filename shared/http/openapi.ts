// shared/http: the OpenAPI 3.1 document of API v1, built from the zod schemas the routes validate
// with (z.toJSONSchema, JSON Schema 2020-12) and the error classes they throw, never written by hand.
// `npm run openapi` writes it to shared/http/openapi.json, which functions/openapi serves.
import { z } from 'zod';
import { ROUTES } from '../../infra/routes.js';
import { parseAppSettings, type AppSettings } from '../config/settings.js';
import {
  AccountNameTakenError,
  DeliveryUnavailableError,
  InvalidCodeError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnsupportedMediaTypeError,
  WeakPasswordError,
  type SignetError,
} from '../domain/errors.js';
import { PASSWORD_REASONS } from '../domain/password/password-policy.js';
import { MAX_BODY_BYTES } from './route.js';
import {
  ConfirmResponseSchema,
  createRequestSchemas,
  ErrorDetailSchema,
  ErrorResponseSchema,
  RegistrationAcceptedSchema,
  REQUEST_EXAMPLES,
  ResendAcceptedSchema,
} from './schemas.js';
import { parseRequest } from './validation.js';

type JsonObject = Record<string, unknown>;

const OPENAPI_VERSION = '3.1.1';
const API_VERSION = '1.0.0';

/** The settings the checked-in document is generated with: the defaults. */
const DEFAULT_DOCUMENT_SETTINGS: AppSettings = parseAppSettings({
  email: { fromAddress: 'no-reply@signet.local' },
});

const schemaRef = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const responseRef = (name: string): JsonObject => ({ $ref: `#/components/responses/${name}` });

/** JSON Schemas of registered zod schemas, as OpenAPI components (no `$schema`/`$id` per schema). */
const componentSchemas = (
  schemas: Readonly<Record<string, z.ZodType>>,
  io: 'input' | 'output',
): JsonObject => {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(generated.schemas).map(([id, schema]) => {
      const { $schema: _schema, $id: _id, ...rest } = schema as JsonObject;
      return [id, rest];
    }),
  );
};

/** The error a body is really rejected with, so that the documented example cannot drift. */
const rejectionOf = (attempt: () => unknown): SignetError => {
  try {
    attempt();
  } catch (error) {
    return error as SignetError;
  }
  throw new Error('Expected the example request to be rejected');
};

/** One named example per error, each the `toJSON()` of a real error instance. */
const errorContent = (errors: readonly SignetError[]): JsonObject => ({
  'application/json': {
    schema: schemaRef('Error'),
    examples: Object.fromEntries(errors.map((error) => [error.code, { value: error.toJSON() }])),
  },
});

const errorResponse = (
  description: string,
  errors: readonly SignetError[],
  headers?: JsonObject,
): JsonObject => ({
  description,
  ...(headers && { headers }),
  content: errorContent(errors),
});

const jsonResponse = (description: string, schemaName: string): JsonObject => ({
  description,
  content: { 'application/json': { schema: schemaRef(schemaName) } },
});

const jsonRequestBody = (schemaName: keyof typeof REQUEST_EXAMPLES): JsonObject => ({
  required: true,
  description: `A JSON object of at most ${MAX_BODY_BYTES} bytes, sent as \`application/json\`.`,
  content: { 'application/json': { schema: schemaRef(schemaName), example: REQUEST_EXAMPLES[schemaName] } },
});

/** The shared error responses of every JSON route, and of paths or methods no route serves. */
const sharedResponses = (): JsonObject => ({
  PayloadTooLarge: errorResponse(`The body is larger than ${MAX_BODY_BYTES} bytes.`, [
    new PayloadTooLargeError(MAX_BODY_BYTES),
  ]),
  UnsupportedMediaType: errorResponse('The body is not sent as `application/json`.', [
    new UnsupportedMediaTypeError(),
  ]),
  RateLimited: errorResponse(
    'Too many requests. Signet answers `rate_limited` with Retry-After; API Gateway throttling also answers 429.',
    [new RateLimitedError(60)],
    { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
  ),
  DeliveryUnavailable: errorResponse(
    'The message could not be handed to the email or SMS provider; retry shortly.',
    [new DeliveryUnavailableError()],
  ),
  NotFound: errorResponse('No route has this path (any method).', [new NotFoundError()]),
  MethodNotAllowed: errorResponse(
    'The path exists under another method; Allow lists the methods it accepts.',
    [new MethodNotAllowedError(['POST'])],
    { Allow: { $ref: '#/components/headers/Allow' } },
  ),
  InternalError: {
    description: 'An unexpected failure; the body says nothing more.',
    content: {
      'application/json': {
        schema: schemaRef('Error'),
        examples: { internal_error: { value: { error: 'internal_error', message: 'Internal error.' } } },
      },
    },
  },
});

/** The responses every POST route can give besides its own. */
const postResponses = (): JsonObject => ({
  '413': responseRef('PayloadTooLarge'),
  '415': responseRef('UnsupportedMediaType'),
  '429': responseRef('RateLimited'),
  '500': responseRef('InternalError'),
});

/** One operation per route of infra/routes.ts, keyed by route name. */
const operations = (settings: AppSettings): Readonly<Record<string, JsonObject>> => {
  const schemas = createRequestSchemas(settings);
  const invalidRegistration = rejectionOf(() =>
    parseRequest(schemas.RegistrationRequest, { accountName: 'a', password: 'x', channel: 'email' }),
  );
  const invalidConfirmation = rejectionOf(() =>
    parseRequest(schemas.ConfirmRequest, { accountName: 'ada', pin: '1' }),
  );
  const invalidResend = rejectionOf(() => parseRequest(schemas.ResendRequest, {}));
  return {
    register: {
      operationId: 'register',
      tags: ['registration'],
      summary: 'Start a registration',
      description:
        'Validates and normalizes the request, checks the password rules, claims the name and sends a one-time ' +
        'code by the chosen channel. A contact that belongs to another account is answered exactly as a free ' +
        "one (that contact's owner is notified instead).",
      requestBody: jsonRequestBody('RegistrationRequest'),
      responses: {
        '202': jsonResponse('Pending until confirmed with the code that was sent.', 'RegistrationAccepted'),
        '400': errorResponse(
          'The body is invalid (`invalid_request`) or the password breaks a rule (`weak_password`).',
          [
            invalidRegistration,
            new WeakPasswordError(PASSWORD_REASONS.tooShort(settings.password.minLength)),
          ],
        ),
        '409': errorResponse('The account name is taken.', [new AccountNameTakenError()]),
        ...postResponses(),
        '503': responseRef('DeliveryUnavailable'),
      },
    },
    confirm: {
      operationId: 'confirmRegistration',
      tags: ['registration'],
      summary: 'Confirm a registration with its code',
      requestBody: jsonRequestBody('ConfirmRequest'),
      responses: {
        '200': jsonResponse('The account is active.', 'ConfirmResponse'),
        '400': errorResponse(
          'The body is invalid (`invalid_request`) or the code is wrong, expired or used up (`invalid_code`).',
          [invalidConfirmation, new InvalidCodeError()],
        ),
        ...postResponses(),
      },
    },
    resend: {
      operationId: 'resendCode',
      tags: ['registration'],
      summary: 'Send a new code for a pending registration',
      description: 'Answers alike whether or not the name has a pending registration.',
      requestBody: jsonRequestBody('ResendRequest'),
      responses: {
        '202': jsonResponse('A new code is on its way if the registration is pending.', 'ResendAccepted'),
        '400': errorResponse('The body is invalid.', [invalidResend]),
        ...postResponses(),
        '503': responseRef('DeliveryUnavailable'),
      },
    },
    openapi: {
      operationId: 'getOpenApiDocument',
      tags: ['meta'],
      summary: 'This document',
      responses: {
        '200': {
          description: 'The OpenAPI 3.1 document of API v1.',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        '429': responseRef('RateLimited'),
        '500': responseRef('InternalError'),
      },
    },
  };
};

/**
 * The OpenAPI 3.1 document of API v1 for the given runtime settings (password lengths and the
 * default phone region appear in descriptions). Paths come from infra/routes.ts; every route must
 * have an operation here.
 */
const buildOpenApiDocument = (settings: AppSettings): JsonObject => {
  const byName = operations(settings);
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of ROUTES) {
    const operation = byName[route.name];
    if (operation === undefined) throw new Error(`No OpenAPI operation for route ${route.name}`);
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  const requests = createRequestSchemas(settings);
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'Signet API',
      version: API_VERSION,
      summary: 'Privacy-first identity registration.',
      description:
        'Register an account, confirm it with a one-time code sent by email or SMS, or ask for a new code. ' +
        'Request bodies are strict JSON objects: unknown fields answer 400 `invalid_request`. Every error ' +
        'has the body `{error, message, details?}`; details name fields, never values. A path no route ' +
        'serves answers 404 `not_found`; a known path under another method answers 405 `method_not_allowed` ' +
        'with an Allow header.',
    },
    servers: [
      { url: '/', description: 'The API Gateway stage, or the local runtime, serving this document.' },
    ],
    tags: [
      { name: 'registration', description: 'Registration and confirmation.' },
      { name: 'meta', description: 'About the API itself.' },
    ],
    paths,
    components: {
      schemas: {
        ...componentSchemas(
          {
            RegistrationRequest: requests.RegistrationRequest,
            ConfirmRequest: requests.ConfirmRequest,
            ResendRequest: requests.ResendRequest,
          },
          'input',
        ),
        ...componentSchemas(
          {
            RegistrationAccepted: RegistrationAcceptedSchema,
            ConfirmResponse: ConfirmResponseSchema,
            ResendAccepted: ResendAcceptedSchema,
            Error: ErrorResponseSchema,
            ErrorDetail: ErrorDetailSchema,
          },
          'output',
        ),
      },
      responses: sharedResponses(),
      headers: {
        RetryAfter: {
          description: 'Seconds to wait before trying again.',
          schema: { type: 'integer', minimum: 0 },
        },
        Allow: {
          description: 'The methods the path accepts, comma-separated.',
          schema: { type: 'string' },
        },
      },
    },
  };
};

/** A copy with every object's keys in code-unit order, so the JSON text is stable. */
const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as JsonObject)[key])]),
    );
  }
  return value;
};

/** The document as checked in: sorted keys, 2-space indent, trailing newline. */
const renderOpenApiDocument = (settings: AppSettings = DEFAULT_DOCUMENT_SETTINGS): string =>
  `${JSON.stringify(sortKeys(buildOpenApiDocument(settings)), null, 2)}\n`;

export { buildOpenApiDocument, DEFAULT_DOCUMENT_SETTINGS, OPENAPI_VERSION, renderOpenApiDocument };
