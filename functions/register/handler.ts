// functions/register: POST /v1/registrations → registerAccount → 202 {accountName, channel, destination, expiresAt}
import { ipIdempotency } from '../../shared/adapters/wiring/idempotency.js';
import { settings } from '../../shared/adapters/wiring/environment.js';
import { registerAccountDeps } from '../../shared/adapters/wiring/register-account.js';
import { registerAccount } from '../../shared/domain/registration/register-account.js';
import { idempotentHttpRoute } from '../../shared/http/route.js';
import { register as route } from '../../shared/http/routes/registration.js';

// Once per container: configuration, secrets and clients are read and built here, not per request.
const register = registerAccount(await registerAccountDeps());
const RegistrationRequest = route.request(settings());

const guard = await ipIdempotency(route.endpoint.name);

export const handler = idempotentHttpRoute(route, RegistrationRequest, guard, async (registration, facts) => ({
  statusCode: 202,
  body: await register(registration, facts),
}));
