// shared/adapters: the composition root. Each function builds its use case from these factories at
// module scope, once per container; SDK clients are created here and nowhere else. Heavier parts
// (argon2, KMS, SES/SNS) live in container-*.ts so that a function bundles only what it uses.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV, optionalEnv, readAppSettings, requireEnv } from '../config/env.js';
import type { AppSettings } from '../config/settings.js';
import type { BlindIndexer, Clock, CodeHasher, ContactThrottle, Random, RegistrationStore } from '../domain/ports.js';
import { createHmacBlindIndexer } from './crypto/hmac-blind-indexer.js';
import { createHmacCodeHasher } from './crypto/hmac-code-hasher.js';
import { deriveKeyMaterial } from './crypto/key-material.js';
import { nodeRandom } from './crypto/node-random.js';
import {
  createDynamoDbContactThrottle,
  createDynamoDbRegistrationStore,
} from './dynamodb/dynamodb-registration-store.js';
import { loadRootSecret } from './secrets/secrets-manager-root-secret.js';
import { readLocalSecrets } from './secrets/local-secrets-file.js';

/** Memoizes a factory: the first call builds, later calls reuse. */
const once = <T>(build: () => T): (() => T) => {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
};

const settings = once((): AppSettings => readAppSettings());

const keyMode = once((): 'kms' | 'local' => {
  const mode = requireEnv(ENV.keyMode);
  if (mode !== 'kms' && mode !== 'local') {
    throw new Error(`Environment variable ${ENV.keyMode} must be 'kms' or 'local'`);
  }
  return mode;
});

/** Secrets read once per container: Secrets Manager in AWS, the local secrets file locally. */
const secrets = once(async (): Promise<{ rootSecret: string; masterKey?: Uint8Array }> => {
  if (keyMode() === 'local') return readLocalSecrets(requireEnv(ENV.localSecretsFile));
  return { rootSecret: await loadRootSecret({ secretArn: requireEnv(ENV.secretArn) }) };
});

const keyMaterial = once(async () => deriveKeyMaterial((await secrets()).rootSecret));

const documentClient = once((): DynamoDBDocumentClient => {
  const endpoint = optionalEnv(ENV.dynamodbEndpoint);
  return DynamoDBDocumentClient.from(new DynamoDBClient(endpoint === undefined ? {} : { endpoint }), {
    marshallOptions: { removeUndefinedValues: true },
  });
});

const tableName = once(() => requireEnv(ENV.tableName));

const registrationStore = once(
  (): RegistrationStore => createDynamoDbRegistrationStore({ client: documentClient(), tableName: tableName() }),
);

const contactThrottle = once(
  (): ContactThrottle => createDynamoDbContactThrottle({ client: documentClient(), tableName: tableName() }),
);

const blindIndexer = once(async (): Promise<BlindIndexer> => createHmacBlindIndexer((await keyMaterial()).blindIndexKey));

const codeHasher = once(async (): Promise<CodeHasher> => createHmacCodeHasher((await keyMaterial()).codeKey));

const systemClock: Clock = { now: () => new Date() };
const random: Random = nodeRandom;

export {
  blindIndexer,
  codeHasher,
  contactThrottle,
  documentClient,
  keyMode,
  once,
  random,
  registrationStore,
  secrets,
  settings,
  systemClock,
  tableName,
};
