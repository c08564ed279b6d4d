// functions/me-contact: POST /v1/me/contact {email | phone, currentPassword} → requestContactChange →
// 202 {channel, destination, expiresAt}, alike for a taken contact
import {
  bearerAuthenticator,
  blindIndexer,
  codeHasher,
  codeStore,
  contactThrottle,
  ownerStore,
  random,
  settings,
  systemClock,
} from '../../shared/adapters/container.js';
import { dummyPasswordHash, passwordHasher } from '../../shared/adapters/container-hashing.js';
import { fieldCipher, keyService } from '../../shared/adapters/container-keys.js';
import { courier } from '../../shared/adapters/container-messaging.js';
import { currentPasswordCheck } from '../../shared/adapters/container-owner.js';
import { requestContactChange } from '../../shared/domain/owner/change-contact.js';
import { httpRoute } from '../../shared/http/route.js';
import { meContact as route } from '../../shared/http/routes/owner.js';

// Once per container.
const request = requestContactChange({
  settings: settings(),
  authenticate: await bearerAuthenticator(),
  store: ownerStore(),
  checkPassword: await currentPasswordCheck({ hasher: passwordHasher(), dummyHash: dummyPasswordHash() }),
  indexer: await blindIndexer(),
  keys: await keyService(),
  cipher: fieldCipher,
  codeHasher: await codeHasher(),
  codes: codeStore(),
  noticeThrottle: contactThrottle(),
  courier: courier(),
  clock: systemClock,
  random,
});
const ContactChangeRequest = route.request(settings());

export const handler = httpRoute(route, ContactChangeRequest, async (input, facts) => ({
  statusCode: 202,
  body: await request(input, facts),
}));
