// shared/adapters/wiring: what functions/sessions gives signIn, built once per container.
import type { SignInDeps } from '../../domain/session/sign-in.js';
import { accountStore, ipFailureThrottle, sessionStore, signInThrottle } from './dynamodb.js';
import { settings, systemClock } from './environment.js';
import { dummyPasswordHash, passwordHasher } from './hashing.js';
import { once } from './once.js';
import { refreshTokenCodec } from './refresh-tokens.js';
import { blindIndexer } from './secrets.js';
import { tokenService } from './tokens.js';

/** The dummy hash is made here, during init, so that the first unknown name costs what any other does. */
const signInDeps = /* @__PURE__ */ once(async (): Promise<SignInDeps> => {
  const dummyHash = dummyPasswordHash();
  await dummyHash();
  return {
    settings: settings(),
    indexer: await blindIndexer(),
    hasher: passwordHasher(),
    dummyHash,
    accounts: accountStore(),
    signInThrottle: signInThrottle(),
    ipThrottle: ipFailureThrottle(),
    tokens: await tokenService(),
    sessions: sessionStore(),
    refreshTokens: await refreshTokenCodec(),
    clock: systemClock,
  };
});

export { signInDeps };
