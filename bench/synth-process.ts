// bench: synthesizes the prod stage's stack into the folder given as the first argument, with the stack's own
// esbuild step (infra/constructs/route-function.ts): the bundles measured are the ones CDK would deploy. Run in
// its own process by bench/bundles.ts, so aws-cdk-lib and the bundling stay out of the measured processes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { PROJECT_ROOT, SignetStack, stackName } from '../infra/signet-stack.js';
import { loadStageConfig } from '../infra/stages.js';

const outdir = process.argv[2];
if (outdir === undefined) throw new Error('Usage: synth-process.ts <outdir>');

const { context } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
  context?: Record<string, unknown>;
};
const app = new App({
  outdir,
  context: {
    ...context,
    // What the CDK CLI turns on: construct paths and asset folders in the template's metadata.
    'aws:cdk:enable-path-metadata': true,
    'aws:cdk:enable-asset-metadata': true,
  },
});
const config = loadStageConfig('prod');
new SignetStack(app, stackName(config.stage), { config });
app.synth();
