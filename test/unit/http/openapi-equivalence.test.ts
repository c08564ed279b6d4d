// test/unit/http: the generated OpenAPI document against the one hand-built before the route modules
// (test/fixtures/openapi-v1-before.json): same paths, operations, schemas and examples once $refs are
// resolved; the new one may only add detail (descriptions, `security: []`, response entries).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, DEFAULT_DOCUMENT_SETTINGS } from '../../../shared/http/openapi.js';

type Json = unknown;

const BEFORE = JSON.parse(
  readFileSync(new URL('../../fixtures/openapi-v1-before.json', import.meta.url), 'utf8'),
) as Record<string, Json>;

/** Keys the new document may add where the old one had none. */
const ADDED_DETAIL = new Set(['description', 'security', 'contact']);

/**
 * Departures made on purpose since the fixture: refresh tokens and sign-out (three new routes, the token
 * pair of sign-in and the password change, `clientId` at sign-in, the live sessions of GET /v1/me).
 */
const NEW_PATHS = ['/v1/sessions/refresh', '/v1/sessions/logout', '/v1/me/sessions/revoke-all', '/v1/privacy-policy'];
/** The routes that take an Idempotency-Key. */
const IDEMPOTENT_PATHS = [
  '/v1/registrations',
  '/v1/registrations/resend',
  '/v1/registrations/confirm',
  '/v1/password-resets',
  '/v1/password-resets/confirm',
  '/v1/me/contact',
  '/v1/me/contact/confirm',
];
const INTENDED: readonly RegExp[] = [
  ...NEW_PATHS.map((path) => new RegExp(`^paths\\.${path.replaceAll('/', '\\/')} \\(added\\)$`)),
  /^paths\.\/v1\/me\.get\.responses\.200\.content\.application\/json\.schema\.(properties\.sessions \(added\)|required)$/,
  /^paths\.\/v1\/me\/password\.post\.(description|responses\.200\.content\.application\/json\.schema\.(description|required|properties\.(refreshToken|refreshExpiresIn) \(added\)))$/,
  /^paths\.\/v1\/sessions\.post\.requestBody\.content\.application\/json\.(example\.clientId \(added\)|schema\.(description|required|properties\.clientId \(added\)))$/,
  /^paths\.\/v1\/sessions\.post\.responses\.200\.content\.application\/json\.schema\.(description|required|properties\.(refreshToken|refreshExpiresIn) \(added\))$/,
  /^paths\.\/v1\/sessions\.post\.responses\.400\.content\.application\/json\.examples\.invalid_request\.value\.details$/,
  // The Idempotency-Key of the seven routes that send codes or change state: the header parameter, the replay
  // header on the success, the key's 400 in the description, and 409 idempotency_in_progress beside a route's own.
  ...IDEMPOTENT_PATHS.map(
    (path) =>
      new RegExp(
        `^paths\\.${path.replaceAll('/', '\\/')}\\.post\\.(parameters \\(added\\)|responses\\.20[02]\\.headers \\(added\\)|responses\\.400\\.description|responses\\.409\\.(description|headers \\(added\\)|content\\.application\\/json\\.examples\\.idempotency_in_progress \\(added\\)))$`,
      ),
  ),
];

/** `value` with every local $ref replaced by what it points to. */
const resolve = (root: Json, value: Json, seen: readonly string[] = []): Json => {
  if (Array.isArray(value)) return value.map((item) => resolve(root, item, seen));
  if (typeof value !== 'object' || value === null) return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    if (seen.includes(ref)) return { $cycle: ref };
    const target = ref
      .slice(2)
      .split('/')
      .reduce<Json>((node, key) => (node as Record<string, Json>)[key], root);
    return resolve(root, target, [...seen, ref]);
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(root, item, seen)]));
};

/** Where `after` departs from `before` other than by added detail, as JSON paths. */
const departures = (before: Json, after: Json, at: string, inResponses = false): string[] => {
  if (typeof before !== 'object' || before === null || typeof after !== 'object' || after === null) {
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [at];
  }
  if (Array.isArray(before) !== Array.isArray(after)) return [at];
  if (Array.isArray(before)) {
    const list = after as Json[];
    if (before.length !== list.length) return [at];
    return before.flatMap((item, index) => departures(item, list[index], `${at}[${index}]`));
  }
  const old = before as Record<string, Json>;
  const now = after as Record<string, Json>;
  const missing = Object.keys(old)
    .filter((key) => !(key in now))
    .map((key) => `${at}.${key} (missing)`);
  const added = Object.keys(now)
    .filter((key) => !(key in old) && !ADDED_DETAIL.has(key) && !inResponses)
    .map((key) => `${at}.${key} (added)`);
  const changed = Object.keys(old)
    .filter((key) => key in now)
    .flatMap((key) => departures(old[key], now[key], `${at}.${key}`, key === 'responses'));
  return [...missing, ...added, ...changed];
};

/**
 * Departures made on purpose since the fixture: password resets are bound to their request (the 202
 * answers a resetId; the confirm requires it, and its invalid_request example names it).
 */
