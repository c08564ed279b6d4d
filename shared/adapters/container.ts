// shared/adapters: the composition root. Each function builds its use case from these factories at
// module scope, once per container; SDK clients are created here and nowhere else. Heavier parts
// (argon2, KMS, SES/SNS) live in container-*.ts so that a function bundles only what it uses.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV, optionalEnv, readAppSettings, requireEnv } from '../config/env.js';
import type { AppSettings } from '../config/settings.js';
import type { BlindIndexer, Clock, CodeHasher, ContactThrottle, Random } from '../domain/ports.js';
import type { RegistrationStore } from '../domain/registration/ports.js';
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
import type { OwnerStore } from '../domain/owner/ports.js';
import { createDynamoDbOwnerStore } from './dynamodb/dynamodb-owner-store.js';
import type { CodeStore } from '../domain/codes/ports.js';
import type { Logger } from '../domain/ports.js';
import type { AccountStore, IpFailureThrottle, SignInThrottle } from '../domain/session/ports.js';
import { logger as powertoolsLogger } from '../observability/logger.js';
import { authenticate } from '../domain/session/authenticate.js';
import type { Authenticate } from '../domain/session/ports.js';
import type { TokenService } from '../domain/session/ports.js';
import { createJoseTokenService } from './crypto/jose-token-service.js';
import { createDynamoDbAccountStore } from './dynamodb/dynamodb-account-store.js';
import { createDynamoDbCodeStore } from './dynamodb/dynamodb-code-store.js';
import {
  createDynamoDbIpFailureThrottle,
  createDynamoDbSignInThrottle,
} from './dynamodb/dynamodb-sign-in-throttle.js';

/**
 * Memoizes a factory: the first call builds, later calls reuse. Building nothing until called, it has
 * no side effects, and says so to esbuild: a function's bundle then drops the factories it never calls
 * and what only they import (jose and the stores of other routes, for instance).
 */
/* @__NO_SIDE_EFFECTS__ */
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

// ---- Sign-in and sessions (issue 4). ----

const accountStore = once(
  (): AccountStore => createDynamoDbAccountStore({ client: documentClient(), tableName: tableName() }),
);

/** One-time codes other than registration's: password reset, contact change. */
const codeStore = once(
  (): CodeStore =>
    createDynamoDbCodeStore({
      client: documentClient(),
      tableName: tableName(),
      tryLimits: { maxTriesPerDay: settings().codes.maxFailedAttemptsTotal },
    }),
);

const signInThrottle = once(
  (): SignInThrottle => createDynamoDbSignInThrottle({ client: documentClient(), tableName: tableName() }),
);

const ipFailureThrottle = once(
  (): IpFailureThrottle => createDynamoDbIpFailureThrottle({ client: documentClient(), tableName: tableName() }),
);

/** Access tokens signed with the stage's token key (HS256, pinned). */
const tokenService = once(
  async (): Promise<TokenService> =>
    createJoseTokenService({ key: (await keyMaterial()).tokenKey, ...settings().session, clock: systemClock }),
);

/** The container's Powertools logger behind the domain's Logger port (ids and outcomes only). */
const domainLogger: Logger = {
  info: (message, attributes) => powertoolsLogger.info(message, { ...attributes }),
  warn: (message, attributes) => powertoolsLogger.warn(message, { ...attributes }),
  error: (message, attributes) => powertoolsLogger.error(message, { ...attributes }),
};

/** `authenticate` of the Bearer routes: token → active account of the current token generation. */
const bearerAuthenticator = once(
  async (): Promise<Authenticate> => authenticate({ tokens: await tokenService(), accounts: accountStore() }),
);

export {
  accountStore,
  bearerAuthenticator,
  codeStore,
  domainLogger,
  ipFailureThrottle,
  signInThrottle,
  tokenService,
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

// ---- The owner's rights (issue 4). ----

/** Export, profile and contact changes, erasure (shared/domain/owner, shared/domain/privacy). */
const ownerStore = once(
  (): OwnerStore => createDynamoDbOwnerStore({ client: documentClient(), tableName: tableName() }),
);

export { ownerStore };
