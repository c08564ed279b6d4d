// shared/http: the OpenAPI 3.1 document of API v1, built from the zod schemas the routes validate
// with (z.toJSONSchema, JSON Schema 2020-12) and the error classes they throw, never written by hand.
// `npm run openapi` writes it to shared/http/openapi.json, which functions/openapi serves.
import * as z from 'zod';
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
import { InvalidCredentialsError, LegalHoldError, UnauthorizedError } from '../domain/errors.js';
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
import {
  AccountExportSchema,
  ContactChangeAcceptedSchema,
  ContactChangedSchema,
  createOwnerRequestSchemas,
  ErasedSchema,
  OWNER_REQUEST_EXAMPLES,
  ProfileUpdatedSchema,
} from './schemas.js';
import {
  AccessTokenSchema,
  ConsentRecordedSchema,
  createSessionRequestSchemas,
  PasswordChangedSchema,
  PasswordResetAcceptedSchema,
  SESSION_REQUEST_EXAMPLES,
  SignInResponseSchema,
} from './schemas.js';
import { SignInLockedError } from '../domain/errors.js';
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

// ---- The owner's rights (issue 4): GET, PATCH and DELETE /v1/me, POST /v1/me/contact[/confirm]. ----

/** The bearer token every owner route takes (POST /v1/sessions issues it). */
const BEARER_SECURITY = [{ bearerAuth: [] }];

const ownerRequestBody = (schemaName: keyof typeof OWNER_REQUEST_EXAMPLES): JsonObject => ({
  required: true,
  description: `A JSON object of at most ${MAX_BODY_BYTES} bytes, sent as \`application/json\`.`,
  content: {
    'application/json': { schema: schemaRef(schemaName), example: OWNER_REQUEST_EXAMPLES[schemaName] },
  },
});

const unauthorized = (withPassword: boolean): JsonObject =>
  errorResponse(
    withPassword
      ? 'The bearer token is missing, malformed, expired or revoked (`unauthorized`), or the current password is wrong (`invalid_credentials`).'
      : 'The bearer token is missing, malformed, expired or revoked.',
    withPassword ? [new UnauthorizedError(), new InvalidCredentialsError()] : [new UnauthorizedError()],
  );

