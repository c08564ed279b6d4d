// functions/jwks: GET /.well-known/jwks.json → the public keys of the token-signing keys (cached per container)
import { signingKeys } from '../../shared/adapters/wiring/tokens.js';
import { httpGetRoute } from '../../shared/http/route.js';
import { JWKS_MAX_AGE_SECONDS, jwks as route } from '../../shared/http/routes/meta.js';

const keys = await signingKeys();

export const handler = httpGetRoute(route, async () => ({
  statusCode: 200,
  body: { keys: await keys.publicKeys() },
  headers: { 'cache-control': `public, max-age=${JWKS_MAX_AGE_SECONDS}` },
}));
