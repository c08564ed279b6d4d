// test/integration/readme: the README's "Verifying a token in your backend" snippet, verbatim below this line
// (test/integration/api/tokens.test.ts runs it against the local API and checks the README still shows it).
import { createRemoteJWKSet, jwtVerify } from 'jose';

/**
 * Verifies Signet access tokens in an app's backend, with only Signet's public keys (JWKS): answers the
 * caller's opaque account id, or throws for a token that is forged, expired, or for another app.
 */
export const signetVerifier = (issuer: string, clientId: string) => {
  // Fetched on first use, cached, and fetched again for a `kid` it does not know (keys rotate).
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  return async (accessToken: string): Promise<string> => {
    const { payload } = await jwtVerify(accessToken, jwks, {
      issuer,
      audience: clientId,
      algorithms: ['ES256'],
      typ: 'at+jwt',
    });
    if (payload.azp !== clientId || payload.sub === undefined) throw new Error('Not a token for this app');
    return payload.sub;
  };
};
