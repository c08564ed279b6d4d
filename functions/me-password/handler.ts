// functions/me-password: POST /v1/me/password (Bearer) → changePassword → 200 {accessToken, tokenType, expiresIn}
import {
  accountStore,
  bearerAuthenticator,
  blindIndexer,
  domainLogger,
  ipFailureThrottle,
  settings,
  signInThrottle,
  systemClock,
  tokenService,
} from '../../shared/adapters/container.js';
import { dummyPasswordHash, passwordHasher } from '../../shared/adapters/container-hashing.js';
import { passwordPolicy } from '../../shared/adapters/container-password-policy.js';
import { fieldCipher, keyService } from '../../shared/adapters/container-keys.js';
import { courier } from '../../shared/adapters/container-messaging.js';
import { changePassword } from '../../shared/domain/session/change-password.js';
import { httpRoute } from '../../shared/http/route.js';
import { mePassword as route } from '../../shared/http/routes/sessions.js';

// Once per container.
const change = changePassword({
  settings: settings(),
  authenticate: await bearerAuthenticator(),
  policy: await passwordPolicy(),
  indexer: await blindIndexer(),
  hasher: passwordHasher(),
  dummyHash: dummyPasswordHash(),
  signInThrottle: signInThrottle(),
  ipThrottle: ipFailureThrottle(),
  accounts: accountStore(),
  tokens: await tokenService(),
  keys: await keyService(),
  cipher: fieldCipher,
  courier: courier(),
  clock: systemClock,
  logger: domainLogger,
});
const PasswordChangeRequest = route.request(settings());

export const handler = httpRoute(route, PasswordChangeRequest, async (input, facts) => ({
  statusCode: 200,
  body: await change(input, facts),
}));
