// shared/http/routes: registration's routes. POST /v1/registrations, /v1/registrations/confirm and
// /v1/registrations/resend: endpoint, request schema, success status and response schema, then the
// documentation of each (examples and the errors it may answer).
import { AccountNameTakenError, InvalidCodeError, WeakPasswordError } from '../../domain/errors.js';
import { PASSWORD_REASONS } from '../../domain/password/password-policy.js';
import {
  ConfirmResponseSchema,
  createConfirmRequestSchema,
  createRequestSchemas,
  createResendRequestSchema,
  RegistrationAcceptedSchema,
  REQUEST_EXAMPLES,
  ResendAcceptedSchema,
} from '../schemas.js';
import { confirmEndpoint, registerEndpoint, resendEndpoint } from './index.js';
import { BODY_ERRORS, type BodyRoute, type RouteDocsOf } from './spec.js';

const register = {
  endpoint: registerEndpoint,
  request: (settings) => createRequestSchemas(settings).RegistrationRequest,
  status: 202,
  response: RegistrationAcceptedSchema,
} as const satisfies BodyRoute;

const confirm = {
  endpoint: confirmEndpoint,
  request: createConfirmRequestSchema,
  status: 200,
  response: ConfirmResponseSchema,
} as const satisfies BodyRoute;

const resend = {
  endpoint: resendEndpoint,
  request: createResendRequestSchema,
  status: 202,
  response: ResendAcceptedSchema,
} as const satisfies BodyRoute;

const registerDocs: RouteDocsOf = (settings) => ({
  operationId: 'register',
  tag: 'registration',
  summary: 'Start a registration',
  description:
    'Validates and normalizes the request, checks the password rules, claims the name and sends a one-time ' +
    'code by the chosen channel. A contact that belongs to another account is answered exactly as a free ' +
    "one (that contact's owner is notified instead).",
  success: 'Pending until confirmed with the code that was sent.',
  bearer: false,
  idempotent: true,
  example: REQUEST_EXAMPLES.RegistrationRequest,
  invalidExample: { accountName: 'a', password: 'x', channel: 'email' },
  errors: (invalid) => ({
    '400': {
      description: 'The body is invalid (`invalid_request`) or the password breaks a rule (`weak_password`).',
      errors: [invalid, new WeakPasswordError(PASSWORD_REASONS.tooShort(settings.password.minLength))],
    },
    '409': { description: 'The account name is taken.', errors: [new AccountNameTakenError()] },
    '429': 'RateLimited',
    '503': 'DeliveryUnavailable',
    ...BODY_ERRORS,
  }),
});

const confirmDocs: RouteDocsOf = (settings) => ({
  operationId: 'confirmRegistration',
  tag: 'registration',
  summary: 'Confirm a registration with its code',
  description:
    `Activates the pending account. The code works for ${settings.codes.ttlMinutes} minutes, ` +
    `${settings.codes.maxAttemptsPerCode} tries, once.`,
  success: 'The account is active.',
  bearer: false,
  idempotent: true,
  example: REQUEST_EXAMPLES.ConfirmRequest,
  invalidExample: { accountName: 'ada', pin: '1' },
  errors: (invalid) => ({
    '400': {
      description:
        'The body is invalid (`invalid_request`) or the code is wrong, expired or used up (`invalid_code`).',
      errors: [invalid, new InvalidCodeError()],
    },
    '429': 'RateLimited',
    ...BODY_ERRORS,
  }),
});

const resendDocs: RouteDocsOf = () => ({
  operationId: 'resendCode',
  tag: 'registration',
  summary: 'Send a new code for a pending registration',
  description: 'Answers alike whether or not the name has a pending registration.',
  success: 'A new code is on its way if the registration is pending.',
  bearer: false,
  idempotent: true,
  example: REQUEST_EXAMPLES.ResendRequest,
  invalidExample: {},
  errors: (invalid) => ({
    '400': { description: 'The body is invalid.', errors: [invalid] },
    '429': 'RateLimited',
    '503': 'DeliveryUnavailable',
    ...BODY_ERRORS,
  }),
});

export { confirm, confirmDocs, register, registerDocs, resend, resendDocs };
