// test/infra: infra/stages.ts. Every stage validates with the shared schema, and a missing or invalid
// setting stops the synth with a message naming it.
import { describe, expect, it } from 'vitest';
import { loadStageConfig, STAGE_CONFIGS, type StageConfigInput } from '../../infra/stages.js';
import { readAppSettings } from '../../shared/config/env.js';
import { STAGES } from '../../shared/config/settings.js';

/** A copy of the stage table with one stage's settings changed. */
const withStage = (
  stage: keyof typeof STAGE_CONFIGS,
  change: (config: StageConfigInput) => unknown,
): Record<keyof typeof STAGE_CONFIGS, unknown> => ({
  ...STAGE_CONFIGS,
  [stage]: change(structuredClone(STAGE_CONFIGS[stage])),
});

describe('Function: loadStageConfig', () => {
  it.each(STAGES)('validates the %s stage as written in infra/stages.ts', (stage) => {
    // Act
    const config = loadStageConfig(stage);

    // Assess
    expect(config.stage).toBe(stage);
    expect(config.account).toMatch(/^\d{12}$/);
    expect(config.app.email.configurationSet).toBe(`signet-${stage}`);
  });

  it('keeps prod data: only prod retains its stateful resources', () => {
    // Act
    const policies = STAGES.map((stage) => [stage, loadStageConfig(stage).infra.removalPolicy]);

    // Assess
    expect(Object.fromEntries(policies)).toEqual({ dev: 'destroy', staging: 'destroy', prod: 'retain' });
  });

  it('hands the functions settings that parse back, through the same schema, to what infra used', () => {
    // Prepare
    const config = loadStageConfig('prod');

    // Act
    const runtime = readAppSettings({ SIGNET_SETTINGS: JSON.stringify(config.app) });

    // Assess
    expect(runtime).toEqual(config.app);
  });

  it('fails naming an invalid setting', () => {
    // Prepare
    const configs = withStage('prod', (config) => ({
      ...config,
      infra: { ...config.infra, alarmEmail: 'not-an-address' },
    }));

    // Act & Assess
    expect(() => loadStageConfig('prod', configs)).toThrow(/stage config 'prod'.*infra\.alarmEmail/);
  });

  it('fails naming a missing setting', () => {
    // Prepare
    const configs = withStage('staging', (config) => {
      const { logRetentionDays: _dropped, ...infra } = config.infra;
      return { ...config, infra };
    });

    // Act & Assess
    expect(() => loadStageConfig('staging', configs)).toThrow(/infra\.logRetentionDays/);
  });

  it('fails naming a setting nested deep in the app settings', () => {
    // Prepare
    const configs = withStage('dev', (config) => ({
      ...config,
      app: { ...config.app, argon2: { memoryKiB: 1024, iterations: 2, parallelism: 1 } },
    }));

    // Act & Assess
    expect(() => loadStageConfig('dev', configs)).toThrow(/app\.argon2\.memoryKiB/);
  });

  it('requires the SES configuration set a deployed stage creates', () => {
    // Prepare
    const configs = withStage('dev', (config) => ({
      ...config,
      app: { ...config.app, email: { fromAddress: 'no-reply@dev.signet.example' } },
    }));

    // Act & Assess
    expect(() => loadStageConfig('dev', configs)).toThrow(/app\.email\.configurationSet/);
  });

  it('refuses a stage entry filed under another stage', () => {
    // Prepare
    const configs = withStage('prod', (config) => ({ ...config, stage: 'dev' }));

    // Act & Assess
    expect(() => loadStageConfig('prod', configs)).toThrow(/stage: must be 'prod'/);
  });

  it('asks for the stage when the CDK context has none', () => {
    // Act & Assess
    expect(() => loadStageConfig(undefined)).toThrow(
      "Missing CDK context 'stage': run with -c stage=dev|staging|prod",
    );
  });

  it('refuses a stage that does not exist', () => {
    // Act & Assess
    expect(() => loadStageConfig('qa')).toThrow(/expected one of dev, staging, prod/);
  });
});
