// shared/adapters/wiring: what functions/register gives registerAccount, built once per container.
import type { RegisterAccountDeps } from '../../domain/registration/register-account.js';
import { clientGate } from './client-gate.js';
import { courier } from './courier.js';
import { contactThrottle, registrationStore } from './dynamodb.js';
import { random, settings, systemClock } from './environment.js';
import { passwordHasher } from './hashing.js';
import { fieldCipher, keyService } from './keys.js';
import { once } from './once.js';
import { passwordPolicy } from './password-policy.js';
import { blindIndexer, codeHasher } from './secrets.js';

/**
 * @example
 * const register = registerAccount(await registerAccountDeps());
 */
const registerAccountDeps = /* @__PURE__ */ once(async (): Promise<RegisterAccountDeps> => ({
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
  clientGate: await clientGate(),
  clock: systemClock,
  random,
}));

export { registerAccountDeps };
