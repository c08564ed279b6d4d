// infra: the CDK app (cdk.json runs it). `npx cdk synth|deploy -c stage=dev|staging|prod` → the stage's
// validated settings (infra/stages.ts) → one stack, signet-<stage>, checked by cdk-nag at synth.
import { App } from 'aws-cdk-lib';
import { addSignetStage } from './signet-stack.js';
import { loadStageConfig, type DeployedStageConfig } from './stages.js';

const app = new App();
let config: DeployedStageConfig | undefined;
try {
  config = loadStageConfig(app.node.tryGetContext('stage'));
} catch (error) {
  // A bad stage setting is an operator's mistake: name the setting, without a stack trace.
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
if (config !== undefined) {
  addSignetStage(app, config);
  app.synth();
}
