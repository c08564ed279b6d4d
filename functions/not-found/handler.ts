// functions/not-found: API Gateway `$default` → 404, or 405 with Allow when the path exists under another method
import { MethodNotAllowedError, NotFoundError } from '../../shared/domain/errors.js';
import { errorResponse, type HttpHandler } from '../../shared/http/route.js';
import { ROUTES } from '../../shared/http/routes/index.js';

export const handler: HttpHandler = async (event) => {
  const path = event.rawPath ?? event.requestContext?.http?.path ?? '/';
  const allow = ROUTES.filter((route) => route.path === path).map((route) => route.method);
  return errorResponse(allow.length > 0 ? new MethodNotAllowedError(allow) : new NotFoundError());
};