/** The operations of the owner's routes, keyed by route name. */
const ownerOperations = (settings: AppSettings): Readonly<Record<string, JsonObject>> => {
  const schemas = createOwnerRequestSchemas(settings);
  const invalidPatch = rejectionOf(() => parseRequest(schemas.ProfilePatchRequest, {}));
  const invalidContact = rejectionOf(() =>
    parseRequest(schemas.ContactChangeRequest, {
      email: 'ada@example.com',
      phone: '+447400123456',
      currentPassword: 'x',
    }),
  );
  const invalidConfirm = rejectionOf(() => parseRequest(schemas.ContactConfirmRequest, {}));
  const invalidErase = rejectionOf(() => parseRequest(schemas.EraseRequest, {}));
  const bodyResponses = (): JsonObject => ({
    '413': responseRef('PayloadTooLarge'),
    '415': responseRef('UnsupportedMediaType'),
    '429': responseRef('RateLimited'),
    '500': responseRef('InternalError'),
  });
  return {
    'me-get': {
      operationId: 'exportAccount',
      tags: ['owner'],
      summary: 'Everything Signet holds about me',
      description:
        'Every personal field, decrypted, with when it was collected, what it is for and until when it is kept; ' +
        'the consents given; a legal hold in force; and the lawful disclosures the owner may be told of.',
      security: BEARER_SECURITY,
      responses: {
        '200': jsonResponse('Everything held about the caller.', 'AccountExport'),
        '401': unauthorized(false),
        '429': responseRef('RateLimited'),
        '500': responseRef('InternalError'),
      },
    },
    'me-patch': {
      operationId: 'updateProfile',
      tags: ['owner'],
      summary: 'Change my preferences, interests or locale',
      security: BEARER_SECURITY,
      requestBody: ownerRequestBody('ProfilePatchRequest'),
      responses: {
        '200': jsonResponse('The profile is changed.', 'ProfileUpdated'),
        '400': errorResponse('The body is invalid.', [invalidPatch]),
        '401': unauthorized(false),
        ...bodyResponses(),
      },
    },
    'me-contact': {
      operationId: 'requestContactChange',
      tags: ['owner'],
      summary: 'Add or replace my email or phone',
      description:
        'Sends a code to the new contact; the old one stays until the code is confirmed. A contact that ' +
        "belongs to another account is answered exactly alike (that contact's owner is notified instead).",
      security: BEARER_SECURITY,
      requestBody: ownerRequestBody('ContactChangeRequest'),
      responses: {
        '202': jsonResponse('A code is on its way to the new contact.', 'ContactChangeAccepted'),
        '400': errorResponse('The body is invalid, or names the contact the account already has.', [
          invalidContact,
        ]),
        '401': unauthorized(true),
        ...bodyResponses(),
        '503': responseRef('DeliveryUnavailable'),
      },
    },
    'me-contact-confirm': {
      operationId: 'confirmContactChange',
      tags: ['owner'],
      summary: 'Confirm a contact change with its code',
      description: 'The new contact replaces the old one, which is told of the change (without a code).',
      security: BEARER_SECURITY,
      requestBody: ownerRequestBody('ContactConfirmRequest'),
      responses: {
        '200': jsonResponse('The contact is changed.', 'ContactChanged'),
        '400': errorResponse(
          'The body is invalid (`invalid_request`) or the code is wrong, expired or used up (`invalid_code`).',
          [invalidConfirm, new InvalidCodeError()],
        ),
        '401': unauthorized(false),
        ...bodyResponses(),
      },
    },
    'me-delete': {
      operationId: 'eraseAccount',
      tags: ['owner'],
      summary: 'Erase my account',
      description:
        "The account's data key is destroyed (crypto-shredding), its name, email and phone are free again, codes " +
        'and sessions are removed; a tombstone without personal data is kept for a while. Under legal hold nothing ' +
        'is deleted and the request is carried out when the hold is lifted.',
      security: BEARER_SECURITY,
      requestBody: ownerRequestBody('EraseRequest'),
      responses: {
        '200': jsonResponse('The account is erased.', 'Erased'),
        '400': errorResponse('The body is invalid.', [invalidErase]),
        '401': unauthorized(true),
        '409': errorResponse('The account is under legal hold; the request is recorded.', [
          new LegalHoldError(),
        ]),
        ...bodyResponses(),
      },
    },
  };
};

/** The component schemas of the owner's requests and answers. */
const ownerComponentSchemas = (settings: AppSettings): JsonObject => {
  const requests = createOwnerRequestSchemas(settings);
  return {
    ...componentSchemas(
      {
        ProfilePatchRequest: requests.ProfilePatchRequest,
        ContactChangeRequest: requests.ContactChangeRequest,
        ContactConfirmRequest: requests.ContactConfirmRequest,
        EraseRequest: requests.EraseRequest,
      },
      'input',
    ),
    ...componentSchemas(
      {
        AccountExport: AccountExportSchema,
        ProfileUpdated: ProfileUpdatedSchema,
        ContactChangeAccepted: ContactChangeAcceptedSchema,
        ContactChanged: ContactChangedSchema,
        Erased: ErasedSchema,
      },
      'output',
    ),
  };
};

// ---- Sign-in, password reset and change, consent (issue 4). ----

const sessionRequestBody = (schemaName: keyof typeof SESSION_REQUEST_EXAMPLES): JsonObject => ({
  required: true,
  description: `A JSON object of at most ${MAX_BODY_BYTES} bytes, sent as \`application/json\`.`,
  content: {
    'application/json': { schema: schemaRef(schemaName), example: SESSION_REQUEST_EXAMPLES[schemaName] },
  },
});

