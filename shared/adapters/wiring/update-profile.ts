// shared/adapters/wiring: what functions/me-patch gives updateProfile, built once per container.
import type { UpdateProfileDeps } from '../../domain/owner/update-profile.js';
import { ownerStore } from './dynamodb.js';
import { systemClock } from './environment.js';
import { fieldCipher, keyService } from './keys.js';
import { once } from './once.js';
import { bearerAuthenticator } from './tokens.js';

const updateProfileDeps = /* @__PURE__ */ once(async (): Promise<UpdateProfileDeps> => ({
  authenticate: await bearerAuthenticator(),
  store: ownerStore(),
  keys: await keyService(),
  cipher: fieldCipher,
  clock: systemClock,
}));

export { updateProfileDeps };
