// test/unit/http: the OpenAPI 3.1 document is generated from the schemas, checked in unchanged,
// and documents every route, request body and error answer.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ROUTES } from '../../../shared/http/routes/index.js';
import { parseAppSettings } from '../../../shared/config/settings.js';
import {
  buildOpenApiDocument,
  DEFAULT_DOCUMENT_SETTINGS,
  renderOpenApiDocument,
} from '../../../shared/http/openapi.js';
import { OPENAPI_FILE, runOpenApiCli } from '../../../shared/http/openapi-cli.js';
import { ErrorResponseSchema } from '../../../shared/http/schemas.js';

type Json = Record<string, unknown>;

const document = buildOpenApiDocument(DEFAULT_DOCUMENT_SETTINGS) as Json;
const paths = document.paths as Record<string, Record<string, Json>>;
const components = document.components as { schemas: Record<string, Json>; responses: Record<string, Json> };

/** Follows a local `$ref` ('#/components/...') through the document. */
const resolve = (ref: string): unknown =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], document);

/** Every value in the document with the path that leads to it. */
const walk = (
  node: unknown,
  path: string[] = [],
  found: [string[], unknown][] = [],
): [string[], unknown][] => {
  found.push([path, node]);
  if (typeof node === 'object' && node !== null) {
    for (const [key, child] of Object.entries(node)) walk(child, [...path, key], found);
  }
  return found;
};

/** A response object, following a `$ref` to components.responses. */
const responseOf = (operation: Json, status: string): Json => {
  const response = (operation.responses as Record<string, Json>)[status];
  expect(response, `response ${status}`).toBeDefined();
  const ref = response?.$ref;
  return (typeof ref === 'string' ? resolve(ref) : response) as Json;
};

/** The error codes a response's examples show. */
const exampleCodes = (response: Json): string[] => {
  const content = (response.content as Record<string, { examples?: Record<string, { value: Json }> }>)[
    'application/json'
  ];
  return Object.values(content?.examples ?? {}).map((example) => example.value.error as string);
};

