// shared/http/routes: sign-in, password reset and change, consent. POST /v1/sessions, /v1/password-resets,
// /v1/password-resets/confirm, /v1/me/password and /v1/me/consent: endpoint, request schema, success status
// and response schema, then the documentation of each (examples and the errors it may answer).
import type { AppSettings } from '../../config/settings.js';
import {
  InvalidCodeError,
  InvalidCredentialsError,
  InvalidGrantError,
  RateLimitedError,
  SignInLockedError,
  WeakPasswordError,
} from '../../domain/errors.js';
import { PASSWORD_REASONS } from '../../domain/password/password-policy.js';
import {
  ConsentRecordedSchema,
  createSessionRequestSchemas,
  PasswordChangedSchema,
  PasswordResetAcceptedSchema,
  SESSION_REQUEST_EXAMPLES,
  SignInResponseSchema,
  TokenPairSchema,
} from '../schemas.js';
import { createRefreshRequestSchemas, REFRESH_REQUEST_EXAMPLES, SignedOutSchema } from '../refresh-schemas.js';
import {
  meConsentEndpoint,
  mePasswordEndpoint,
  meSessionsRevokeAllEndpoint,
  passwordResetsConfirmEndpoint,
  passwordResetsEndpoint,
  sessionsEndpoint,
  sessionsLogoutEndpoint,
  sessionsRefreshEndpoint,
} from './index.js';
import { BODY_ERRORS, unauthorized, type BodyRoute, type ErrorAnswer, type RouteDocsOf } from './spec.js';

const sessions = {
  endpoint: sessionsEndpoint,
  request: (settings) => createSessionRequestSchemas(settings).SignInRequest,
  status: 200,
  response: SignInResponseSchema,
} as const satisfies BodyRoute;

const passwordResets = {
  endpoint: passwordResetsEndpoint,
  request: (settings) => createSessionRequestSchemas(settings).PasswordResetRequest,
  status: 202,
  response: PasswordResetAcceptedSchema,
} as const satisfies BodyRoute;

const passwordResetsConfirm = {
  endpoint: passwordResetsConfirmEndpoint,
  request: (settings) => createSessionRequestSchemas(settings).PasswordResetConfirmRequest,
  status: 200,
  response: PasswordChangedSchema,
} as const satisfies BodyRoute;

const mePassword = {
  endpoint: mePasswordEndpoint,
  request: (settings) => createSessionRequestSchemas(settings).PasswordChangeRequest,
  status: 200,
  response: TokenPairSchema,
} as const satisfies BodyRoute;

const meConsent = {
  endpoint: meConsentEndpoint,
  request: (settings) => createSessionRequestSchemas(settings).ConsentRequest,
  status: 200,
  response: ConsentRecordedSchema,
} as const satisfies BodyRoute;

const sessionsRefresh = {
  endpoint: sessionsRefreshEndpoint,
  request: () => createRefreshRequestSchemas().RefreshRequest,
  status: 200,
  response: TokenPairSchema,
} as const satisfies BodyRoute;

const sessionsLogout = {
  endpoint: sessionsLogoutEndpoint,
  request: () => createRefreshRequestSchemas().LogoutRequest,
  status: 200,
  response: SignedOutSchema,
} as const satisfies BodyRoute;

const meSessionsRevokeAll = {
  endpoint: meSessionsRevokeAllEndpoint,
  request: () => createRefreshRequestSchemas().RevokeAllRequest,
  status: 200,
  response: SignedOutSchema,
} as const satisfies BodyRoute;

/** 429 of the routes that check a password: back-off, lock or the client IP's failures. */
const signInThrottled = (settings: AppSettings): ErrorAnswer => ({
  description:
    `Too many failed sign-ins, even with the right password: after ${settings.signIn.backoffAfterFailures} ` +
    `consecutive failures on an account a back-off that doubles from ${settings.signIn.backoffInitialSeconds} s ` +
    `up to ${settings.signIn.backoffMaxSeconds} s; after ${settings.signIn.lockAfterFailures} the password is ` +
    `locked until a reset by code; at most ${settings.signIn.maxFailuresPerIpPerHour} failures per client IP an ` +
    'hour. Retry-After says how long to wait (for a lock, try again after a password reset).',
  errors: [new RateLimitedError(4), new SignInLockedError(settings.signIn.backoffMaxSeconds)],
  headers: { 'Retry-After': 'RetryAfter' },
});

