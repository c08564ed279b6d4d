// shared/adapters/wiring: what functions/password-resets gives requestPasswordReset, built once per container.
import type { RequestPasswordResetDeps } from '../../domain/session/request-password-reset.js';
import { clientGate } from './client-gate.js';
import { courier } from './courier.js';
import { accountStore, codeStore } from './dynamodb.js';
import { random, settings, systemClock } from './environment.js';
import { fieldCipher, keyService } from './keys.js';
import { functionLogger } from './logger.js';
import { once } from './once.js';
import { blindIndexer, codeHasher } from './secrets.js';

const requestPasswordResetDeps = /* @__PURE__ */ once(async (): Promise<RequestPasswordResetDeps> => ({
  settings: settings(),
  indexer: await blindIndexer(),
  accounts: accountStore(),
  codes: await codeHasher(),
  codeStore: codeStore(),
  keys: await keyService(),
  cipher: fieldCipher,
  courier: courier(),
  clientGate: await clientGate(),
  clock: systemClock,
  random,
  logger: functionLogger,
  wait: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
}));

export { requestPasswordResetDeps };
