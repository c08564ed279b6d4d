// infra/local: where the local command-line tools (npm run admin, npm run sweep) find the runtime that
// `npm start` runs: the same variables and defaults (SIGNET_DATA_DIR, SIGNET_DYNAMODB_PORT, ...), or the
// runtime's own SIGNET_* variables when a caller (the tests) passes them. The tools start nothing: when
// DynamoDB Local or the secrets file is not there, they say so and stop.
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { ENV } from '../../shared/config/env.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamodb-local.js';
import { StartupError } from './errors.js';
import { parsePort, urlFor } from './tcp-ports.js';
import { LOCAL_SECRETS_FILE_NAME } from './secrets.js';
import { LOCAL_TABLE_NAME, localSettings } from './runtime.js';

const HOST = '127.0.0.1';
const START_HINT = 'start it with npm start';

const set = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

/** Variables that point at AWS and must not reach the local tools. */
const UNSET_LOCALLY = [ENV.kmsKeyArn, ENV.secretArn, 'AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;

/**
 * The environment the handlers would run with under `npm start`, from the caller's environment.
 * Fails naming the variable when a port is malformed.
 */
const localToolEnv = (env: NodeJS.ProcessEnv = process.env): Record<string, string> => {
  const dataDir = resolve(set(env.SIGNET_DATA_DIR) ?? '.signet');
  const endpoint = (variable: string, portVariable: string, fallback: number): string =>
    set(env[variable]) ?? urlFor(HOST, parsePort(env[portVariable], portVariable, fallback));
  return {
    [ENV.settings]: set(env[ENV.settings]) ?? JSON.stringify(localSettings()),
    [ENV.tableName]: set(env[ENV.tableName]) ?? LOCAL_TABLE_NAME,
    [ENV.keyMode]: 'local',
    [ENV.localSecretsFile]: set(env[ENV.localSecretsFile]) ?? join(dataDir, LOCAL_SECRETS_FILE_NAME),
    [ENV.dynamodbEndpoint]: endpoint(ENV.dynamodbEndpoint, 'SIGNET_DYNAMODB_PORT', 8000),
    [ENV.sesEndpoint]: endpoint(ENV.sesEndpoint, 'SIGNET_EMAIL_PORT', 8005),
    [ENV.snsEndpoint]: endpoint(ENV.snsEndpoint, 'SIGNET_SMS_PORT', 8006),
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    POWERTOOLS_SERVICE_NAME: 'signet',
  };
};

/**
 * Checks that the local runtime is up: DynamoDB Local answers and has the table, and the secrets file
 * exists. Throws StartupError saying what is missing and to start it with npm start.
 */
const assertLocalRuntime = async (env: Readonly<Record<string, string>>): Promise<void> => {
  const endpoint = env[ENV.dynamodbEndpoint] ?? '';
  const tableName = env[ENV.tableName] ?? LOCAL_TABLE_NAME;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
  });
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      throw new StartupError(`DynamoDB Local at ${endpoint} has no table ${tableName}: ${START_HINT}`);
    }
    throw new StartupError(`DynamoDB Local is not answering at ${endpoint}: ${START_HINT}`, { cause: error });
  } finally {
    client.destroy();
  }
  const secretsFile = env[ENV.localSecretsFile] ?? '';
  try {
    await access(secretsFile);
  } catch (error) {
    throw new StartupError(
      `No local secrets file at ${secretsFile}: set SIGNET_DATA_DIR to the data folder npm start uses, or ${START_HINT} (it creates one)`,
      { cause: error },
    );
  }
};

/** Sets the tools' environment on process.env before the container reads it (it reads lazily, once). */
const applyLocalToolEnv = (env: Readonly<Record<string, string>>): void => {
  for (const key of UNSET_LOCALLY) delete process.env[key];
  Object.assign(process.env, env);
};

export { applyLocalToolEnv, assertLocalRuntime, localToolEnv };