/** 400 weak_password for a new password that breaks a rule. */
const weakNewPassword = (settings: AppSettings): WeakPasswordError =>
  new WeakPasswordError(PASSWORD_REASONS.tooShort(settings.password.minLength), 'newPassword');

const sessionsDocs: RouteDocsOf = (settings) => ({
  operationId: 'signIn',
  tag: 'sessions',
  summary: 'Sign in',
  description:
    `Answers an access token that works for ${settings.session.accessTokenTtlMinutes} minutes. A wrong password, an ` +
    'unknown name and an account not yet confirmed answer alike, with the same work. `consentRequired: true` ' +
    'says the privacy policy changed since the account consented (POST /v1/me/consent).',
  success: 'Signed in.',
  bearer: false,
  example: SESSION_REQUEST_EXAMPLES.SignInRequest,
  invalidExample: { accountName: 'ada' },
  errors: (invalid) => ({
    '400': { description: 'The body is invalid.', errors: [invalid] },
    '401': {
      description: 'The account name or password is wrong, or the account is not confirmed yet.',
      errors: [new InvalidCredentialsError()],
    },
    '429': signInThrottled(settings),
    ...BODY_ERRORS,
  }),
});

const passwordResetsDocs: RouteDocsOf = (settings) => ({
  operationId: 'requestPasswordReset',
  tag: 'sessions',
  summary: 'Send a password reset code',
  description:
    "A code goes to the account's verified email if it has one, else to its verified phone, bound to this " +
    'request: the answer carries a `resetId` (opaque, random) that the confirm must name with the code, so ' +
    "that nobody else's wrong codes use up its tries. At most " +
    `${settings.codes.resendMaxPerHour} codes an hour per account, ${settings.codes.resendCooldownSeconds} s ` +
    'apart. Answers alike whatever the name (unknown, unconfirmed, or asking again too soon): 202 with a ' +
    '`resetId` of the same shape.',
  success: 'A code is on its way if the name belongs to an account; keep the resetId for the confirm.',
  bearer: false,
  idempotent: true,
  example: SESSION_REQUEST_EXAMPLES.PasswordResetRequest,
  invalidExample: {},
  errors: (invalid) => ({
    '400': { description: 'The body is invalid.', errors: [invalid] },
    '429': 'RateLimited',
    ...BODY_ERRORS,
  }),
});

const passwordResetsConfirmDocs: RouteDocsOf = (settings) => ({
  operationId: 'confirmPasswordReset',
  tag: 'sessions',
  summary: 'Set a new password with the reset code',
  description:
    'Takes the `resetId` that POST /v1/password-resets answered with and the code that request sent. ' +
    `The code works for ${settings.codes.ttlMinutes} minutes, ${settings.codes.maxAttemptsPerCode} tries, once; ` +
    "tries on one reset's code never touch another's. A weak password is refused before the code is tried: " +
    'it neither spends the code nor counts as a try. Every token issued before stops working, a sign-in ' +
    'lock is lifted, and the owner is told (without a code).',
  success: 'The password is changed.',
  bearer: false,
  idempotent: true,
  example: SESSION_REQUEST_EXAMPLES.PasswordResetConfirmRequest,
  invalidExample: { accountName: 'ada', code: '123456' },
  errors: (invalid) => ({
    '400': {
      description:
        'The body is invalid (`invalid_request`; a body without `resetId` names it), the new password breaks a ' +
        'rule (`weak_password`), or the code is wrong, expired, used up or not of that reset (`invalid_code`).',
      errors: [invalid, weakNewPassword(settings), new InvalidCodeError()],
    },
    '429': 'RateLimited',
    ...BODY_ERRORS,
  }),
});

const mePasswordDocs: RouteDocsOf = (settings) => ({
  operationId: 'changePassword',
  tag: 'sessions',
  summary: 'Change my password',
  description:
    'Every earlier token, this one included, stops working, and every session (refresh token) ends; the answer ' +
    "holds a new access token and the refresh token of a new session for the caller's app client. A wrong " +
    'current password counts as a failed sign-in. The owner is told (without a code).',
  success: 'The password is changed; a new token.',
  bearer: true,
  example: SESSION_REQUEST_EXAMPLES.PasswordChangeRequest,
  invalidExample: { currentPassword: 'x' },
  errors: (invalid) => ({
    '400': {
      description:
        'The body is invalid (`invalid_request`) or the new password breaks a rule (`weak_password`).',
      errors: [invalid, weakNewPassword(settings)],
    },
    '401': unauthorized(true),
    '429': signInThrottled(settings),
    ...BODY_ERRORS,
  }),
});

