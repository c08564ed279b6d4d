// functions/password-resets: POST /v1/password-resets → requestPasswordReset → 202 {status: "accepted"}, alike for unknown names
import {
  accountStore,
  blindIndexer,
  domainLogger,
  codeHasher,
  codeStore,
  random,
  settings,
  systemClock,
} from '../../shared/adapters/container.js';
import { fieldCipher, keyService } from '../../shared/adapters/container-keys.js';
import { courier } from '../../shared/adapters/container-messaging.js';
import { requestPasswordReset } from '../../shared/domain/session/request-password-reset.js';
import { httpRoute } from '../../shared/http/route.js';
import { passwordResets as route } from '../../shared/http/routes/sessions.js';

// Once per container.
const requestReset = requestPasswordReset({
  settings: settings(),
  indexer: await blindIndexer(),
  accounts: accountStore(),
  codes: await codeHasher(),
  codeStore: codeStore(),
  keys: await keyService(),
  cipher: fieldCipher,
  courier: courier(),
  clock: systemClock,
  random,
  logger: domainLogger,
});
const PasswordResetRequest = route.request(settings());

export const handler = httpRoute(route, PasswordResetRequest, async (input) => {
  await requestReset(input);
  return { statusCode: 202, body: { status: 'accepted' as const } };
});
