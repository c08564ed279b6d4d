// shared/adapters/wiring: what functions/me-password gives changePassword, built once per container.
import type { ChangePasswordDeps } from '../../domain/session/change-password.js';
import { courier } from './courier.js';
import { accountStore, ipFailureThrottle, sessionStore, signInThrottle } from './dynamodb.js';
import { settings, systemClock } from './environment.js';
import { dummyPasswordHash, passwordHasher } from './hashing.js';
import { fieldCipher, keyService } from './keys.js';
import { functionLogger } from './logger.js';
import { once } from './once.js';
import { passwordPolicy } from './password-policy.js';
import { refreshTokenCodec } from './refresh-tokens.js';
import { blindIndexer } from './secrets.js';
import { bearerAuthenticator, tokenService } from './tokens.js';

const changePasswordDeps = /* @__PURE__ */ once(async (): Promise<ChangePasswordDeps> => ({
  settings: settings(),
  authenticate: await bearerAuthenticator(),
  policy: await passwordPolicy(),
  indexer: await blindIndexer(),
  hasher: passwordHasher(),
  dummyHash: dummyPasswordHash(),
  signInThrottle: signInThrottle(),
  ipThrottle: ipFailureThrottle(),
  accounts: accountStore(),
  tokens: await tokenService(),
  sessions: sessionStore(),
  refreshTokens: await refreshTokenCodec(),
  keys: await keyService(),
  cipher: fieldCipher,
  courier: courier(),
  clock: systemClock,
  logger: functionLogger,
}));

export { changePasswordDeps };
