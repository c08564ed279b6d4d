// functions/me-delete: DELETE /v1/me {currentPassword} → deleteAccount → eraseAccount → 200 {status: "erased"},
// or 409 legal_hold
import { bearerAuthenticator, ownerStore, settings, systemClock } from '../../shared/adapters/container.js';
import { dummyPasswordHash, passwordHasher } from '../../shared/adapters/container-hashing.js';
import { fieldCipher, keyService } from '../../shared/adapters/container-keys.js';
import { courier } from '../../shared/adapters/container-messaging.js';
import { currentPasswordCheck, ownerLogger } from '../../shared/adapters/container-owner.js';
import { deleteAccount } from '../../shared/domain/owner/delete-account.js';
import { eraseAccount } from '../../shared/domain/privacy/erase-account.js';
import { httpRoute } from '../../shared/http/route.js';
import { meDelete as route } from '../../shared/http/routes/owner.js';

// Once per container.
const store = ownerStore();
const remove = deleteAccount({
  authenticate: await bearerAuthenticator(),
  store,
  checkPassword: await currentPasswordCheck({ hasher: passwordHasher(), dummyHash: dummyPasswordHash() }),
  erase: eraseAccount({
    settings: settings(),
    store,
    clock: systemClock,
    notifier: { keys: await keyService(), cipher: fieldCipher, courier: courier() },
    logger: ownerLogger,
  }),
});
const EraseRequest = route.request(settings());

export const handler = httpRoute(route, EraseRequest, async (input, facts) => ({
  statusCode: 200,
  body: await remove(input, facts),
}));
