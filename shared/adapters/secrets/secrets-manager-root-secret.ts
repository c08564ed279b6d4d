// shared/adapters/secrets: the stage's root secret from AWS Secrets Manager (SIGNET_SECRET_ARN), read
// once per container by shared/adapters/wiring/secrets.ts and turned into keys by crypto/key-material.ts.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { SecretsSourceError } from './errors.js';

/** The SecretString the stack generates: `{"rootSecret":"<64 characters>"}`. */
const RootSecretSchema = z.object({ rootSecret: z.string().min(32) });

/**
 * Reads the root secret: one GetSecretValue call, SecretString parsed as `{"rootSecret": "…"}`.
 *
 * Errors name the secret ARN, never its value; JSON and schema errors are not kept as `cause`
 * because their messages can quote the secret.
 *
 * @param options.secretArn - the secret's ARN (SIGNET_SECRET_ARN).
 * @param options.client - a client to use; by default one is made for this call.
 * @throws SecretsSourceError when the call fails or the secret is missing, binary or malformed.
 * @example
 * ```ts
 * const rootSecret = await loadRootSecret({ secretArn: requireEnv(ENV.secretArn) });
 * ```
 */
const loadRootSecret = async (options: {
  secretArn: string;
  client?: SecretsManagerClient;
}): Promise<string> => {
  const { secretArn } = options;
  const client = options.client ?? new SecretsManagerClient({});
  let secretString: string | undefined;
  try {
    ({ SecretString: secretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn })));
  } catch (error) {
    // SDK errors carry the error code and request id, not the secret.
    throw new SecretsSourceError(`Secret ${secretArn} could not be read`, { cause: error });
  }
  if (secretString === undefined) {
    throw new SecretsSourceError(`Secret ${secretArn} has no SecretString`);
  }
  let json: unknown;
  try {
    json = JSON.parse(secretString);
  } catch {
    throw new SecretsSourceError(`Secret ${secretArn} is not JSON of the form {"rootSecret": "..."}`);
  }
  const result = RootSecretSchema.safeParse(json);
  if (!result.success) {
    throw new SecretsSourceError(`Secret ${secretArn} must hold {"rootSecret": "<at least 32 characters>"}`);
  }
  return result.data.rootSecret;
};

export { loadRootSecret };
