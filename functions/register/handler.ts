// functions/register: POST /v1/registrations → registerAccount → 202 {accountName, channel, destination, expiresAt}
import { settings } from '../../shared/adapters/wiring/environment.js';
import { registerAccountDeps } from '../../shared/adapters/wiring/register-account.js';
import { registerAccount } from '../../shared/domain/registration/register-account.js';
import { httpRoute } from '../../shared/http/route.js';
import { register as route } from '../../shared/http/routes/registration.js';

// Once per container: configuration, secrets and clients are read and built here, not per request.
const register = registerAccount(await registerAccountDeps());
const RegistrationRequest = route.request(settings());

export const handler = httpRoute(route, RegistrationRequest, async (registration, facts) => ({
  statusCode: 202,
  body: await register(registration, facts),
}));
