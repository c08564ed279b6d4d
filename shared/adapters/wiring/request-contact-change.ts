// shared/adapters/wiring: what functions/me-contact gives requestContactChange, built once per container.
import type { RequestContactChangeDeps } from '../../domain/owner/change-contact.js';
import { clientGate } from './client-gate.js';
import { courier } from './courier.js';
import { codeStore, contactThrottle, ownerStore } from './dynamodb.js';
import { random, settings, systemClock } from './environment.js';
import { fieldCipher, keyService } from './keys.js';
import { once } from './once.js';
import { currentPasswordCheck } from './password-check.js';
import { blindIndexer, codeHasher } from './secrets.js';
import { bearerAuthenticator } from './tokens.js';

const requestContactChangeDeps = /* @__PURE__ */ once(async (): Promise<RequestContactChangeDeps> => ({
  settings: settings(),
  authenticate: await bearerAuthenticator(),
  store: ownerStore(),
  checkPassword: await currentPasswordCheck(),
  indexer: await blindIndexer(),
  keys: await keyService(),
  cipher: fieldCipher,
  codeHasher: await codeHasher(),
  codes: codeStore(),
  noticeThrottle: contactThrottle(),
  courier: courier(),
  clientGate: await clientGate(),
  clock: systemClock,
  random,
}));

export { requestContactChangeDeps };
