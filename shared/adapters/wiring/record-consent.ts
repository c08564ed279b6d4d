// shared/adapters/wiring: what functions/me-consent gives recordConsent, built once per container.
import type { RecordConsentDeps } from '../../domain/session/record-consent.js';
import { accountStore } from './dynamodb.js';
import { settings, systemClock } from './environment.js';
import { once } from './once.js';
import { bearerAuthenticator } from './tokens.js';

const recordConsentDeps = /* @__PURE__ */ once(async (): Promise<RecordConsentDeps> => ({
  settings: settings(),
  authenticate: await bearerAuthenticator(),
  accounts: accountStore(),
  clock: systemClock,
}));

export { recordConsentDeps };
