// functions/openapi: GET /v1/openapi.json → the OpenAPI 3.1 document generated from the request schemas
import document from '../../shared/http/openapi.json' with { type: 'json' };
import { httpGetRoute } from '../../shared/http/route.js';

export const handler = httpGetRoute(async () => ({ statusCode: 200, body: document }));
