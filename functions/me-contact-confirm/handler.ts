// functions/me-contact-confirm: POST /v1/me/contact/confirm {code} → confirmContactChange → 200 {status: "changed"}
import {
  bearerAuthenticator,
  codeHasher,
  codeStore,
  ownerStore,
  settings,
  systemClock,
} from '../../shared/adapters/container.js';
import { fieldCipher, keyService } from '../../shared/adapters/container-keys.js';
import { courier } from '../../shared/adapters/container-messaging.js';
import { ownerLogger } from '../../shared/adapters/container-owner.js';
import { confirmContactChange } from '../../shared/domain/owner/change-contact.js';
import { httpRoute } from '../../shared/http/route.js';
import { meContactConfirm as route } from '../../shared/http/routes/owner.js';

// Once per container.
const confirm = confirmContactChange({
  settings: settings(),
  authenticate: await bearerAuthenticator(),
  store: ownerStore(),
  codeHasher: await codeHasher(),
  codes: codeStore(),
  keys: await keyService(),
  cipher: fieldCipher,
  courier: courier(),
  clock: systemClock,
  logger: ownerLogger,
});
const ContactConfirmRequest = route.request();

export const handler = httpRoute(route, ContactConfirmRequest, async (input, facts) => ({
  statusCode: 200,
  body: await confirm(input, facts),
}));
