// shared/config: the environment variables a function reads, in one place. infra sets them;
// infra/local sets them for the local runtime; shared/adapters/wiring/ reads them.
import { parseAppSettings, type AppSettings } from './settings.js';

/** Names of the runtime environment variables. */
export const ENV = {
  /** JSON of AppSettings, validated by the same schema as the stage config. */
  settings: 'SIGNET_SETTINGS',
  /** DynamoDB table name. */
  tableName: 'SIGNET_TABLE_NAME',
  /** `kms` in AWS, `local` for the local runtime. */
  keyMode: 'SIGNET_KEY_MODE',
  /** KMS key ARN that wraps per-account data keys (keyMode=kms). */
  kmsKeyArn: 'SIGNET_KMS_KEY_ARN',
  /** Secrets Manager secret ARN holding the HMAC root secret (keyMode=kms). */
  secretArn: 'SIGNET_SECRET_ARN',
  /** ARN of the KMS key that signs access tokens (keyMode=kms). */
  signingKeyArn: 'SIGNET_SIGNING_KEY_ARN',
  /** Comma-separated ARNs of the other published token keys, next and previous (keyMode=kms; may be empty). */
  verifyKeyArns: 'SIGNET_VERIFY_KEY_ARNS',
  /** Local secrets file (keyMode=local), written on first start, mode 600. */
  localSecretsFile: 'SIGNET_LOCAL_SECRETS_FILE',
  /** The EventBridge bus lifecycle events go to, `signet-<stage>` (the events forwarder only). */
  eventBusName: 'SIGNET_EVENT_BUS_NAME',
  /**
   * The value CloudFront sends as `x-signet-origin-verify` to the API (a Secrets Manager secret, set only in
   * stages where the page's distribution fronts the API): with it, the request's `x-signet-viewer-ip` is the
   * caller's address. Unset locally and wherever no distribution sits in front.
   */
  originVerify: 'SIGNET_ORIGIN_VERIFY',
  /** Endpoint overrides for the local stand-ins; unset in AWS. */
  dynamodbEndpoint: 'SIGNET_DYNAMODB_ENDPOINT',
  sesEndpoint: 'SIGNET_SES_ENDPOINT',
  snsEndpoint: 'SIGNET_SNS_ENDPOINT',
  eventBridgeEndpoint: 'SIGNET_EVENTBRIDGE_ENDPOINT',
} as const;

/** Reads a required variable; fails naming it. */
const requireEnv = (key: string, env: NodeJS.ProcessEnv = process.env): string => {
  const value = env[key];
  if (value === undefined || value === '') {
    throw new Error(`Environment variable ${key} is required`);
  }
  return value;
};

/** Reads an optional variable; empty counts as unset. */
const optionalEnv = (key: string, env: NodeJS.ProcessEnv = process.env): string | undefined => {
  const value = env[key];
  return value === undefined || value === '' ? undefined : value;
};

/** Parses SIGNET_SETTINGS with the shared schema; fails naming the variable and each bad setting. */
const readAppSettings = (env: NodeJS.ProcessEnv = process.env): AppSettings => {
  const raw = requireEnv(ENV.settings, env);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`Environment variable ${ENV.settings} is not valid JSON`);
  }
  return parseAppSettings(json, ENV.settings);
};

export { optionalEnv, readAppSettings, requireEnv };