const CHANGED_ON_PURPOSE = new Set([
  'paths./v1/password-resets.post.description',
  'paths./v1/password-resets.post.responses.202.description',
  'paths./v1/password-resets/confirm.post.description',
  'paths./v1/password-resets/confirm.post.responses.400.description',
  'paths./v1/password-resets.post.responses.202.content.application/json.schema.description',
  'paths./v1/password-resets.post.responses.202.content.application/json.schema.properties.resetId (added)',
  'paths./v1/password-resets.post.responses.202.content.application/json.schema.required',
  'paths./v1/password-resets/confirm.post.requestBody.content.application/json.example.resetId (added)',
  'paths./v1/password-resets/confirm.post.requestBody.content.application/json.schema.description',
  'paths./v1/password-resets/confirm.post.requestBody.content.application/json.schema.properties.resetId (added)',
  'paths./v1/password-resets/confirm.post.requestBody.content.application/json.schema.required',
  'paths./v1/password-resets/confirm.post.responses.400.content.application/json.examples.invalid_request.value.details',
  // The phone's country rule (every phone, whatever the channel) and the 503 `sms_unavailable` of the routes
  // that text a code (the SMS budgets).
  ...['/v1/registrations', '/v1/registrations/resend', '/v1/me/contact'].flatMap((path) => [
    `paths.${path}.post.responses.503.content.application/json.examples.sms_unavailable (added)`,
    `paths.${path}.post.responses.503.description`,
  ]),
  'paths./v1/registrations.post.requestBody.content.application/json.schema.properties.phone.description',
  'paths./v1/me/contact.post.requestBody.content.application/json.schema.properties.phone.description',
]);
/**
 * Sign-in takes the app client's `clientId`, access tokens are ES256 (their descriptions say so), and the JWKS
 * has a route of its own.
 */
const INTENDED_PATH_CHANGES = [
  'paths./.well-known/jwks.json (added)',
  'paths./v1/me/password.post.responses.200.content.application/json.schema.properties.accessToken.description',
  'paths./v1/sessions.post.requestBody.content.application/json.example.clientId (added)',
  'paths./v1/sessions.post.requestBody.content.application/json.schema.description',
  'paths./v1/sessions.post.requestBody.content.application/json.schema.properties.clientId (added)',
  'paths./v1/sessions.post.requestBody.content.application/json.schema.required',
  'paths./v1/sessions.post.responses.200.content.application/json.schema.properties.accessToken.description',
  'paths./v1/sessions.post.responses.400.content.application/json.examples.invalid_request.value.details',
];
for (const path of INTENDED_PATH_CHANGES) CHANGED_ON_PURPOSE.add(path);
const INTENDED_PATHS_ADDED = ['/.well-known/jwks.json'];
const INTENDED_DOCUMENT_CHANGES = ['components.securitySchemes.bearerAuth.description'];

describe('Document: OpenAPI v1 generated from the route modules', () => {
  it('serves the same paths, operations, schemas and examples as the hand-built document', () => {
    // Prepare
    const after = buildOpenApiDocument(DEFAULT_DOCUMENT_SETTINGS) as Record<string, Json>;

    // Act
    const found = departures(resolve(BEFORE, BEFORE.paths), resolve(after, after.paths), 'paths').filter(
      (at) => !INTENDED.some((intended) => intended.test(at)),
    );

    // Assess
    expect(found.filter((path) => !CHANGED_ON_PURPOSE.has(path))).toEqual([]);
    expect(Object.keys(after.paths as object).sort()).toEqual(
      [...Object.keys(BEFORE.paths as object), ...INTENDED_PATHS_ADDED, ...NEW_PATHS].sort(),
    );
  });

  it('keeps the document-wide parts: version, info, servers, tags and security schemes', () => {
    // Prepare
    const after = buildOpenApiDocument(DEFAULT_DOCUMENT_SETTINGS) as Record<string, Json>;
    const components = (doc: Record<string, Json>): Json =>
      (doc.components as Record<string, Json>).securitySchemes;

    // Act
    const found = [
      ...departures(BEFORE.openapi, after.openapi, 'openapi'),
      ...departures(BEFORE.info, after.info, 'info'),
      ...departures(BEFORE.servers, after.servers, 'servers'),
      ...departures(BEFORE.tags, after.tags, 'tags'),
      ...departures(components(BEFORE), components(after), 'components.securitySchemes'),
    ];

    // Assess
    expect(found).toEqual(INTENDED_DOCUMENT_CHANGES);
  });

  it('tells a changed schema from added detail', () => {
    // Prepare
    const before = { schema: { type: 'string', minLength: 3 } };

    // Act
    const detail = departures(before, { schema: { type: 'string', minLength: 3, description: 'x' } }, 's');
    const changed = departures(before, { schema: { type: 'string', minLength: 4 } }, 's');
    const widened = departures(before, { schema: { type: 'string', minLength: 3, maxLength: 9 } }, 's');

    // Assess
    expect(detail).toEqual([]);
    expect(changed).toEqual(['s.schema.minLength']);
    expect(widened).toEqual(['s.schema.maxLength (added)']);
  });
});
