// shared/adapters/wiring: what functions/me-get gives exportAccount, built once per container.
import type { ExportAccountDeps } from '../../domain/owner/export-account.js';
import { ownerStore, sessionStore } from './dynamodb.js';
import { settings, systemClock } from './environment.js';
import { fieldCipher, keyService } from './keys.js';
import { once } from './once.js';
import { bearerAuthenticator } from './tokens.js';

const exportAccountDeps = /* @__PURE__ */ once(async (): Promise<ExportAccountDeps> => ({
  settings: settings(),
  authenticate: await bearerAuthenticator(),
  store: ownerStore(),
  sessions: sessionStore(),
  clock: systemClock,
  keys: await keyService(),
  cipher: fieldCipher,
}));

export { exportAccountDeps };
