// functions/me-password: POST /v1/me/password (Bearer) → changePassword → 200 {accessToken, tokenType, expiresIn}
import { settings } from '../../shared/adapters/wiring/environment.js';
import { changePasswordDeps } from '../../shared/adapters/wiring/change-password.js';
import { changePassword } from '../../shared/domain/session/change-password.js';
import { httpRoute } from '../../shared/http/route.js';
import { mePassword as route } from '../../shared/http/routes/sessions.js';

// Once per container.
const change = changePassword(await changePasswordDeps());
const PasswordChangeRequest = route.request(settings());

export const handler = httpRoute(route, PasswordChangeRequest, async (input, facts) => ({
  statusCode: 200,
  body: await change(input, facts),
}));
