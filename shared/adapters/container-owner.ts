// shared/adapters: the wiring shared by the owner's routes (functions/me-*). Light on purpose: the
// argon2 parts come in as arguments from container-hashing, so only the routes that check a password
// (me-contact, me-delete) carry the native module.
import type { Logger, PasswordHasher } from '../domain/ports.js';
import { throttledPasswordCheck, type CurrentPasswordCheck } from '../domain/owner/caller.js';
import { logger } from '../observability/logger.js';
import { blindIndexer, ipFailureThrottle, settings, signInThrottle, systemClock } from './container.js';

/** The container's Powertools logger behind the domain's Logger port (ids and error names only). */
const ownerLogger: Logger = {
  info: (message, attributes) => logger.info(message, { ...attributes }),
  warn: (message, attributes) => logger.warn(message, { ...attributes }),
  error: (message, attributes) => logger.error(message, { ...attributes }),
};

/**
 * The current-password check of the owner's routes, under the sign-in throttles (per account and per
 * client IP), as sign-in itself checks passwords.
 *
 * @example
 * const checkPassword = await currentPasswordCheck({ hasher: passwordHasher(), dummyHash: dummyPasswordHash() });
 */
const currentPasswordCheck = async (hashing: {
  readonly hasher: PasswordHasher;
  readonly dummyHash: () => Promise<string>;
}): Promise<CurrentPasswordCheck> =>
  throttledPasswordCheck({
    settings: settings(),
    indexer: await blindIndexer(),
    hasher: hashing.hasher,
    dummyHash: hashing.dummyHash,
    signInThrottle: signInThrottle(),
    ipThrottle: ipFailureThrottle(),
    clock: systemClock,
  });

export { currentPasswordCheck, ownerLogger };
