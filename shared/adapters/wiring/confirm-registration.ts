// shared/adapters/wiring: what functions/confirm gives confirmRegistration, built once per container.
import type { ConfirmRegistrationDeps } from '../../domain/registration/confirm-registration.js';
import { contactBudget, registrationStore } from './dynamodb.js';
import { settings, systemClock } from './environment.js';
import { once } from './once.js';
import { blindIndexer, codeHasher } from './secrets.js';

const confirmRegistrationDeps = /* @__PURE__ */ once(async (): Promise<ConfirmRegistrationDeps> => ({
  settings: settings(),
  indexer: await blindIndexer(),
  codes: await codeHasher(),
  store: registrationStore(),
  budget: contactBudget(),
  clock: systemClock,
}));

export { confirmRegistrationDeps };
