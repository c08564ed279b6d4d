// functions/password-resets-confirm: POST /v1/password-resets/confirm → confirmPasswordReset → 200 {status: "changed"}
import { settings } from '../../shared/adapters/wiring/environment.js';
import { confirmPasswordResetDeps } from '../../shared/adapters/wiring/confirm-password-reset.js';
import { confirmPasswordReset } from '../../shared/domain/session/confirm-password-reset.js';
import { httpRoute } from '../../shared/http/route.js';
import { passwordResetsConfirm as route } from '../../shared/http/routes/sessions.js';

// Once per container.
const confirmReset = confirmPasswordReset(await confirmPasswordResetDeps());
const PasswordResetConfirmRequest = route.request(settings());

export const handler = httpRoute(route, PasswordResetConfirmRequest, async (input, facts) => ({
  statusCode: 200,
  body: await confirmReset(input, facts),
}));
