// functions/openapi: GET /v1/openapi.json → the OpenAPI 3.1 document generated from the route modules
import document from '../../shared/http/openapi.json' with { type: 'json' };
import { httpGetRoute } from '../../shared/http/route.js';
import { openapi as route } from '../../shared/http/routes/meta.js';

export const handler = httpGetRoute(route, async () => ({ statusCode: 200, body: document }));
