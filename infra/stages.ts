// infra: each stage's settings, in one place. This is the file devops edit (accounts, regions, sender
// identities, SMS limits, alarm address); infra/app.ts picks one entry by `-c stage=…` and the shared
// schema (shared/config/settings.ts) validates it before anything is built.
import type * as z from 'zod';
import {
  allowedOrigins,
  parseStageConfig,
  STAGES,
  type StageConfig,
  type StageConfigSchema,
  type StageName,
} from '../shared/config/settings.js';

/** A stage's settings as written here; defaults are filled in by the schema. */
export type StageConfigInput = z.input<typeof StageConfigSchema>;

/**
 * The three stages. Account ids, the issuers (each stage's public API base URL, e.g. a custom domain)
 * and the clients are placeholders: replace them with the real ones before the first deploy. Each stage should live in its own account, because SNS SMS settings (spend limit, sender id,
 * message type) are account-wide.
 */
const STAGE_CONFIGS: Record<StageName, StageConfigInput> = {
  dev: {
    stage: 'dev',
    account: '111111111111',
    region: 'eu-west-2',
    app: {
      defaultPhoneRegion: 'GB',
      password: { minLength: 15, maxLength: 256 },
      argon2: { memoryKiB: 19_456, iterations: 2, parallelism: 1 },
      codes: {
        ttlMinutes: 10,
        maxAttemptsPerCode: 5,
        maxFailedAttemptsTotal: 10,
        resendCooldownSeconds: 60,
        resendMaxPerHour: 5,
      },
      registration: { pendingTtlHours: 24, ownerNoticesPerHour: 3, perClientPerHour: 30 },
      email: { fromAddress: 'no-reply@dev.signet.example', configurationSet: 'signet-dev' },
      sms: {
        senderId: 'Signet',
        allowedCountries: ['GB'],
        monthlySpendLimitUsd: 1,
        perPrefixPerHour: 20,
        perClientPerHour: 10,
        dailyBudget: 100,
      },
      session: { accessTokenTtlMinutes: 15, issuer: 'https://api.dev.signet.example' },
      clients: [
        {
          id: 'web-app',
          name: 'Signet web app',
          allowedOrigins: ['https://app.dev.signet.example', 'http://localhost:5173'],
        },
      ],
      privacyPolicyVersion: '2026-11-01',
    },
    infra: {
      signingKeys: { current: 'k1' },
      hashingFunctionMemoryMb: 1024,
      functionMemoryMb: 256,
      requestLogSampleRate: 1,
      logRetentionDays: 14,
      alarmEmail: 'signet-alarms-dev@example.com',
      removalPolicy: 'destroy',
      throttle: { rateLimit: 10, burstLimit: 20 },
    },
  },
  staging: {
    stage: 'staging',
    account: '222222222222',
    region: 'eu-west-2',
    app: {
      defaultPhoneRegion: 'GB',
      password: { minLength: 15, maxLength: 256 },
      argon2: { memoryKiB: 19_456, iterations: 2, parallelism: 1 },
      codes: {
        ttlMinutes: 10,
        maxAttemptsPerCode: 5,
        maxFailedAttemptsTotal: 10,
        resendCooldownSeconds: 60,
        resendMaxPerHour: 5,
      },
      registration: { pendingTtlHours: 24, ownerNoticesPerHour: 3, perClientPerHour: 30 },
      email: { fromAddress: 'no-reply@staging.signet.example', configurationSet: 'signet-staging' },
      sms: {
        senderId: 'Signet',
        allowedCountries: ['GB', 'US'],
        monthlySpendLimitUsd: 10,
        perPrefixPerHour: 20,
        perClientPerHour: 10,
        dailyBudget: 300,
      },
      session: { accessTokenTtlMinutes: 15, issuer: 'https://api.staging.signet.example' },
      clients: [
        { id: 'web-app', name: 'Signet web app', allowedOrigins: ['https://app.staging.signet.example'] },
      ],
      privacyPolicyVersion: '2026-11-01',
    },
    infra: {
      signingKeys: { current: 'k1' },
      hashingFunctionMemoryMb: 1024,
      functionMemoryMb: 256,
      requestLogSampleRate: 0.1,
      logRetentionDays: 30,
      alarmEmail: 'signet-alarms-staging@example.com',
      removalPolicy: 'destroy',
      throttle: { rateLimit: 20, burstLimit: 40 },
    },
  },
  prod: {
    stage: 'prod',
    account: '333333333333',
    region: 'eu-west-2',
    app: {
      defaultPhoneRegion: 'GB',
      password: { minLength: 15, maxLength: 256 },
      argon2: { memoryKiB: 19_456, iterations: 2, parallelism: 1 },
      codes: {
        ttlMinutes: 10,
        maxAttemptsPerCode: 5,
        maxFailedAttemptsTotal: 10,
        resendCooldownSeconds: 60,
        resendMaxPerHour: 5,
      },
      registration: { pendingTtlHours: 24, ownerNoticesPerHour: 3, perClientPerHour: 30 },
      email: { fromAddress: 'no-reply@signet.example', configurationSet: 'signet-prod' },
      sms: {
        senderId: 'Signet',
        allowedCountries: ['GB', 'US', 'CN', 'DE', 'FR'],
        monthlySpendLimitUsd: 100,
        perPrefixPerHour: 20,
        perClientPerHour: 10,
        dailyBudget: 1000,
      },
      session: { accessTokenTtlMinutes: 15, issuer: 'https://api.signet.example' },
      clients: [{ id: 'web-app', name: 'Signet web app', allowedOrigins: ['https://app.signet.example'] }],
      privacyPolicyVersion: '2026-11-01',
    },
    infra: {
      signingKeys: { current: 'k1' },
      hashingFunctionMemoryMb: 1024,
      functionMemoryMb: 256,
      requestLogSampleRate: 0.01,
      logRetentionDays: 90,
      alarmEmail: 'signet-alarms@example.com',
      removalPolicy: 'retain',
      throttle: { rateLimit: 50, burstLimit: 100 },
    },
  },
};

