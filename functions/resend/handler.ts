// functions/resend: POST /v1/registrations/resend → resendCode → 202 {status: "accepted"}, alike for unknown names
import {
  blindIndexer,
  codeHasher,
  random,
  registrationStore,
  settings,
  systemClock,
} from '../../shared/adapters/container.js';
import { fieldCipher, keyService } from '../../shared/adapters/container-keys.js';
import { courier } from '../../shared/adapters/container-messaging.js';
import { resendCode } from '../../shared/domain/registration/resend-code.js';
import { httpRoute } from '../../shared/http/route.js';
import { resend as route } from '../../shared/http/routes/registration.js';

// Once per container.
const resend = resendCode({
  settings: settings(),
  indexer: await blindIndexer(),
  codes: await codeHasher(),
  store: registrationStore(),
  keys: await keyService(),
  cipher: fieldCipher,
  courier: courier(),
  clock: systemClock,
  random,
});
const ResendRequest = route.request();

export const handler = httpRoute(route, ResendRequest, async (input) => {
  await resend(input);
  return { statusCode: 202, body: { status: 'accepted' as const } };
});
