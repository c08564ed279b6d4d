// shared/adapters/wiring: access tokens, for sign-in and the Bearer routes (only these bundle jose).
import { authenticate } from '../../domain/session/authenticate.js';
import type { Authenticate, TokenService } from '../../domain/session/ports.js';
import { createJoseTokenService } from '../crypto/jose-token-service.js';
import { accountStore } from './dynamodb.js';
import { settings, systemClock } from './environment.js';
import { once } from './once.js';
import { keyMaterial } from './secrets.js';

/** Access tokens signed with the stage's token key (HS256, pinned). */
const tokenService = /* @__PURE__ */ once(async (): Promise<TokenService> =>
  createJoseTokenService({ key: (await keyMaterial()).tokenKey, ...settings().session, clock: systemClock }),
);

/** `authenticate` of the Bearer routes: token → active account of the current token generation. */
const bearerAuthenticator = /* @__PURE__ */ once(async (): Promise<Authenticate> =>
  authenticate({ tokens: await tokenService(), accounts: accountStore() }),
);

export { bearerAuthenticator, tokenService };
