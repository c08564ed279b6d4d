// infra: what each route needs from AWS, by route name: whether it hashes passwords (argon2, more memory),
// its grants and its throttle; then the functions no route reaches (admin, sweeper). The routes themselves
// (name, method, path, schemas) are shared/http/routes; a route without an entry here fails to compile.
import {
  FALLBACK_FUNCTION,
  functionEntry,
  ROUTES as ENDPOINTS,
  type Endpoint,
  type RouteName,
} from '../shared/http/routes/index.js';

/**
 * What a function may do, and nothing more: infra turns each grant into the narrowest IAM statement.
 * - table:read / table:write: item-level reads / conditional writes and transactions on the table.
 * - table:query: Query on the table (a whole partition: an account's items, the audit log). No index.
 * - table:scan: Scan on the table (the retention sweeper's pass). No index.
 * - idempotency:records: GetItem, PutItem, UpdateItem and DeleteItem on the function's own Idempotency-Key
 *   records (pk `IDEMPOTENCY#<route>`). Every function is denied any other route's records.
 * - audit:append: PutItem into the audit log's partition (pk AUDIT). Every other function is denied
 *   it; every function, this one too, is denied updating or deleting an audit entry.
 * - keys:generate / keys:decrypt: KMS GenerateDataKey / Decrypt on the data-key wrapping key.
 * - secrets:read: GetSecretValue on the HMAC root secret.
 * - email:send / sms:send: SES SendEmail from the stage identity / SNS Publish to phone numbers.
 * - tokens:sign: KMS Sign with the current token-signing key (the routes that issue access tokens), and
 *   GetPublicKey on the published keys (the `kid` is the public key's thumbprint).
 * - tokens:verify: KMS GetPublicKey on the published token keys (Bearer routes verify locally with them, once
 *   fetched per container; the JWKS serves them). No kms:Verify: verification never calls KMS.
 * - stream:read: reading the table's stream (the events forwarder's event source), and decrypting it.
 * - outbox:expire: UpdateItem on outbox items only (pk OUTBOX#…): shortening a forwarded event's TTL.
 * - events:publish: PutEvents on the stage's event bus, and no other.
 */
export type Grant =
  | 'table:read'
  | 'table:write'
  | 'table:query'
  | 'table:scan'
  | 'idempotency:records'
  | 'audit:append'
  | 'keys:generate'
  | 'keys:decrypt'
  | 'secrets:read'
  | 'email:send'
  | 'sms:send'
  | 'tokens:sign'
  | 'tokens:verify'
  | 'stream:read'
  | 'outbox:expire'
  | 'events:publish';

