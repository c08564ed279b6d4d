// shared/adapters/wiring: access tokens, for sign-in, the Bearer routes and the JWKS (only these bundle jose).
// ES256: the stage's KMS signing keys in AWS, the secrets file's P-256 pair locally.
import { KMSClient } from '@aws-sdk/client-kms';
import { ENV, optionalEnv, requireEnv } from '../../config/env.js';
import { authenticate } from '../../domain/session/authenticate.js';
import type { Authenticate, TokenService } from '../../domain/session/ports.js';
import {
  createKmsSigningKeys,
  createLocalSigningKeys,
  type SigningKeys,
} from '../crypto/es256-signing-keys.js';
import { createJoseTokenService } from '../crypto/jose-token-service.js';
import { accountStore } from './dynamodb.js';
import { keyMode, settings, systemClock } from './environment.js';
import { once } from './once.js';
import { secrets } from './secrets.js';

/** The signing keys, their public halves cached for the container's life. */
const signingKeys = /* @__PURE__ */ once(async (): Promise<SigningKeys> => {
  if (keyMode() === 'local') {
    const { signingKey } = await secrets();
    if (signingKey === undefined)
      throw new Error(`The local secrets file (${ENV.localSecretsFile}) has no signing key`);
    return createLocalSigningKeys(signingKey);
  }
  return createKmsSigningKeys({
    client: new KMSClient({}),
    currentKeyArn: requireEnv(ENV.signingKeyArn),
    otherKeyArns: (optionalEnv(ENV.verifyKeyArns) ?? '').split(',').filter((arn) => arn !== ''),
  });
});

/** Access tokens for the configured clients, ES256 with the algorithm and keys pinned. */
const tokenService = /* @__PURE__ */ once(async (): Promise<TokenService> => {
  const { session, clients } = settings();
  return createJoseTokenService({
    keys: await signingKeys(),
    issuer: session.issuer,
    clientIds: clients.map((client) => client.id),
    accessTokenTtlMinutes: session.accessTokenTtlMinutes,
    clock: systemClock,
  });
});

/** `authenticate` of the Bearer routes: token → active account of the current token generation. */
const bearerAuthenticator = /* @__PURE__ */ once(async (): Promise<Authenticate> =>
  authenticate({ tokens: await tokenService(), accounts: accountStore() }),
);

export { bearerAuthenticator, signingKeys, tokenService };
