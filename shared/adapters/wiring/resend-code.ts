// shared/adapters/wiring: what functions/resend gives resendCode, built once per container.
import type { ResendCodeDeps } from '../../domain/registration/resend-code.js';
import { clientGate } from './client-gate.js';
import { courier } from './courier.js';
import { registrationStore } from './dynamodb.js';
import { random, settings, systemClock } from './environment.js';
import { fieldCipher, keyService } from './keys.js';
import { once } from './once.js';
import { blindIndexer, codeHasher } from './secrets.js';

const resendCodeDeps = /* @__PURE__ */ once(async (): Promise<ResendCodeDeps> => ({
  settings: settings(),
  indexer: await blindIndexer(),
  codes: await codeHasher(),
  store: registrationStore(),
  keys: await keyService(),
  cipher: fieldCipher,
  courier: courier(),
  clientGate: await clientGate(),
  clock: systemClock,
  random,
}));

export { resendCodeDeps };
