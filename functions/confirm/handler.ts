// functions/confirm: POST /v1/registrations/confirm → confirmRegistration → 200 {status: "active"}
import {
  blindIndexer,
  codeHasher,
  registrationStore,
  settings,
  systemClock,
} from '../../shared/adapters/container.js';
import { confirmRegistration } from '../../shared/domain/registration/confirm-registration.js';
import { httpRoute } from '../../shared/http/route.js';
import { confirm as route } from '../../shared/http/routes/registration.js';

// Once per container.
const confirm = confirmRegistration({
  settings: settings(),
  indexer: await blindIndexer(),
  codes: await codeHasher(),
  store: registrationStore(),
  clock: systemClock,
});
const ConfirmRequest = route.request();

export const handler = httpRoute(route, ConfirmRequest, async (input) => ({
  statusCode: 200,
  body: await confirm(input),
}));
