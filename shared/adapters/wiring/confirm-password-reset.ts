// shared/adapters/wiring: what functions/password-resets-confirm gives confirmPasswordReset, built once per
// container.
import type { ConfirmPasswordResetDeps } from '../../domain/session/confirm-password-reset.js';
import { courier } from './courier.js';
import { accountStore, codeStore, sessionStore, signInThrottle } from './dynamodb.js';
import { settings, systemClock } from './environment.js';
import { passwordHasher } from './hashing.js';
import { fieldCipher, keyService } from './keys.js';
import { functionLogger } from './logger.js';
import { once } from './once.js';
import { passwordPolicy } from './password-policy.js';
import { blindIndexer, codeHasher } from './secrets.js';

const confirmPasswordResetDeps = /* @__PURE__ */ once(async (): Promise<ConfirmPasswordResetDeps> => ({
  settings: settings(),
  policy: await passwordPolicy(),
  hasher: passwordHasher(),
  indexer: await blindIndexer(),
  codes: await codeHasher(),
  codeStore: codeStore(),
  accounts: accountStore(),
  signInThrottle: signInThrottle(),
  sessions: sessionStore(),
  keys: await keyService(),
  cipher: fieldCipher,
  courier: courier(),
  clock: systemClock,
  logger: functionLogger,
}));

export { confirmPasswordResetDeps };
