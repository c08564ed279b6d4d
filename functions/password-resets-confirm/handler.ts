// functions/password-resets-confirm: POST /v1/password-resets/confirm → confirmPasswordReset → 200 {status: "changed"}
import { ipIdempotency } from '../../shared/adapters/wiring/idempotency.js';
import { settings } from '../../shared/adapters/wiring/environment.js';
import { confirmPasswordResetDeps } from '../../shared/adapters/wiring/confirm-password-reset.js';
import { confirmPasswordReset } from '../../shared/domain/session/confirm-password-reset.js';
import { idempotentHttpRoute } from '../../shared/http/route.js';
import { passwordResetsConfirm as route } from '../../shared/http/routes/sessions.js';

// Once per container.
const confirmReset = confirmPasswordReset(await confirmPasswordResetDeps());
const PasswordResetConfirmRequest = route.request(settings());

const guard = await ipIdempotency(route.endpoint.name);

export const handler = idempotentHttpRoute(route, PasswordResetConfirmRequest, guard, async (input, facts) => ({
  statusCode: 200,
  body: await confirmReset(input, facts),
}));
