// test/helpers: access tokens made by hand, for the tests that check what the Bearer routes refuse: the local
// runtime's own signing key (from its secrets file) or any other key, under any header and claims.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, SignJWT } from 'jose';
import { readLocalSecrets } from '../../shared/adapters/secrets/local-secrets-file.js';
import { signet } from './api.js';

/** The local runtime's token-signing key and its `kid`, as the handlers use them. */
export const localSigningKey = async (): Promise<{ readonly key: KeyObject; readonly kid: string }> => {
  const { signingKey } = await readLocalSecrets(signet().env.SIGNET_LOCAL_SECRETS_FILE ?? '');
  if (signingKey === undefined) throw new Error('the local secrets file has no signing key');
  const { kty, crv, x, y } = signingKey;
  return {
    key: createPrivateKey({ key: { ...signingKey }, format: 'jwk' }),
    kid: await calculateJwkThumbprint({ kty, crv, x, y }, 'sha256'),
  };
};

/** Signs `claims` as a compact JWS; the header defaults to `{alg: 'ES256', typ: 'at+jwt', kid}` of `signer`. */
export const craftToken = async (
  claims: Record<string, unknown>,
  signer: { readonly key: KeyObject | Uint8Array; readonly kid?: string },
  header: Record<string, unknown> = {},
): Promise<string> =>
  new SignJWT(claims)
    .setProtectedHeader({
      alg: 'ES256',
      typ: 'at+jwt',
      ...(signer.kid === undefined ? {} : { kid: signer.kid }),
      ...header,
    } as {
      alg: string;
    })
    .sign(signer.key);

/** `alg: none`: the header and claims, and an empty signature. */
export const unsignedToken = (header: Record<string, unknown>, claims: Record<string, unknown>): string =>
  [header, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.';
