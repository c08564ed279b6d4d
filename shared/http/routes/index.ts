// shared/http/routes: the API's route table, plain data (no schema, no infra). The route modules beside this
// file (registration.ts, owner.ts, sessions.ts, meta.ts) add each route's schemas and documentation; infra
// (infra/route-infra.ts) adds grants, throttles and hashing by route name; infra/local serves the same table.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Where a route answers: its function and its method and path. */
export interface Endpoint {
  /** Function name and the folder under functions/ that holds its handler.ts. */
  readonly name: string;
  readonly method: HttpMethod;
  /** API Gateway HTTP API path (no path parameters in v1); /v1/… except the JWKS at its well-known place. */
  readonly path: string;
}

// One constant per endpoint, so that a route module refers to its own by name: esbuild drops an unused
// route (and the schemas only it builds) from a bundle only when the route object holds no property reads.
const registerEndpoint = { name: 'register', method: 'POST', path: '/v1/registrations' } as const;
const confirmEndpoint = { name: 'confirm', method: 'POST', path: '/v1/registrations/confirm' } as const;
const resendEndpoint = { name: 'resend', method: 'POST', path: '/v1/registrations/resend' } as const;
const openapiEndpoint = { name: 'openapi', method: 'GET', path: '/v1/openapi.json' } as const;
const jwksEndpoint = { name: 'jwks', method: 'GET', path: '/.well-known/jwks.json' } as const;
const privacyPolicyEndpoint = { name: 'privacy-policy', method: 'GET', path: '/v1/privacy-policy' } as const;
const meGetEndpoint = { name: 'me-get', method: 'GET', path: '/v1/me' } as const;
const mePatchEndpoint = { name: 'me-patch', method: 'PATCH', path: '/v1/me' } as const;
const meDeleteEndpoint = { name: 'me-delete', method: 'DELETE', path: '/v1/me' } as const;
const meContactEndpoint = { name: 'me-contact', method: 'POST', path: '/v1/me/contact' } as const;
const meContactConfirmEndpoint = {
  name: 'me-contact-confirm',
  method: 'POST',
  path: '/v1/me/contact/confirm',
} as const;
const sessionsEndpoint = { name: 'sessions', method: 'POST', path: '/v1/sessions' } as const;
const passwordResetsEndpoint = {
  name: 'password-resets',
  method: 'POST',
  path: '/v1/password-resets',
} as const;
const passwordResetsConfirmEndpoint = {
  name: 'password-resets-confirm',
  method: 'POST',
  path: '/v1/password-resets/confirm',
} as const;
const mePasswordEndpoint = { name: 'me-password', method: 'POST', path: '/v1/me/password' } as const;
const meConsentEndpoint = { name: 'me-consent', method: 'POST', path: '/v1/me/consent' } as const;
const sessionsRefreshEndpoint = {
  name: 'sessions-refresh',
  method: 'POST',
  path: '/v1/sessions/refresh',
} as const;
const sessionsLogoutEndpoint = { name: 'sessions-logout', method: 'POST', path: '/v1/sessions/logout' } as const;
const meSessionsRevokeAllEndpoint = {
  name: 'me-sessions-revoke-all',
  method: 'POST',
  path: '/v1/me/sessions/revoke-all',
} as const;

/** Every route of API v1, in the order the document and the stack list them. */
const ENDPOINTS = [
  registerEndpoint,
  confirmEndpoint,
  resendEndpoint,
  openapiEndpoint,
  jwksEndpoint,
  meGetEndpoint,
  mePatchEndpoint,
  meDeleteEndpoint,
  meContactEndpoint,
  meContactConfirmEndpoint,
  sessionsEndpoint,
  passwordResetsEndpoint,
  passwordResetsConfirmEndpoint,
  mePasswordEndpoint,
  meConsentEndpoint,
  sessionsRefreshEndpoint,
  sessionsLogoutEndpoint,
  meSessionsRevokeAllEndpoint,
  privacyPolicyEndpoint,
] as const satisfies readonly Endpoint[];

/** The name of a route: its function's folder under functions/. */
type RouteName = (typeof ENDPOINTS)[number]['name'];

/** The route table: one Lambda and one HTTP API route per entry. */
const ROUTES: readonly (Endpoint & { readonly name: RouteName })[] = ENDPOINTS;

/**
 * The function behind every path no route matches: it answers 404, or 405 with an Allow header when
 * the path is known under another method. API Gateway sends `$default` to it; infra/local likewise.
 */
const FALLBACK_FUNCTION = 'not-found';

/** The handler entry file of a function, relative to the repository root. */
const functionEntry = (name: string): string => `functions/${name}/handler.ts`;

export {
  confirmEndpoint,
  FALLBACK_FUNCTION,
  functionEntry,
  jwksEndpoint,
  meConsentEndpoint,
  meContactConfirmEndpoint,
  meContactEndpoint,
  meDeleteEndpoint,
  meGetEndpoint,
  mePasswordEndpoint,
  mePatchEndpoint,
  meSessionsRevokeAllEndpoint,
  openapiEndpoint,
  passwordResetsConfirmEndpoint,
  passwordResetsEndpoint,
  privacyPolicyEndpoint,
  registerEndpoint,
  resendEndpoint,
  ROUTES,
  sessionsEndpoint,
  sessionsLogoutEndpoint,
  sessionsRefreshEndpoint,
};
export type { RouteName };
