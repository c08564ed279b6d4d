// test/infra: infra/nag.ts. cdk-nag's AwsSolutionsChecks finds nothing unacknowledged in any stage, the
// plugin really stops a synth that has a finding, and every acknowledgement gives its reason and is
// listed in the deploy documentation.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { collectAcknowledgements } from '../../infra/nag.js';
import { addSignetStage, PROJECT_ROOT } from '../../infra/signet-stack.js';
import { loadStageConfig } from '../../infra/stages.js';
import { STAGES } from '../../shared/config/settings.js';
import { cdkJsonContext, stageOf, synthesizeStages, type SynthesizedStages } from './synth.js';

/** Where the acknowledgements are listed for readers (README.md's Deploy section once merged). */
const DEPLOY_DOC = path.join(PROJECT_ROOT, 'infra', 'DEPLOY.md');

describe('Function: addNagChecks', () => {
  let synthesized: SynthesizedStages;

  beforeAll(() => {
    synthesized = synthesizeStages(STAGES, { bundle: false });
  });

  afterAll(() => synthesized.cleanup());

  it.each(STAGES)('leaves no unacknowledged AwsSolutions finding in the %s stage', (stage) => {
    // Prepare
    const { app } = stageOf(synthesized, stage);

    // Act
    const report = new AwsSolutionsChecks(app).validateScope(app);

    // Assess
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('stops the synth when a finding is not acknowledged', () => {
    // Prepare
    const { outdir } = synthesized;
    const app = new App({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    const stack = addSignetStage(app, loadStageConfig('dev'));
    new Topic(stack, 'TopicWithoutTls');

    // Act & Assess
    expect(() => app.synth()).toThrow(/Validation failed/);
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: { ruleName: string }[] }[];
    };
    expect(report.pluginReports).toEqual([
      expect.objectContaining({
        pluginName: 'AwsSolutions',
        violations: [expect.objectContaining({ ruleName: 'AwsSolutions-SNS3' })],
      }),
    ]);
  });

  it.each(STAGES)('gives a reason for every acknowledgement in the %s stage, scoped to a construct', (stage) => {
    // Prepare
    const { app } = stageOf(synthesized, stage);

    // Act
    const acknowledgements = collectAcknowledgements(app);

    // Assess
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason, path: constructPath } of acknowledgements) {
      expect(id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(reason.length).toBeGreaterThan(60);
      // Scoped: never the app or a whole stack.
      expect(constructPath.split('/').length).toBeGreaterThan(1);
    }
  });

  it('lists every acknowledgement, with its reason, in the deploy documentation', () => {
    // Prepare
    const doc = readFileSync(DEPLOY_DOC, 'utf8');
    const acknowledgements = STAGES.flatMap((stage) => collectAcknowledgements(stageOf(synthesized, stage).app));

    // Assess
    for (const { id } of acknowledgements) {
      expect(doc, `${id} is not listed in ${DEPLOY_DOC}`).toContain(`\`${id}\``);
    }
  });
});
