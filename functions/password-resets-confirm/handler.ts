// functions/password-resets-confirm: POST /v1/password-resets/confirm → confirmPasswordReset → 200 {status: "changed"}
import {
  accountStore,
  blindIndexer,
  domainLogger,
  codeHasher,
  codeStore,
  settings,
  signInThrottle,
  systemClock,
} from '../../shared/adapters/container.js';
import { passwordHasher } from '../../shared/adapters/container-hashing.js';
import { passwordPolicy } from '../../shared/adapters/container-password-policy.js';
import { fieldCipher, keyService } from '../../shared/adapters/container-keys.js';
import { courier } from '../../shared/adapters/container-messaging.js';
import { confirmPasswordReset } from '../../shared/domain/session/confirm-password-reset.js';
import { httpRoute } from '../../shared/http/route.js';
import { passwordResetsConfirm as route } from '../../shared/http/routes/sessions.js';

// Once per container.
const confirmReset = confirmPasswordReset({
  settings: settings(),
  policy: await passwordPolicy(),
  hasher: passwordHasher(),
  indexer: await blindIndexer(),
  codes: await codeHasher(),
  codeStore: codeStore(),
  accounts: accountStore(),
  signInThrottle: signInThrottle(),
  keys: await keyService(),
  cipher: fieldCipher,
  courier: courier(),
  clock: systemClock,
  logger: domainLogger,
});
const PasswordResetConfirmRequest = route.request(settings());

export const handler = httpRoute(route, PasswordResetConfirmRequest, async (input) => ({
  statusCode: 200,
  body: await confirmReset(input),
}));
