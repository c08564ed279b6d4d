// shared/adapters/wiring: the stage's root secret, read once per container (Secrets Manager in AWS, the
// local secrets file locally), and what is derived from it: the blind-index and code keys.
import { ENV, requireEnv } from '../../config/env.js';
import type { BlindIndexer, CodeHasher } from '../../domain/ports.js';
import { createHmacBlindIndexer } from '../crypto/hmac-blind-indexer.js';
import { createHmacCodeHasher } from '../crypto/hmac-code-hasher.js';
import { deriveKeyMaterial } from '../crypto/key-material.js';
import { readLocalSecrets, type LocalSecrets } from '../secrets/local-secrets-file.js';
import { loadRootSecret } from '../secrets/secrets-manager-root-secret.js';
import { keyMode } from './environment.js';
import { once } from './once.js';

/** The root secret, and locally the master key and the token-signing key too. */
type LocalSecretsLike = Pick<LocalSecrets, 'rootSecret'> & Partial<Omit<LocalSecrets, 'rootSecret'>>;

/** Secrets read once per container: Secrets Manager in AWS, the local secrets file locally. */
const secrets = /* @__PURE__ */ once(async (): Promise<LocalSecretsLike> => {
  if (keyMode() === 'local') return readLocalSecrets(requireEnv(ENV.localSecretsFile));
  return { rootSecret: await loadRootSecret({ secretArn: requireEnv(ENV.secretArn) }) };
});

const keyMaterial = /* @__PURE__ */ once(async () => deriveKeyMaterial((await secrets()).rootSecret));

const blindIndexer = /* @__PURE__ */ once(async (): Promise<BlindIndexer> =>
  createHmacBlindIndexer((await keyMaterial()).blindIndexKey),
);

const codeHasher = /* @__PURE__ */ once(async (): Promise<CodeHasher> =>
  createHmacCodeHasher((await keyMaterial()).codeKey),
);

export { blindIndexer, codeHasher, keyMaterial, secrets };