const sessionsRefreshDocs: RouteDocsOf = (settings) => ({
  operationId: 'refreshSession',
  tag: 'sessions',
  summary: 'Trade a refresh token for new tokens',
  description:
    'Each use rotates the refresh token: keep the new one. Presenting a replaced refresh token again ends the ' +
    'whole session, the newest token included, and the owner is told (theft detection); a retry within ' +
    `${settings.session.refreshReuseGraceSeconds} s of the rotation answers once more, with the same new refresh ` +
    `token. A session ends ${settings.session.refreshTokenTtlDays} days after its sign-in, or after ` +
    `${settings.session.refreshIdleDays} days unused. At most ${settings.session.refreshesPerFamilyPerHour} ` +
    'refreshes per session an hour.',
  success: 'New tokens.',
  bearer: false,
  example: REFRESH_REQUEST_EXAMPLES.RefreshRequest,
  invalidExample: { refreshToken: 42 },
  errors: (invalid) => ({
    '400': { description: 'The body is invalid.', errors: [invalid] },
    '401': {
      description:
        'The refresh token is unknown, expired, revoked, replaced or for another client, or the client is unknown: one answer for all.',
      errors: [new InvalidGrantError()],
    },
    '429': {
      description: `More than ${settings.session.refreshesPerFamilyPerHour} refreshes of this session in an hour; Retry-After says how long to wait.`,
      errors: [new RateLimitedError(1800)],
      headers: { 'Retry-After': 'RetryAfter' },
    },
    ...BODY_ERRORS,
  }),
});

const sessionsLogoutDocs: RouteDocsOf = (settings) => ({
  operationId: 'signOut',
  tag: 'sessions',
  summary: 'Sign out',
  description:
    'Ends the session the refresh token belongs to. The access tokens it issued keep working until they ' +
    `expire (at most ${settings.session.accessTokenTtlMinutes} minutes); POST /v1/me/sessions/revoke-all ends them at ` +
    'once. An unknown or already ended token answers the same: the answer tells nobody whether a token was live.',
  success: 'Signed out.',
  bearer: false,
  example: REFRESH_REQUEST_EXAMPLES.LogoutRequest,
  invalidExample: {},
  errors: (invalid) => ({
    '400': { description: 'The body is invalid.', errors: [invalid] },
    '429': 'RateLimited',
    ...BODY_ERRORS,
  }),
});

const meSessionsRevokeAllDocs: RouteDocsOf = () => ({
  operationId: 'signOutEverywhere',
  tag: 'sessions',
  summary: 'Sign out everywhere',
  description:
    'Ends every session of the account and kills every access token at once, this one included. The body ' +
    'may be `{}` or left out.',
  success: 'Signed out everywhere.',
  bearer: true,
  example: REFRESH_REQUEST_EXAMPLES.RevokeAllRequest,
  invalidExample: { everywhere: true },
  errors: (invalid) => ({
    '400': { description: 'The body is invalid.', errors: [invalid] },
    '401': unauthorized(false),
    '429': 'RateLimited',
    ...BODY_ERRORS,
  }),
});

const meConsentDocs: RouteDocsOf = (settings) => ({
  operationId: 'recordConsent',
  tag: 'sessions',
  summary: 'Consent to the privacy policy in force',
  description:
    `Records consent to the current version (${settings.privacyPolicyVersion} by default) and the time; ` +
    'nothing else about the account changes. Another version answers 400 `invalid_request`.',
  success: 'The consent is recorded.',
  bearer: true,
  example: SESSION_REQUEST_EXAMPLES.ConsentRequest,
  invalidExample: {},
  errors: (invalid) => ({
    '400': {
      description: 'The body is invalid, or names another version than the one in force.',
      errors: [invalid],
    },
    '401': unauthorized(false),
    '429': 'RateLimited',
    ...BODY_ERRORS,
  }),
});

export {
  meConsent,
  meConsentDocs,
  mePassword,
  mePasswordDocs,
  meSessionsRevokeAll,
  meSessionsRevokeAllDocs,
  passwordResets,
  passwordResetsConfirm,
  passwordResetsConfirmDocs,
  passwordResetsDocs,
  sessions,
  sessionsDocs,
  sessionsLogout,
  sessionsLogoutDocs,
  sessionsRefresh,
  sessionsRefreshDocs,
};
