// shared/adapters/wiring: what functions/me-contact-confirm gives confirmContactChange, built once per
// container.
import type { ConfirmContactChangeDeps } from '../../domain/owner/change-contact.js';
import { courier } from './courier.js';
import { codeStore, contactBudget, ownerStore } from './dynamodb.js';
import { settings, systemClock } from './environment.js';
import { fieldCipher, keyService } from './keys.js';
import { functionLogger } from './logger.js';
import { once } from './once.js';
import { codeHasher } from './secrets.js';
import { bearerAuthenticator } from './tokens.js';

const confirmContactChangeDeps = /* @__PURE__ */ once(async (): Promise<ConfirmContactChangeDeps> => ({
  settings: settings(),
  authenticate: await bearerAuthenticator(),
  store: ownerStore(),
  codeHasher: await codeHasher(),
  codes: codeStore(),
  budget: contactBudget(),
  keys: await keyService(),
  cipher: fieldCipher,
  courier: courier(),
  clock: systemClock,
  logger: functionLogger,
}));

export { confirmContactChangeDeps };
