// functions/me-sessions-revoke-all: POST /v1/me/sessions/revoke-all (Bearer; no body or {}) →
// revokeAllSessions → 200 {status: "signed_out"}
import { revokeAllSessionsDeps } from '../../shared/adapters/wiring/revoke-all-sessions.js';
import { revokeAllSessions } from '../../shared/domain/session/revoke-sessions.js';
import { httpOptionalBodyRoute } from '../../shared/http/route.js';
import { meSessionsRevokeAll as route } from '../../shared/http/routes/sessions.js';

// Once per container.
const revokeAll = revokeAllSessions(await revokeAllSessionsDeps());
const RevokeAllRequest = route.request();

export const handler = httpOptionalBodyRoute(route, RevokeAllRequest, async (_input, facts) => ({
  statusCode: 200,
  body: await revokeAll(facts),
}));
