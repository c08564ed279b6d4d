// functions/sessions-refresh: POST /v1/sessions/refresh → refreshSession → 200 {accessToken, tokenType,
// expiresIn, refreshToken, refreshExpiresIn}
import { refreshSessionDeps } from '../../shared/adapters/wiring/refresh-session.js';
import { refreshSession } from '../../shared/domain/session/refresh-session.js';
import { httpRoute } from '../../shared/http/route.js';
import { sessionsRefresh as route } from '../../shared/http/routes/sessions.js';

// Once per container.
const refresh = refreshSession(await refreshSessionDeps());
const RefreshRequest = route.request();

export const handler = httpRoute(route, RefreshRequest, async (input) => ({
  statusCode: 200,
  body: await refresh(input),
}));