describe('Function: buildOpenApiDocument', () => {
  it('is the checked-in shared/http/openapi.json, so that it cannot go stale', async () => {
    // Act
    const checkedIn = await readFile(OPENAPI_FILE, 'utf8');

    // Assess
    expect(checkedIn).toBe(renderOpenApiDocument());
    expect(JSON.parse(checkedIn)).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('is an OpenAPI 3.1 document with info, servers, paths and components', () => {
    // Assess
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: 'Signet API', version: expect.any(String) });
    expect(document.servers).toEqual([expect.objectContaining({ url: expect.any(String) })]);
    expect(Object.keys(components.schemas).sort()).toEqual([
      'AccountExport',
      'ConfirmRequest',
      'ConfirmResponse',
      'ConsentRecorded',
      'ConsentRequest',
      'ContactChangeAccepted',
      'ContactChangeRequest',
      'ContactChanged',
      'ContactConfirmRequest',
      'EraseRequest',
      'Erased',
      'Error',
      'ErrorDetail',
      'Jwks',
      'LogoutRequest',
      'PasswordChangeRequest',
      'PasswordChanged',
      'PasswordResetAccepted',
      'PasswordResetConfirmRequest',
      'PasswordResetRequest',
      'PrivacyPolicy',
      'ProfilePatchRequest',
      'ProfileUpdated',
      'RefreshRequest',
      'RegistrationAccepted',
      'RegistrationRequest',
      'ResendAccepted',
      'ResendRequest',
      'RevokeAllRequest',
      'SignInRequest',
      'SignInResponse',
      'SignedOut',
      'TokenPair',
    ]);
  });

  it('documents every route of shared/http/routes, and nothing else', () => {
    // Act
    const documented = Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );

    // Assess
    expect(documented.sort()).toEqual(ROUTES.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('resolves every $ref, and holds no $schema or $id inside components', () => {
    // Act
    const entries = walk(document);
    const refs = entries.filter(([path]) => path.at(-1) === '$ref').map(([, ref]) => ref as string);
    const stray = entries.filter(([path]) => path.at(-1) === '$schema' || path.at(-1) === '$id');

    // Assess
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(resolve(ref), ref).toBeDefined();
    expect(stray).toEqual([]);
  });

  it('gives each POST a required JSON request body whose schema, and every object in it, is strict', () => {
    for (const route of ROUTES.filter((candidate) => candidate.method === 'POST')) {
      // Prepare
      const operation = paths[route.path]?.post as Json;
      const body = operation.requestBody as {
        required: boolean;
        content: Record<string, { schema: { $ref: string } }>;
      };

      // Act
      const schema = resolve(body.content['application/json']?.schema.$ref ?? '') as Json;
      const objects = walk(schema)
        .map(([, node]) => node as Json)
        .filter((node) => typeof node === 'object' && node !== null && node.type === 'object');

      // Assess
      expect(body.required).toBe(true);
      expect(schema.type).toBe('object');
      expect(schema.additionalProperties).toBe(false);
      expect(objects.length).toBeGreaterThan(0);
      for (const object of objects) expect(object.additionalProperties).toBe(false);
    }
  });

  it('describes the registration fields as the schema checks them', () => {
    // Act
    const registration = components.schemas.RegistrationRequest as {
      properties: Record<string, Json>;
      required: string[];
    };

    // Assess
    expect(registration.required).toEqual(['accountName', 'password', 'channel']);
    expect(Object.keys(registration.properties).sort()).toEqual(
      ['accountName', 'channel', 'email', 'interests', 'locale', 'password', 'phone', 'preferences'].sort(),
    );
    expect(registration.properties.channel).toMatchObject({ enum: ['email', 'sms'] });
    expect(registration.properties.locale).toMatchObject({ enum: ['en', 'zh-CN'], default: 'en' });
    expect(registration.properties.interests).toMatchObject({ type: 'array', maxItems: 13 });
    expect(registration.properties.password?.description).toContain('15 to 256');
    expect(registration.properties.phone?.description).toContain('GB');
  });

  it('follows the settings it is built with', () => {
    // Prepare
    const settings = parseAppSettings({
      ...DEFAULT_DOCUMENT_SETTINGS,
      defaultPhoneRegion: 'US',
      password: { minLength: 12, maxLength: 128 },
    });

    // Act
    const other = buildOpenApiDocument(settings) as {
      components: { schemas: { RegistrationRequest: { properties: Record<string, Json> } } };
    };

    // Assess
    const properties = other.components.schemas.RegistrationRequest.properties;
    expect(properties.password?.description).toContain('12 to 128');
    expect(properties.phone?.description).toContain('read as US');
  });

  it.each([
    ['/v1/registrations', '202', ['400', '409', '413', '415', '422', '429', '500', '503']],
    ['/v1/registrations/confirm', '200', ['400', '409', '413', '415', '422', '429', '500']],
    ['/v1/registrations/resend', '202', ['400', '409', '413', '415', '422', '429', '500', '503']],
  ])('documents the answers of POST %s', (path, success, errors) => {
    // Prepare
    const operation = paths[path]?.post as Json;

    // Act
    const statuses = Object.keys(operation.responses as Json);

    // Assess
    expect(statuses.sort()).toEqual([success, ...errors].sort());
    expect(responseOf(operation, success).content).toBeDefined();
  });

  it.each([
    ['/v1/registrations', '400', ['invalid_request', 'weak_password']],
    ['/v1/registrations', '409', ['account_name_taken', 'idempotency_in_progress']],
    ['/v1/registrations/confirm', '409', ['idempotency_in_progress']],
    ['/v1/registrations/resend', '422', ['idempotency_key_reused']],
    ['/v1/registrations', '413', ['payload_too_large']],
    ['/v1/registrations', '415', ['unsupported_media_type']],
    ['/v1/registrations', '503', ['delivery_unavailable', 'sms_unavailable']],
    ['/v1/registrations/confirm', '400', ['invalid_request', 'invalid_code']],
    ['/v1/registrations/resend', '429', ['rate_limited']],
    ['/v1/registrations/resend', '500', ['internal_error']],
  ])('shows POST %s %s as %j', (path, status, codes) => {
    // Act
    const response = responseOf(paths[path]?.post as Json, status);

    // Assess
    expect(exampleCodes(response)).toEqual(codes);
  });

  it('documents 404 not_found and 405 method_not_allowed with Allow, and 429 with Retry-After', () => {
    // Act
    const { NotFound, MethodNotAllowed, RateLimited } = components.responses;

    // Assess
    expect(exampleCodes(NotFound as Json)).toEqual(['not_found']);
    expect(exampleCodes(MethodNotAllowed as Json)).toEqual(['method_not_allowed']);
    expect(Object.keys((MethodNotAllowed as { headers: Json }).headers)).toEqual(['Allow']);
    expect(Object.keys((RateLimited as { headers: Json }).headers)).toEqual(['Retry-After']);
  });

  it('shows only error examples that have the documented error body and hold no submitted value', () => {
    // Act
    const examples = walk(document)
      .filter(([path]) => path.includes('examples') && path.at(-1) === 'value' && path.includes('responses'))
      .map(([, value]) => value);

    // Assess
    expect(examples.length).toBeGreaterThanOrEqual(12);
    for (const example of examples) expect(ErrorResponseSchema.safeParse(example).success).toBe(true);
    expect(JSON.stringify(examples)).not.toContain('tulip orbit');
  });

  it('takes an Idempotency-Key on the seven routes that send codes or change state, and on no other', () => {
    // Prepare
    const idempotent = [
      '/v1/registrations',
      '/v1/registrations/resend',
      '/v1/registrations/confirm',
      '/v1/password-resets',
      '/v1/password-resets/confirm',
      '/v1/me/contact',
      '/v1/me/contact/confirm',
    ];
    const components = (document as { components: { parameters: Record<string, Json>; headers: Record<string, Json> } })
      .components;

    // Act
    const withKey = Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => JSON.stringify((operation as { parameters?: Json }).parameters ?? []).includes('IdempotencyKey'))
        .map(([method]) => `${method} ${path}`),
    );

    // Assess
    expect(withKey.sort()).toEqual(idempotent.map((path) => `post ${path}`).sort());
    expect(components.parameters.IdempotencyKey).toMatchObject({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
    for (const path of idempotent) {
      const operation = paths[path]?.post as { responses: Record<string, { headers?: Record<string, Json> }> };
      const success = Object.keys(operation.responses).find((status) => status.startsWith('2')) as string;
      expect(operation.responses[success]?.headers?.['Idempotent-Replayed']).toEqual({
        $ref: '#/components/headers/IdempotentReplayed',
      });
      expect(exampleCodes(responseOf(operation as Json, '422'))).toEqual(['idempotency_key_reused']);
      expect(exampleCodes(responseOf(operation as Json, '409'))).toContain('idempotency_in_progress');
      expect(responseOf(operation as Json, '409').headers).toMatchObject({ 'Retry-After': expect.anything() });
    }
  });
});

describe('Function: runOpenApiCli', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'signet-openapi-'));
    vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    vi.spyOn(process.stderr, 'write').mockReturnValue(true);
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(directory, { recursive: true, force: true });
  });

  it('passes --check on the checked-in file', async () => {
    // Act
    const code = await runOpenApiCli({ check: true });

    // Assess
    expect(code).toBe(0);
  });

  it('fails --check on a stale or missing file, and writes one that then passes', async () => {
    // Prepare
    const file = join(directory, 'openapi.json');
    await writeFile(file, '{"openapi":"3.1.0"}\n');

    // Act
    const stale = await runOpenApiCli({ check: true, file });
    const missing = await runOpenApiCli({ check: true, file: join(directory, 'absent.json') });
    const written = await runOpenApiCli({ check: false, file });
    const fresh = await runOpenApiCli({ check: true, file });

    // Assess
    expect([stale, missing, written, fresh]).toEqual([1, 1, 0, 0]);
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toMatch(/^ {2}"components"/);
  });
});
