// shared/adapters/wiring: the current-password check of the owner's routes that take one (me-contact,
// me-delete), under the sign-in throttles (per account and per client IP), as sign-in checks passwords.
import { throttledPasswordCheck, type CurrentPasswordCheck } from '../../domain/owner/caller.js';
import { ipFailureThrottle, signInThrottle } from './dynamodb.js';
import { settings, systemClock } from './environment.js';
import { dummyPasswordHash, passwordHasher } from './hashing.js';
import { once } from './once.js';
import { blindIndexer } from './secrets.js';

const currentPasswordCheck = /* @__PURE__ */ once(async (): Promise<CurrentPasswordCheck> =>
  throttledPasswordCheck({
    settings: settings(),
    indexer: await blindIndexer(),
    hasher: passwordHasher(),
    dummyHash: dummyPasswordHash(),
    signInThrottle: signInThrottle(),
    ipThrottle: ipFailureThrottle(),
    clock: systemClock,
  }),
);

export { currentPasswordCheck };
