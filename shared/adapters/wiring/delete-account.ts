// shared/adapters/wiring: what functions/me-delete gives deleteAccount, built once per container.
import type { DeleteAccountDeps } from '../../domain/owner/delete-account.js';
import { eraseAccount } from '../../domain/privacy/erase-account.js';
import { ownerStore } from './dynamodb.js';
import { eraseAccountDeps } from './erase-account.js';
import { once } from './once.js';
import { currentPasswordCheck } from './password-check.js';
import { bearerAuthenticator } from './tokens.js';

const deleteAccountDeps = /* @__PURE__ */ once(async (): Promise<DeleteAccountDeps> => ({
  authenticate: await bearerAuthenticator(),
  store: ownerStore(),
  checkPassword: await currentPasswordCheck(),
  erase: eraseAccount(await eraseAccountDeps()),
}));

export { deleteAccountDeps };
