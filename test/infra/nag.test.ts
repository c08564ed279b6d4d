// test/infra: infra/nag.ts. cdk-nag's AwsSolutionsChecks finds nothing unacknowledged in any stage, the
// plugin really stops a synth that has a finding, and every acknowledgement gives its reason and is
// listed in README.md's Deploy section.
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

/** Where the acknowledgements are listed for readers: README.md's Deploy section. */
const README = path.join(PROJECT_ROOT, 'README.md');

/** README.md's `## Deploy` section, up to the next second-level heading. */
const deploySection = (): string => {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf('\n## Deploy\n');
  if (start < 0) throw new Error('README.md has no "## Deploy" section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
};

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

  it('stops the synth when a finding is not acknowledged, naming the rule and the construct', () => {
    // Prepare
    const { outdir } = synthesized;
    const app = new App({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    const stack = addSignetStage(app, loadStageConfig('dev'));
    new Topic(stack, 'TopicWithoutTls');

    // Act: in process, CDK throws with the report as the message (the CLI prints it and exits 1).
    let failure: unknown;
    try {
      app.synth();
    } catch (error) {
      failure = error;
    }

    // Assess
    expect(failure).toBeInstanceOf(Error);
    const { message } = failure as Error;
    expect(message).toContain('(AwsSolutions)');
    expect(message).toContain('signet-dev/TopicWithoutTls/Resource');
    expect(message).toContain("Acknowledge with 'AwsSolutions::AwsSolutions-SNS3'");
    // CDK names the report's path relative to the working directory when that is shorter (a checkout
    // beside the synth folder gets `../…`), so the folder's own name is what both forms share.
    expect(message).toContain(`${path.basename(outdir)}${path.sep}validation-report.json`);
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

  it.each(STAGES)(
    'gives a reason for every acknowledgement in the %s stage, scoped to a construct',
    (stage) => {
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
    },
  );

  it("lists every acknowledgement in README.md's Deploy section", () => {
    // Prepare
    const doc = deploySection();
    const acknowledgements = STAGES.flatMap((stage) =>
      collectAcknowledgements(stageOf(synthesized, stage).app),
    );

    // Assess
    for (const { id } of acknowledgements) {
      expect(doc, `${id} is not listed in README.md's Deploy section`).toContain(`\`${id}\``);
    }
  });
});
