// functions/sessions-logout: POST /v1/sessions/logout → signOut → 200 {status: "signed_out"}
import { signOutDeps } from '../../shared/adapters/wiring/sign-out.js';
import { signOut } from '../../shared/domain/session/sign-out.js';
import { httpRoute } from '../../shared/http/route.js';
import { sessionsLogout as route } from '../../shared/http/routes/sessions.js';

// Once per container.
const logout = signOut(await signOutDeps());
const LogoutRequest = route.request();

export const handler = httpRoute(route, LogoutRequest, async (input) => ({
  statusCode: 200,
  body: await logout(input),
}));
