// shared/http/routes: GET /v1/openapi.json, the document itself (generated at build time, served as JSON),
// GET /.well-known/jwks.json, the public keys access tokens are signed with, and GET /v1/privacy-policy, the
// version of the privacy policy in force (the one a registration or POST /v1/me/consent accepts).
import * as z from 'zod';
import { jwksEndpoint, openapiEndpoint, privacyPolicyEndpoint } from './index.js';
import type { BodylessRoute, RouteDocsOf } from './spec.js';

/** Any JSON object: the document's own schema is OpenAPI's, not restated here. */
const OpenApiDocumentSchema = z.custom<object>((value) => typeof value === 'object' && value !== null);

const openapi = {
  endpoint: openapiEndpoint,
  status: 200,
  response: OpenApiDocumentSchema,
} as const satisfies BodylessRoute;

const openapiDocs: RouteDocsOf = () => ({
  operationId: 'getOpenApiDocument',
  tag: 'meta',
  summary: 'This document',
  description: 'The OpenAPI 3.1 document of API v1, generated from the route modules.',
  success: 'The OpenAPI 3.1 document of API v1.',
  bearer: false,
  errors: () => ({ '429': 'RateLimited', '500': 'InternalError' }),
});

/** One published P-256 verification key (RFC 7517, RFC 7518 §6.2). */
const PublicJwkSchema = /* @__PURE__ */ z
  .strictObject({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string().meta({ description: 'The x coordinate, base64url.' }),
    y: z.string().meta({ description: 'The y coordinate, base64url.' }),
    kid: z.string().meta({ description: "The key's RFC 7638 thumbprint: the `kid` in a token's header." }),
    use: z.literal('sig'),
    alg: z.literal('ES256'),
  })
  .meta({ description: 'A public key that access tokens may be signed with.' });

/** 200 to GET /.well-known/jwks.json. */
const JwksSchema = /* @__PURE__ */ z
  .strictObject({ keys: z.array(PublicJwkSchema).min(1) })
  .meta({
    description:
      'The JSON Web Key Set of the token-signing keys: the current one and, while keys rotate, the next or previous.',
  });

const jwks = {
  endpoint: jwksEndpoint,
  status: 200,
  response: JwksSchema,
} as const satisfies BodylessRoute;

/** How long clients and caches may keep the key set: the rotation runbook waits this long (README). */
const JWKS_MAX_AGE_SECONDS = 300;

const jwksDocs: RouteDocsOf = (settings) => ({
  operationId: 'getJwks',
  tag: 'meta',
  summary: 'The token-signing public keys',
  description:
    `The keys that verify Signet's access tokens (ES256, \`typ: at+jwt\`), chosen by a token's \`kid\`; cacheable ` +
    `for ${JWKS_MAX_AGE_SECONDS} seconds (Cache-Control). Verify \`iss\` = ${settings.session.issuer} (this stage's ` +
    'issuer) and `aud` = your client id. Signet publishes no OpenID discovery document.',
  success: 'The JSON Web Key Set.',
  bearer: false,
  errors: () => ({ '429': 'RateLimited', '500': 'InternalError' }),
});

/** 200 to GET /v1/privacy-policy. */
const PrivacyPolicySchema = /* @__PURE__ */ z
  .strictObject({
    version: z.string().min(1).max(64).meta({
      description: 'The version in force: the one a registration records and POST /v1/me/consent accepts.',
      examples: ['2026-11-01'],
    }),
    effectiveAt: z.iso.datetime().meta({
      description: 'When this version took effect (ISO 8601, UTC).',
      examples: ['2026-11-01T00:00:00.000Z'],
    }),
  })
  .meta({ description: 'The privacy policy in force.' });

const privacyPolicy = {
  endpoint: privacyPolicyEndpoint,
  status: 200,
  response: PrivacyPolicySchema,
} as const satisfies BodylessRoute;

/** How long browsers and CloudFront may keep the answer: a new version is seen within this time. */
const PRIVACY_POLICY_MAX_AGE_SECONDS = 300;

const privacyPolicyDocs: RouteDocsOf = (settings) => ({
  operationId: 'getPrivacyPolicy',
  tag: 'meta',
  summary: 'The privacy policy in force',
  description:
    `The version of the privacy policy in force (${settings.privacyPolicyVersion} by default) and when it took ` +
    'effect: the version a registration records and POST /v1/me/consent accepts. Public, cacheable for ' +
    `${PRIVACY_POLICY_MAX_AGE_SECONDS} seconds (Cache-Control).`,
  success: 'The version in force and when it took effect.',
  bearer: false,
  errors: () => ({ '429': 'RateLimited', '500': 'InternalError' }),
});

export {
  JWKS_MAX_AGE_SECONDS,
  jwks,
  jwksDocs,
  openapi,
  openapiDocs,
  PRIVACY_POLICY_MAX_AGE_SECONDS,
  privacyPolicy,
  privacyPolicyDocs,
};
