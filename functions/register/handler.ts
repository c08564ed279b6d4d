// functions/register: POST /v1/registrations → registerAccount → 202 {accountName, channel, destination, expiresAt}
import {
  blindIndexer,
  codeHasher,
  contactThrottle,
  random,
  registrationStore,
  settings,
  systemClock,
} from '../../shared/adapters/container.js';
import { passwordHasher } from '../../shared/adapters/container-hashing.js';
import { passwordPolicy } from '../../shared/adapters/container-password-policy.js';
import { fieldCipher, keyService } from '../../shared/adapters/container-keys.js';
import { courier } from '../../shared/adapters/container-messaging.js';
import { registerAccount } from '../../shared/domain/registration/register-account.js';
import { httpRoute } from '../../shared/http/route.js';
import { register as route } from '../../shared/http/routes/registration.js';

// Once per container: configuration, secrets and clients are read and built here, not per request.
const register = registerAccount({
  settings: settings(),
  policy: await passwordPolicy(),
  hasher: passwordHasher(),
  keys: await keyService(),
  cipher: fieldCipher,
  indexer: await blindIndexer(),
  codes: await codeHasher(),
  store: registrationStore(),
  noticeThrottle: contactThrottle(),
  courier: courier(),
  clock: systemClock,
  random,
});
const RegistrationRequest = route.request(settings());

export const handler = httpRoute(route, RegistrationRequest, async (registration) => ({
  statusCode: 202,
  body: await register(registration),
}));
