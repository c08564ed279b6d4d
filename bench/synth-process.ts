// bench: synthesizes the prod stage's stack into the folder given as the first argument, with the stack's own
// esbuild step (infra/constructs/route-function.ts): the bundles measured are the ones CDK would deploy. Run in
// its own process by bench/bundles.ts, so aws-cdk-lib and the bundling stay out of the measured processes.
// Beside it, in a stack of its own, the cold-start floor (bench/floor/handler.ts) through the same step.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { functionBundling } from '../infra/constructs/route-function.js';
import { PROJECT_ROOT, SignetStack, stackName } from '../infra/signet-stack.js';
import { loadStageConfig } from '../infra/stages.js';
import { FLOOR_STACK } from './bundles.js';

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
// The floor: bench/floor/handler.ts through the same esbuild step, in a stack of its own.
const floor = new Stack(app, FLOOR_STACK);
new NodejsFunction(floor, 'Fn-floor', {
  entry: path.join(PROJECT_ROOT, 'bench', 'floor', 'handler.ts'),
  handler: 'handler',
  projectRoot: PROJECT_ROOT,
  depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
  runtime: Runtime.NODEJS_24_X,
  architecture: Architecture.ARM_64,
  bundling: functionBundling(PROJECT_ROOT, false),
});
app.synth();
