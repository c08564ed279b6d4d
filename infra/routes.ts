// infra: the API's route table. The CDK stack makes one Lambda and one HTTP API route per entry;
// infra/local serves the same entries with the same handler modules. Nothing else lists routes.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What a function may do, and nothing more: infra turns each grant into the narrowest IAM statement.
 * - table:read / table:write: item-level reads / conditional writes and transactions on the table.
 * - table:query: Query on the table (a whole partition: an account's items, the audit log). No index.
 * - table:scan: Scan on the table (the retention sweeper's pass). No index.
 * - audit:append: PutItem into the audit log's partition (pk AUDIT). Every other function is denied
 *   it; every function, this one too, is denied updating or deleting an audit entry.
 * - keys:generate / keys:decrypt: KMS GenerateDataKey / Decrypt on the data-key wrapping key.
 * - secrets:read: GetSecretValue on the HMAC root secret.
 * - email:send / sms:send: SES SendEmail from the stage identity / SNS Publish to phone numbers.
 */
export type Grant =
  | 'table:read'
  | 'table:write'
  | 'table:query'
  | 'table:scan'
  | 'audit:append'
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
    grants: ['table:read', 'table:query', 'keys:decrypt', 'secrets:read'],
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
    grants: [
      'table:read',
      'table:write',
      'table:query',
      'keys:decrypt',
      'secrets:read',
      'email:send',
      'sms:send',
    ],
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

// ---- Functions no route reaches. ----

/** How a function without a route is started. */
export type TaskTrigger =
  /** Only by lambda:InvokeFunction from an IAM principal allowed to call it (no URL, no API route). */
  | { readonly kind: 'iam-invoke' }
  /** By an EventBridge schedule rule (a cron expression in UTC, fields as EventBridge spells them). */
  | {
      readonly kind: 'schedule';
      readonly cron: { readonly minute: string; readonly hour: string };
    };

export interface TaskSpec {
  /** Function name and the folder under functions/ that holds its handler.ts. */
  readonly name: string;
  readonly description: string;
  readonly hashes: boolean;
  readonly grants: readonly Grant[];
  readonly trigger: TaskTrigger;
  /** Lambda timeout. */
  readonly timeoutSeconds: number;
}

/**
 * The operators' function and the retention sweeper (issue 4). Their grants follow the adapters they
 * use: the admin store, audit log and owner store (admin: holds, disclosures, audit list, erasure on a
 * lifted hold); the retention store, audit log and owner store (sweeper: Scan, conditional deletes, a
 * checkpoint item, erasure). Erasure decrypts the owner's contact for its notice and sends it.
 */
export const TASKS: readonly TaskSpec[] = [
  {
    name: 'admin',
    description: "Signet admin: operators' commands (legal holds, disclosures, audit list); IAM invoke only",
    hashes: false,
    grants: [
      'table:read',
      'table:write',
      'table:query',
      'audit:append',
      'keys:decrypt',
      'secrets:read',
      'email:send',
      'sms:send',
    ],
    trigger: { kind: 'iam-invoke' },
    timeoutSeconds: 60,
  },
  {
    name: 'sweeper',
    description:
      'Signet retention sweeper: expired items, inactive accounts, erasures waiting on a lifted hold',
    hashes: false,
    // No secrets:read: the sweeper matches nothing by blind index, and KMS mode needs no root secret.
    grants: [
      'table:read',
      'table:write',
      'table:query',
      'table:scan',
      'audit:append',
      'keys:decrypt',
      'email:send',
      'sms:send',
    ],
    trigger: { kind: 'schedule', cron: { minute: '17', hour: '3' } },
    // Lambda's longest run; the sweeper stops two minutes early and the next run resumes.
    timeoutSeconds: 900,
  },
];
