// shared/http/routes: GET /v1/openapi.json, the document itself (generated at build time, served as JSON).
import * as z from 'zod';
import { openapiEndpoint } from './index.js';
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

export { openapi, openapiDocs };