/** A deployed stage's settings after validation, with what the stack additionally needs made certain. */
export type DeployedStageConfig = StageConfig & {
  app: StageConfig['app'] & { email: StageConfig['app']['email'] & { configurationSet: string } };
};

const isStageName = (value: unknown): value is StageName =>
  typeof value === 'string' && (STAGES as readonly string[]).includes(value);

/**
 * Picks a stage by name (the `stage` CDK context) and validates its settings with the shared schema.
 *
 * @param stage - the value of `-c stage=…`.
 * @param configs - the stage table; tests pass altered copies.
 * @throws Error naming the context key when the stage is missing or unknown, and naming every
 *   missing or invalid setting (e.g. `infra.alarmEmail: Invalid email address`) otherwise.
 * @example
 * ```ts
 * const config = loadStageConfig(app.node.tryGetContext('stage'));
 * ```
 */
const loadStageConfig = (
  stage: unknown,
  configs: Readonly<Record<StageName, unknown>> = STAGE_CONFIGS,
): DeployedStageConfig => {
  if (stage === undefined || stage === null || stage === '') {
    throw new Error(`Missing CDK context 'stage': run with -c stage=${STAGES.join('|')}`);
  }
  if (!isStageName(stage)) {
    throw new Error(`Unknown stage in CDK context 'stage': expected one of ${STAGES.join(', ')}`);
  }
  const config = parseStageConfig(configs[stage], `stage config '${stage}' (infra/stages.ts)`);
  if (config.stage !== stage) {
    throw new Error(`Invalid stage config '${stage}' (infra/stages.ts): stage: must be '${stage}'`);
  }
  const { app: rawApp } = (configs[stage] ?? {}) as { app?: { clients?: unknown } };
  if (rawApp?.clients === undefined) {
    throw new Error(
      `Invalid stage config '${stage}' (infra/stages.ts): app.clients: required for a deployed stage (the default is the local app)`,
    );
  }
  if (new URL(config.app.session.issuer).protocol !== 'https:') {
    throw new Error(
      `Invalid stage config '${stage}' (infra/stages.ts): app.session.issuer: must be https for a deployed stage (its public API base URL)`,
    );
  }
  if (stage === 'prod') {
    const insecure = allowedOrigins(config.app.clients).filter((origin) => !origin.startsWith('https://'));
    if (insecure.length > 0) {
      throw new Error(
        `Invalid stage config '${stage}' (infra/stages.ts): app.clients: prod allows https origins only`,
      );
    }
  }
  const { configurationSet } = config.app.email;
  if (configurationSet === undefined) {
    throw new Error(
      `Invalid stage config '${stage}' (infra/stages.ts): app.email.configurationSet: required for a deployed stage (the stack creates it)`,
    );
  }
  return { ...config, app: { ...config.app, email: { ...config.app.email, configurationSet } } };
};

export { loadStageConfig, STAGE_CONFIGS };
