// shared/adapters/wiring: the IdempotencyGuard of one route (its Idempotency-Key records), built once per
// container: Powertools' DynamoDB layer on the container's client, the fingerprint and seal keys derived
// from the root secret, and who the caller is. The public routes know the caller by the client IP's blind
// index (never the address itself); the Bearer routes by the verified token (bearer-idempotency.ts).
import type { IdempotencyGuard } from '../../domain/ports.js';
import { createIdempotencyCrypto } from '../crypto/idempotency-crypto.js';
import { createPowertoolsIdempotencyRun } from '../dynamodb/powertools-idempotency-store.js';
import { dynamoDbClient } from './dynamodb.js';
import { tableName } from './environment.js';
import { blindIndexer, keyMaterial } from './secrets.js';

/** The guard of `route` with `callerOf` saying whom a key belongs to. */
const idempotencyGuard = async (
  route: string,
  callerOf: IdempotencyGuard['callerOf'],
): Promise<IdempotencyGuard> => {
  const keys = await keyMaterial();
  const crypto = createIdempotencyCrypto({
    fingerprintKey: keys.idempotencyFingerprintKey,
    sealKey: keys.idempotencySealKey,
  });
  const run = createPowertoolsIdempotencyRun({
    client: dynamoDbClient(),
    tableName: tableName(),
    route,
    crypto,
  });
  return { callerOf, fingerprint: crypto.fingerprint, run };
};

/**
 * The guard of a public route: keys belong to the client IP (as its blind index). Once per container.
 *
 * @example
 * export const handler = idempotentHttpRoute(route, schema, await ipIdempotency('register'), handle);
 */
const ipIdempotency = async (route: string): Promise<IdempotencyGuard> => {
  const indexer = await blindIndexer();
  return idempotencyGuard(route, async ({ sourceIp }) => `ip:${indexer.index('ip', sourceIp)}`);
};

export { idempotencyGuard, ipIdempotency };
