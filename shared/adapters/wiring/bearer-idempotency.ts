// shared/adapters/wiring: the IdempotencyGuard of a Bearer route: keys belong to the account of the verified
// bearer token, checked before any key is looked up (an unverified `sub` would let one caller replay
// another's answer). A bad token answers 401 and nothing is kept.
import type { IdempotencyGuard } from '../../domain/ports.js';
import { idempotencyGuard } from './idempotency.js';
import { bearerAuthenticator } from './tokens.js';

/**
 * The guard of a Bearer route. Once per container.
 *
 * @example
 * export const handler = idempotentHttpRoute(route, schema, await bearerIdempotency('me-contact'), handle);
 */
const bearerIdempotency = async (route: string): Promise<IdempotencyGuard> => {
  const authenticate = await bearerAuthenticator();
  return idempotencyGuard(
    route,
    async ({ authorization }) => `account:${(await authenticate(authorization)).accountId}`,
  );
};

export { bearerIdempotency };
