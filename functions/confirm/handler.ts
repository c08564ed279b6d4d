// functions/confirm: POST /v1/registrations/confirm → confirmRegistration → 200 {status: "active"}
import { confirmRegistrationDeps } from '../../shared/adapters/wiring/confirm-registration.js';
import { confirmRegistration } from '../../shared/domain/registration/confirm-registration.js';
import { httpRoute } from '../../shared/http/route.js';
import { confirm as route } from '../../shared/http/routes/registration.js';

// Once per container.
const confirm = confirmRegistration(await confirmRegistrationDeps());
const ConfirmRequest = route.request();

export const handler = httpRoute(route, ConfirmRequest, async (input) => ({
  statusCode: 200,
  body: await confirm(input),
}));
