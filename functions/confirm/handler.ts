// functions/confirm: POST /v1/registrations/confirm → confirmRegistration → 200 {status: "active"}
import { ipIdempotency } from '../../shared/adapters/wiring/idempotency.js';
import { confirmRegistrationDeps } from '../../shared/adapters/wiring/confirm-registration.js';
import { confirmRegistration } from '../../shared/domain/registration/confirm-registration.js';
import { idempotentHttpRoute } from '../../shared/http/route.js';
import { confirm as route } from '../../shared/http/routes/registration.js';

// Once per container.
const confirm = confirmRegistration(await confirmRegistrationDeps());
const ConfirmRequest = route.request();

const guard = await ipIdempotency(route.endpoint.name);

export const handler = idempotentHttpRoute(route, ConfirmRequest, guard, async (input) => ({
  statusCode: 200,
  body: await confirm(input),
}));
