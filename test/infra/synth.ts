// test/infra: synthesizes stages in-process the way `cdk synth -c stage=…` does: cdk.json's context, the
// stage read from context, cdk-nag registered on the app. All stages of one call share an output folder,
// so CDK's asset cache bundles each function once per test file rather than once per stage.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addSignetStage, PROJECT_ROOT, type SignetStack } from '../../infra/signet-stack.js';
import { loadStageConfig, type DeployedStageConfig } from '../../infra/stages.js';
import { STAGES, type StageName } from '../../shared/config/settings.js';

export interface SynthesizedStage {
  readonly stage: StageName;
  readonly config: DeployedStageConfig;
  readonly app: App;
  readonly stack: SignetStack;
  readonly template: Template;
}

export interface SynthesizedStages {
  readonly stages: ReadonlyMap<StageName, SynthesizedStage>;
  readonly outdir: string;
  /** Removes the output folder. */
  readonly cleanup: () => void;
}

/** The context cdk.json gives every `cdk` command (feature flags). */
const cdkJsonContext = (): Record<string, unknown> =>
  (
    JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
      context?: Record<string, unknown>;
    }
  ).context ?? {};

/**
 * Builds and synthesizes each stage in its own app.
 *
 * @param options.bundle - false skips esbuild (the template is the same apart from asset hashes): for
 *   checks of the construct tree, such as cdk-nag, that need no code.
 */
const synthesizeStages = (
  stages: readonly StageName[] = STAGES,
  options: { bundle?: boolean } = {},
): SynthesizedStages => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'signet-synth-'));
  const result = new Map<StageName, SynthesizedStage>();
  for (const stage of stages) {
    const app = new App({
      outdir,
      context: {
        ...cdkJsonContext(),
        stage,
        ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
      },
    });
    const config = loadStageConfig(app.node.tryGetContext('stage'));
    const stack = addSignetStage(app, config);
    app.synth();
    result.set(stage, { stage, config, app, stack, template: Template.fromStack(stack) });
  }
  return { stages: result, outdir, cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
};

/** The synthesized stage, or a failed test naming the stage that is missing. */
const stageOf = (synthesized: SynthesizedStages, stage: StageName): SynthesizedStage => {
  const found = synthesized.stages.get(stage);
  if (found === undefined) throw new Error(`Stage ${stage} was not synthesized`);
  return found;
};

export { cdkJsonContext, stageOf, synthesizeStages };
