// functions/password-resets: POST /v1/password-resets → requestPasswordReset → 202 {status: "accepted", resetId}, alike for unknown names
import { ipIdempotency } from '../../shared/adapters/wiring/idempotency.js';
import { settings } from '../../shared/adapters/wiring/environment.js';
import { requestPasswordResetDeps } from '../../shared/adapters/wiring/request-password-reset.js';
import { requestPasswordReset } from '../../shared/domain/session/request-password-reset.js';
import { idempotentHttpRoute } from '../../shared/http/route.js';
import { passwordResets as route } from '../../shared/http/routes/sessions.js';

// Once per container.
const requestReset = requestPasswordReset(await requestPasswordResetDeps());
const PasswordResetRequest = route.request(settings());

const guard = await ipIdempotency(route.endpoint.name);

export const handler = idempotentHttpRoute(route, PasswordResetRequest, guard, async (input, facts) => ({
  statusCode: 202,
  body: await requestReset(input, facts),
}));