/** 429 of the routes that check a password: back-off, lock or the client IP's failures. */
const signInThrottled = (settings: AppSettings): JsonObject =>
  errorResponse(
    `Too many failed sign-ins, even with the right password: after ${settings.signIn.backoffAfterFailures} ` +
      `consecutive failures on an account a back-off that doubles from ${settings.signIn.backoffInitialSeconds} s ` +
      `up to ${settings.signIn.backoffMaxSeconds} s; after ${settings.signIn.lockAfterFailures} the password is ` +
      `locked until a reset by code; at most ${settings.signIn.maxFailuresPerIpPerHour} failures per client IP an ` +
      'hour. Retry-After says how long to wait (for a lock, try again after a password reset).',
    [new RateLimitedError(4), new SignInLockedError(settings.signIn.backoffMaxSeconds)],
    { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
  );

/** The operations of the sign-in, password and consent routes, keyed by route name. */
const sessionOperations = (settings: AppSettings): Readonly<Record<string, JsonObject>> => {
  const schemas = createSessionRequestSchemas(settings);
  const invalidSignIn = rejectionOf(() => parseRequest(schemas.SignInRequest, { accountName: 'ada' }));
  const invalidReset = rejectionOf(() => parseRequest(schemas.PasswordResetRequest, {}));
  const invalidResetConfirm = rejectionOf(() =>
    parseRequest(schemas.PasswordResetConfirmRequest, { accountName: 'ada', code: '123456' }),
  );
  const invalidChange = rejectionOf(() =>
    parseRequest(schemas.PasswordChangeRequest, { currentPassword: 'x' }),
  );
  const invalidConsent = rejectionOf(() => parseRequest(schemas.ConsentRequest, {}));
  const weakNewPassword = new WeakPasswordError(
    PASSWORD_REASONS.tooShort(settings.password.minLength),
    'newPassword',
  );
  const bodyResponses = (): JsonObject => ({
    '413': responseRef('PayloadTooLarge'),
    '415': responseRef('UnsupportedMediaType'),
    '500': responseRef('InternalError'),
  });
  return {
    sessions: {
      operationId: 'signIn',
      tags: ['sessions'],
      summary: 'Sign in',
      description:
        `Answers an access token that works for ${settings.session.tokenTtlMinutes} minutes. A wrong password, an ` +
        'unknown name and an account not yet confirmed answer alike, with the same work. `consentRequired: true` ' +
        'says the privacy policy changed since the account consented (POST /v1/me/consent).',
      requestBody: sessionRequestBody('SignInRequest'),
      responses: {
        '200': jsonResponse('Signed in.', 'SignInResponse'),
        '400': errorResponse('The body is invalid.', [invalidSignIn]),
        '401': errorResponse('The account name or password is wrong, or the account is not confirmed yet.', [
          new InvalidCredentialsError(),
        ]),
        '429': signInThrottled(settings),
        ...bodyResponses(),
      },
    },
    'password-resets': {
      operationId: 'requestPasswordReset',
      tags: ['sessions'],
      summary: 'Send a password reset code',
      description:
        "A code goes to the account's verified email if it has one, else to its verified phone. Answers alike " +
        'whatever the name: unknown, unconfirmed, or asking again too soon.',
      requestBody: sessionRequestBody('PasswordResetRequest'),
      responses: {
        '202': jsonResponse(
          'A code is on its way if the name belongs to an account.',
          'PasswordResetAccepted',
        ),
        '400': errorResponse('The body is invalid.', [invalidReset]),
        '429': responseRef('RateLimited'),
        ...bodyResponses(),
      },
    },
    'password-resets-confirm': {
      operationId: 'confirmPasswordReset',
      tags: ['sessions'],
      summary: 'Set a new password with the reset code',
      description:
        `The code works for ${settings.codes.ttlMinutes} minutes, ${settings.codes.maxAttemptsPerCode} tries, once. ` +
        'A weak password is refused before the code is tried: ' +
        'it neither spends the code nor counts as a try. Every token issued before stops working, a sign-in ' +
        'lock is lifted, and the owner is told (without a code).',
      requestBody: sessionRequestBody('PasswordResetConfirmRequest'),
      responses: {
        '200': jsonResponse('The password is changed.', 'PasswordChanged'),
        '400': errorResponse(
          'The body is invalid (`invalid_request`), the new password breaks a rule (`weak_password`), or the code ' +
            'is wrong, expired or used up (`invalid_code`).',
          [invalidResetConfirm, weakNewPassword, new InvalidCodeError()],
        ),
        '429': responseRef('RateLimited'),
        ...bodyResponses(),
      },
    },
    'me-password': {
      operationId: 'changePassword',
      tags: ['sessions'],
      summary: 'Change my password',
      description:
        'Every earlier token, this one included, stops working; the answer holds a new one. A wrong current ' +
        'password counts as a failed sign-in. The owner is told (without a code).',
      security: BEARER_SECURITY,
      requestBody: sessionRequestBody('PasswordChangeRequest'),
      responses: {
        '200': jsonResponse('The password is changed; a new token.', 'AccessToken'),
        '400': errorResponse(
          'The body is invalid (`invalid_request`) or the new password breaks a rule (`weak_password`).',
          [invalidChange, weakNewPassword],
        ),
        '401': unauthorized(true),
        '429': signInThrottled(settings),
        ...bodyResponses(),
      },
    },
    'me-consent': {
      operationId: 'recordConsent',
      tags: ['sessions'],
      summary: 'Consent to the privacy policy in force',
      description:
        `Records consent to the current version (${settings.privacyPolicyVersion} by default) and the time; ` +
        'nothing else about the account changes. Another version answers 400 `invalid_request`.',
      security: BEARER_SECURITY,
      requestBody: sessionRequestBody('ConsentRequest'),
      responses: {
        '200': jsonResponse('The consent is recorded.', 'ConsentRecorded'),
        '400': errorResponse('The body is invalid, or names another version than the one in force.', [
          invalidConsent,
        ]),
        '401': unauthorized(false),
        '429': responseRef('RateLimited'),
        ...bodyResponses(),
      },
    },
  };
};

/** The component schemas of the sign-in, password and consent requests and answers. */
const sessionComponentSchemas = (settings: AppSettings): JsonObject => {
  const requests = createSessionRequestSchemas(settings);
  return {
    ...componentSchemas(
      {
        SignInRequest: requests.SignInRequest,
        PasswordResetRequest: requests.PasswordResetRequest,
        PasswordResetConfirmRequest: requests.PasswordResetConfirmRequest,
        PasswordChangeRequest: requests.PasswordChangeRequest,
        ConsentRequest: requests.ConsentRequest,
      },
      'input',
    ),
    ...componentSchemas(
      {
        SignInResponse: SignInResponseSchema,
        AccessToken: AccessTokenSchema,
        PasswordResetAccepted: PasswordResetAcceptedSchema,
        PasswordChanged: PasswordChangedSchema,
        ConsentRecorded: ConsentRecordedSchema,
      },
      'output',
    ),
  };
};

/**
 * The OpenAPI 3.1 document of API v1 for the given runtime settings (password lengths and the
 * default phone region appear in descriptions). Paths come from infra/routes.ts; every route must
 * have an operation here.
 */
const buildOpenApiDocument = (settings: AppSettings): JsonObject => {
  const byName = { ...operations(settings), ...ownerOperations(settings), ...sessionOperations(settings) };
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
      { name: 'owner', description: "The account owner's rights: export, change, erase (bearer token)." },
      { name: 'sessions', description: 'Sign-in, password reset and change, consent to the privacy policy.' },
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
        ...ownerComponentSchemas(settings),
        ...sessionComponentSchemas(settings),
      },
      responses: sharedResponses(),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The access token from POST /v1/sessions; it works for 15 minutes by default.',
        },
      },
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
