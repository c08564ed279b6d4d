// infra: the API's route table. The CDK stack makes one Lambda and one HTTP API route per entry;
// infra/local serves the same entries with the same handler modules. Nothing else lists routes.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What a function may do, and nothing more: infra turns each grant into the narrowest IAM statement.
 * - table:read / table:write: item-level reads / conditional writes and transactions on the table.
 * - keys:generate / keys:decrypt: KMS GenerateDataKey / Decrypt on the data-key wrapping key.
 * - secrets:read: GetSecretValue on the HMAC root secret.
 * - email:send / sms:send: SES SendEmail from the stage identity / SNS Publish to phone numbers.
 */
export type Grant =
  | 'table:read'
  | 'table:write'
  | 'keys:generate'
  | 'keys:decrypt'
  | 'secrets:read'
  | 'email:send'
  | 'sms:send';

export interface RouteSpec {
  /** Function name and the folder under functions/ that holds its handler.ts. */
  readonly name: string;
  readonly method: HttpMethod;
  /** API Gateway HTTP API path (no path parameters in v1). */
  readonly path: string;
  /** Whether the function hashes passwords (needs argon2 and more memory). */
  readonly hashes: boolean;
  /** Permissions the function needs. */
  readonly grants: readonly Grant[];
  /** Per-route throttling (requests per second, burst). */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

export const ROUTES: readonly RouteSpec[] = [
  {
    name: 'register',
    grants: ['table:read', 'table:write', 'keys:generate', 'secrets:read', 'email:send', 'sms:send'],
    method: 'POST',
    path: '/v1/registrations',
    hashes: true,
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  {
    name: 'confirm',
    grants: ['table:read', 'table:write', 'secrets:read'],
    method: 'POST',
    path: '/v1/registrations/confirm',
    hashes: false,
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  {
    name: 'resend',
    grants: ['table:read', 'table:write', 'keys:decrypt', 'secrets:read', 'email:send', 'sms:send'],
    method: 'POST',
    path: '/v1/registrations/resend',
    hashes: false,
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  {
    name: 'openapi',
    grants: [],
    method: 'GET',
    path: '/v1/openapi.json',
    hashes: false,
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  // The owner's rights (issue 4): Bearer routes. Export and erasure read the account's partition
  // (disclosures, a pending contact change) with a Query on the table.
  {
    name: 'me-get',
    grants: ['table:read', 'keys:decrypt', 'secrets:read'],
    method: 'GET',
    path: '/v1/me',
    hashes: false,
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  {
    name: 'me-patch',
    grants: ['table:read', 'table:write', 'keys:decrypt', 'secrets:read'],
    method: 'PATCH',
    path: '/v1/me',
    hashes: false,
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  {
    name: 'me-delete',
    grants: ['table:read', 'table:write', 'keys:decrypt', 'secrets:read', 'email:send', 'sms:send'],
    method: 'DELETE',
    path: '/v1/me',
    hashes: true,
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  {
    name: 'me-contact',
    grants: ['table:read', 'table:write', 'keys:decrypt', 'secrets:read', 'email:send', 'sms:send'],
    method: 'POST',
    path: '/v1/me/contact',
    hashes: true,
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  {
    name: 'me-contact-confirm',
    grants: ['table:read', 'table:write', 'keys:decrypt', 'secrets:read', 'email:send', 'sms:send'],
    method: 'POST',
    path: '/v1/me/contact/confirm',
    hashes: false,
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  // Sign-in, password reset and change, consent (issue 4). Sign-in and the password routes hash with
  // argon2; the password change and the reset decrypt the account's contact (and name) for a notice.
  {
    name: 'sessions',
    grants: ['table:read', 'table:write', 'secrets:read'],
    method: 'POST',
    path: '/v1/sessions',
    hashes: true,
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  {
    name: 'password-resets',
    grants: ['table:read', 'table:write', 'keys:decrypt', 'secrets:read', 'email:send', 'sms:send'],
    method: 'POST',
    path: '/v1/password-resets',
    hashes: false,
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  {
    name: 'password-resets-confirm',
    grants: ['table:read', 'table:write', 'keys:decrypt', 'secrets:read', 'email:send', 'sms:send'],
    method: 'POST',
    path: '/v1/password-resets/confirm',
    hashes: true,
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  {
    name: 'me-password',
    grants: ['table:read', 'table:write', 'keys:decrypt', 'secrets:read', 'email:send', 'sms:send'],
    method: 'POST',
    path: '/v1/me/password',
    hashes: true,
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  {
    name: 'me-consent',
    grants: ['table:read', 'table:write', 'secrets:read'],
    method: 'POST',
    path: '/v1/me/consent',
    hashes: false,
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
];

/**
 * The function behind every path no route matches: it answers 404, or 405 with an Allow header when
 * the path is known under another method. API Gateway sends `$default` to it; infra/local likewise.
 */
export const FALLBACK_FUNCTION = 'not-found';

/** The handler entry file of a function, relative to the repository root. */
export const functionEntry = (name: string): string => `functions/${name}/handler.ts`;