/** What infra adds to a route. */
export interface RouteInfra {
  /** Whether the function hashes passwords (needs argon2 and more memory). */
  readonly hashes: boolean;
  /** Permissions the function needs. */
  readonly grants: readonly Grant[];
  /** Per-route throttling (requests per second, burst). */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

/** A route with its infra: what the stack and infra/local build from. */
export interface RouteSpec extends Endpoint, RouteInfra {
  readonly name: RouteName;
}

/**
 * Each route's infra. The owner's routes read the account's partition (disclosures, a pending contact
 * change) with a Query on the table for export and erasure. Sign-in and the password routes hash with
 * argon2; the password change and the reset decrypt the account's contact (and name) for a notice.
 */
export const ROUTE_INFRA = {
  register: {
    grants: [
      'table:read',
      'table:write',
      'keys:generate',
      'secrets:read',
      'email:send',
      'sms:send',
      'idempotency:records',
    ],
    hashes: true,
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  confirm: {
    grants: ['table:read', 'table:write', 'secrets:read', 'idempotency:records'],
    hashes: false,
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  resend: {
    grants: [
      'table:read',
      'table:write',
      'keys:decrypt',
      'secrets:read',
      'email:send',
      'sms:send',
      'idempotency:records',
    ],
    hashes: false,
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  openapi: {
    grants: [],
    hashes: false,
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  // App backends fetch it once per cache lifetime (5 minutes) per process; browsers do not.
  jwks: {
    grants: ['tokens:verify'],
    hashes: false,
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  'me-get': {
    grants: ['table:read', 'table:query', 'keys:decrypt', 'secrets:read', 'tokens:verify'],
    hashes: false,
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  'me-patch': {
    grants: ['table:read', 'table:write', 'keys:decrypt', 'secrets:read', 'tokens:verify'],
    hashes: false,
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  'me-delete': {
    grants: [
      'table:read',
      'table:write',
      'table:query',
      'keys:decrypt',
      'secrets:read',
      'email:send',
      'sms:send',
      'tokens:verify',
    ],
    hashes: true,
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  'me-contact': {
    grants: [
      'table:read',
      'table:write',
      'keys:decrypt',
      'secrets:read',
      'email:send',
      'sms:send',
      'tokens:verify',
      'idempotency:records',
    ],
    hashes: true,
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  'me-contact-confirm': {
    grants: [
      'table:read',
      'table:write',
      'keys:decrypt',
      'secrets:read',
      'email:send',
      'sms:send',
      'tokens:verify',
      'idempotency:records',
    ],
    hashes: false,
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  sessions: {
    grants: ['table:read', 'table:write', 'secrets:read', 'tokens:sign'],
    hashes: true,
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  'password-resets': {
    grants: [
      'table:read',
      'table:write',
      'keys:decrypt',
      'secrets:read',
      'email:send',
      'sms:send',
      'idempotency:records',
    ],
    hashes: false,
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  'password-resets-confirm': {
    grants: [
      'table:read',
      'table:write',
      'table:query',
      'keys:decrypt',
      'secrets:read',
      'email:send',
      'sms:send',
      'idempotency:records',
    ],
    hashes: true,
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  'me-password': {
    grants: [
      'table:read',
      'table:write',
      'table:query',
      'keys:decrypt',
      'secrets:read',
      'email:send',
      'sms:send',
      'tokens:sign',
      'tokens:verify',
    ],
    hashes: true,
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  'me-consent': {
    grants: ['table:read', 'table:write', 'secrets:read', 'tokens:verify'],
    hashes: false,
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  // Refresh reads the account and the family, rotates in a transaction, and on a reuse tells the owner.
  'sessions-refresh': {
    grants: [
      'table:read',
      'table:write',
      'keys:decrypt',
      'secrets:read',
      'email:send',
      'sms:send',
      'tokens:sign',
    ],
    hashes: false,
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  'sessions-logout': {
    grants: ['table:read', 'table:write', 'secrets:read'],
    hashes: false,
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  // Lists the account's families (a Query on its partition) to end them, then bumps the token generation.
  'me-sessions-revoke-all': {
    grants: ['table:read', 'table:write', 'table:query', 'secrets:read', 'tokens:verify'],
    hashes: false,
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  // Reads only the settings; CloudFront and browsers cache the answer (Cache-Control).
  'privacy-policy': {
    grants: [],
    hashes: false,
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
} as const satisfies Record<RouteName, RouteInfra>;

/**
 * The HTTP API's CORS policy, the same in AWS (infra/constructs/signet-http-api.ts) and locally
 * (infra/local/http-server.ts); the origins are each stage's clients' allowedOrigins. Headers are named
 * one by one: a `*` would not cover Authorization anyway, and no credentials mode (tokens travel in headers).
 */
export const CORS_POLICY = {
  allowMethods: [...new Set(ENDPOINTS.map((endpoint) => endpoint.method))].sort(),
  allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
  /**
   * Response headers a browser app may read besides the safelisted ones: how long to wait after a 429 or a
   * 409 idempotency_in_progress, and whether an answer is replayed for a repeated Idempotency-Key.
   */
  exposeHeaders: ['retry-after', 'idempotent-replayed'],
  maxAgeSeconds: 600,
} as const;

/** The route table joined with each route's infra: one Lambda and one HTTP API route per entry. */
export const ROUTES: readonly RouteSpec[] = ENDPOINTS.map((endpoint) => ({
  ...endpoint,
  ...ROUTE_INFRA[endpoint.name],
}));

export { FALLBACK_FUNCTION, functionEntry };

// ---- Functions no route reaches. ----

/** How a function without a route is started. */
export type TaskTrigger =
  /** Only by lambda:InvokeFunction from an IAM principal allowed to call it (no URL, no API route). */
  | { readonly kind: 'iam-invoke' }
  /** By an EventBridge schedule rule (a cron expression in UTC, fields as EventBridge spells them). */
  | {
      readonly kind: 'schedule';
      readonly cron: { readonly minute: string; readonly hour: string };
    }
  /** By the table's stream, through a Lambda event source mapping (new outbox items only). */
  | { readonly kind: 'table-stream' };

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
 * The operators' function, the retention sweeper and the events forwarder. Their grants follow the adapters they
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
  {
    name: 'events-forwarder',
    description: 'Signet events forwarder: new outbox items from the table stream to the stage event bus',
    hashes: false,
    // No table:write: the only write is the forwarded item's TTL (outbox:expire); nothing is decrypted
    // but the stream itself.
    grants: ['stream:read', 'outbox:expire', 'events:publish'],
    trigger: { kind: 'table-stream' },
    // Ten events (one PutEvents) and ten UpdateItems.
    timeoutSeconds: 30,
  },
];
