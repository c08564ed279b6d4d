// test/unit/http: the owner's routes in the OpenAPI document: bearer security, their answers, and the
// error codes each answer shows.
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, DEFAULT_DOCUMENT_SETTINGS } from '../../../shared/http/openapi.js';

type Json = Record<string, unknown>;

const document = buildOpenApiDocument(DEFAULT_DOCUMENT_SETTINGS) as Json;
const paths = document.paths as Record<string, Record<string, Json>>;

const codesOf = (operation: Json, status: string): string[] => {
  const response = (operation.responses as Record<string, Json>)[status] as Json;
  const content = (response.content as Record<string, { examples?: Record<string, { value: Json }> }>)[
    'application/json'
  ];
  return Object.values(content?.examples ?? {}).map((example) => example.value.error as string);
};

describe('Function: buildOpenApiDocument (owner routes)', () => {
  it.each([
    ['get', '/v1/me', '200', ['401', '429', '500']],
    ['patch', '/v1/me', '200', ['400', '401', '413', '415', '429', '500']],
    ['delete', '/v1/me', '200', ['400', '401', '409', '413', '415', '429', '500']],
    ['post', '/v1/me/contact', '202', ['400', '401', '409', '413', '415', '422', '429', '500', '503']],
    ['post', '/v1/me/contact/confirm', '200', ['400', '401', '409', '413', '415', '422', '429', '500']],
  ])('documents %s %s behind a bearer token, with its answers', (method, path, success, errors) => {
    // Act
    const operation = paths[path]?.[method] as Json;

    // Assess
    expect(operation.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(operation.responses as Json).sort()).toEqual([success, ...errors].sort());
  });

  it('shows the 401s, 409 legal_hold and 400 invalid_code the owner routes answer', () => {
    // Assess
    expect(codesOf(paths['/v1/me']?.get as Json, '401')).toEqual(['unauthorized']);
    expect(codesOf(paths['/v1/me']?.delete as Json, '401')).toEqual(['unauthorized', 'invalid_credentials']);
    expect(codesOf(paths['/v1/me']?.delete as Json, '409')).toEqual(['legal_hold']);
    expect(codesOf(paths['/v1/me/contact']?.post as Json, '401')).toEqual([
      'unauthorized',
      'invalid_credentials',
    ]);
    expect(codesOf(paths['/v1/me/contact/confirm']?.post as Json, '400')).toEqual([
      'invalid_request',
      'invalid_code',
    ]);
  });

  it('describes the export in the shape the route answers with', () => {
    // Act
    const schema = (document.components as { schemas: Record<string, Json> }).schemas.AccountExport as {
      properties: Record<string, Json>;
      required: string[];
    };

    // Assess
    expect(schema.required.sort()).toEqual(['account', 'consent', 'disclosures', 'items', 'legalHold', 'sessions']);
    expect(schema.properties.legalHold).toMatchObject({ anyOf: expect.any(Array) });
  });
});
