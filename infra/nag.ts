// infra: cdk-nag (v3) on the app. AwsSolutionsChecks runs as a CDK policy-validation plugin at synth, so
// an unacknowledged finding stops `cdk synth` and `cdk deploy`. Acknowledgements sit on the construct
// they excuse (Validations.of(construct).acknowledge) and each carries its reason; this file also reads
// them back for the tests and the README's list.
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export interface Acknowledgement {
  /** Rule id, with the finding in brackets where the rule reports several (AwsSolutions-IAM5[Resource::*]). */
  readonly id: string;
  readonly reason: string;
  /** Path of the construct the acknowledgement is attached to. */
  readonly path: string;
}

/** Registers AwsSolutionsChecks on the app (explanations included in each finding). */
const addNagChecks = (app: App): AwsSolutionsChecks => {
  const checks = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(checks);
  return checks;
};

/** Every acknowledgement under a scope, as recorded in construct metadata by Validations.acknowledge. */
const collectAcknowledgements = (scope: IConstruct): Acknowledgement[] =>
  scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([qualifiedId, reason]) => ({
          id: qualifiedId.replace(/^annotation::/i, ''),
          reason,
          path: construct.node.path,
        })),
      ),
  );

export { addNagChecks, collectAcknowledgements };
