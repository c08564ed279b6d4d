// infra: one stack per stage (`signet-<stage>`), built from a validated stage config (infra/stages.ts)
// and the route table (infra/route-infra.ts): table, keys and secret, one function per route, the admin
// function (IAM invoke), the scheduled sweeper and the events forwarder with its bus, the HTTP API, the page
// (S3 and CloudFront, the API on the same origin), SES and SMS settings, alarms and outputs.
import { fileURLToPath } from 'node:url';
import {
  CfnOutput,
  Fn,
  RemovalPolicy,
  Stack,
  Tags,
  Validations,
  type App,
  type StackProps,
} from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ENV } from '../shared/config/env.js';
import { allowedOrigins, type StageName } from '../shared/config/settings.js';
import { SignetAlarms } from './constructs/alarms.js';
import { auditLogGuard, idempotencyRecordStatements, statementsForGrants } from './constructs/grants.js';
import { requestLogging } from './constructs/request-logging.js';
import { RouteFunction } from './constructs/route-function.js';
import { SignetEvents } from './constructs/signet-events.js';
import { SignetHttpApi } from './constructs/signet-http-api.js';
import { originVerifySecret, SignetPage } from './constructs/signet-page.js';
import { SignetKeys } from './constructs/signet-keys.js';
import { SES_DIMENSION, SignetMessaging, type EmailIdentityKind } from './constructs/signet-messaging.js';
import { SignetTable } from './constructs/signet-table.js';
import { addNagChecks } from './nag.js';
import { FALLBACK_FUNCTION, ROUTES, TASKS, type Grant, type RouteSpec } from './route-infra.js';
import type { DeployedStageConfig } from './stages.js';

/** The repository root, where functions/, package-lock.json and node_modules live. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The fallback behind `$default`, described like a route so it is built the same way. */
const FALLBACK_ROUTE: Pick<RouteSpec, 'hashes' | 'grants'> & { readonly name: string } = {
  name: FALLBACK_FUNCTION,
  hashes: false,
  grants: [],
};

/** The CloudFormation stack name of a stage. */
const stackName = (stage: StageName): string => `signet-${stage}`;

/**
 * Dev sends from a verified address (a click on SES's mail); staging and prod from a DKIM-signed
 * domain (DNS records), which mail providers need to trust the codes.
 */
const identityKindFor = (stage: StageName): EmailIdentityKind => (stage === 'dev' ? 'address' : 'domain');

export interface SignetStackProps extends StackProps {
  readonly config: DeployedStageConfig;
  /** Defaults to this repository. */
  readonly projectRoot?: string;
}

/**
 * @example
 * ```ts
 * new SignetStack(app, stackName('dev'), { config: loadStageConfig('dev') });
 * ```
 */
class SignetStack extends Stack {
  public readonly config: DeployedStageConfig;
  /** Functions by name: one per route, the fallback, and the tasks (admin, sweeper). */
  public readonly functions: ReadonlyMap<string, RouteFunction>;
  /** EventBridge rules of the scheduled tasks, by function name. */
  public readonly schedules: ReadonlyMap<string, Rule>;
  /** lambda:InvokeFunction on the admin function, for operators. */
  public readonly adminInvokePolicy: ManagedPolicy;
  public readonly table: SignetTable;
  public readonly keys: SignetKeys;
  public readonly api: SignetHttpApi;
  /** The page (S3 through CloudFront), with the API under the same origin. */
  public readonly page: SignetPage;
  public readonly messaging: SignetMessaging;
  public readonly alarms: SignetAlarms;
  /** The event bus and the events forwarder's stream source. */
  public readonly events: SignetEvents;

  public constructor(scope: Construct, id: string, props: SignetStackProps) {
    const { config } = props;
    const retained = config.infra.removalPolicy === 'retain';
    super(scope, id, {
      ...props,
      env: { account: config.account, region: config.region },
      description: `Signet identity registration (${config.stage})`,
      terminationProtection: retained,
    });
    this.config = config;
    const projectRoot = props.projectRoot ?? PROJECT_ROOT;
    const removalPolicy = retained ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // The schema only admits retention periods CloudWatch accepts, which are RetentionDays' values.
    const logRetention = config.infra.logRetentionDays as RetentionDays;
    Tags.of(this).add('project', 'signet');
    Tags.of(this).add('stage', config.stage);

    this.keys = new SignetKeys(this, 'Keys', { removalPolicy, signingKeys: config.infra.signingKeys });
    this.table = new SignetTable(this, 'Table', { encryptionKey: this.keys.storageKey, removalPolicy });
    this.events = new SignetEvents(this, 'Events', { stage: config.stage, removalPolicy });
    this.messaging = new SignetMessaging(this, 'Messaging', {
      fromAddress: config.app.email.fromAddress,
      configurationSetName: config.app.email.configurationSet,
      identityKind: identityKindFor(config.stage),
      sms: config.app.sms,
      logRetention,
      removalPolicy,
    });

    // The page's distribution fronts the API: the secret it presents, so that the HTTP functions count the
    // viewer's address it sends rather than the edge's (shared/http/caller-ip.ts).
    const originVerify = originVerifySecret(this, 'OriginVerify', { stage: config.stage, removalPolicy });

    const environment: Record<string, string> = {
      [ENV.settings]: JSON.stringify(config.app),
      [ENV.tableName]: this.table.table.tableName,
      [ENV.keyMode]: 'kms',
      [ENV.kmsKeyArn]: this.keys.dataKey.keyArn,
      [ENV.secretArn]: this.keys.rootSecret.secretArn,
      [ENV.signingKeyArn]: this.keys.signingKey.keyArn,
      // Fn.join refuses an empty list: no next or previous key is an empty variable.
      [ENV.verifyKeyArns]:
        this.keys.publishedSigningKeys.length > 1
          ? Fn.join(
              ',',
              this.keys.publishedSigningKeys.slice(1).map((key) => key.keyArn),
            )
          : '',
      [ENV.eventBusName]: this.events.bus.eventBusName,
      POWERTOOLS_SERVICE_NAME: 'signet',
      ...requestLogging(config.infra.requestLogSampleRate),
    };
    const targets = {
      region: this.region,
      tableArn: this.table.table.tableArn,
      storageKeyArn: this.keys.storageKey.keyArn,
      dataKeyArn: this.keys.dataKey.keyArn,
      secretArn: this.keys.rootSecret.secretArn,
      signingKeyArn: this.keys.signingKey.keyArn,
      publishedKeyArns: this.keys.publishedSigningKeys.map((key) => key.keyArn),
      emailIdentityArns: this.messaging.emailIdentityArns,
      configurationSetArn: this.messaging.configurationSetArn,
      fromAddress: config.app.email.fromAddress,
      tableStreamArn: this.table.table.tableStreamArn ?? '',
      eventBusArn: this.events.bus.eventBusArn,
    };

    // Only the functions behind the HTTP API read it; the tasks get no copy of the secret.
    const httpEnvironment: Record<string, string> = {
      ...environment,
      [ENV.originVerify]: originVerify.secretValue.unsafeUnwrap(),
    };

    interface FunctionToBuild {
      readonly name: string;
      /** Behind the HTTP API (a route or the fallback), rather than a task. */
      readonly http: boolean;
      readonly hashes: boolean;
      readonly grants: readonly Grant[];
      readonly description: string;
      readonly timeoutSeconds?: number;
    }
    const toBuild: FunctionToBuild[] = [
      ...ROUTES.map((spec) => ({
        name: spec.name,
        http: true,
        hashes: spec.hashes,
        grants: spec.grants,
        description: `Signet ${spec.method} ${spec.path}`,
      })),
      { ...FALLBACK_ROUTE, http: true, description: 'Signet $default: 404 / 405' },
      ...TASKS.map((task) => ({
        name: task.name,
        http: false,
        hashes: task.hashes,
        grants: task.grants,
        description: task.description,
        timeoutSeconds: task.timeoutSeconds,
      })),
    ];

    const functions = new Map<string, RouteFunction>();
    for (const spec of toBuild) {
      const fn = new RouteFunction(this, `Fn-${spec.name}`, {
        name: spec.name,
        hashes: spec.hashes,
        memoryMb: spec.hashes ? config.infra.hashingFunctionMemoryMb : config.infra.functionMemoryMb,
        environment: spec.http ? httpEnvironment : environment,
        logRetention,
        removalPolicy,
        projectRoot,
        description: spec.description,
        ...(spec.timeoutSeconds === undefined ? {} : { timeoutSeconds: spec.timeoutSeconds }),
      });
      for (const statement of statementsForGrants(spec.grants, targets)) {
        fn.role.addToPrincipalPolicy(statement);
      }
      // Every function, whatever its grants: the audit log is append-only in IAM as in code.
      fn.role.addToPrincipalPolicy(auditLogGuard(spec.grants, targets));
      // Every function too: only a route's own function touches its Idempotency-Key records.
      for (const statement of idempotencyRecordStatements(spec.name, spec.grants, targets)) {
        fn.role.addToPrincipalPolicy(statement);
      }
      if (spec.grants.includes('keys:generate')) this.keys.allowDataKeyUse(fn.role, 'generate');
      if (spec.grants.includes('keys:decrypt')) this.keys.allowDataKeyUse(fn.role, 'decrypt');
      if (spec.grants.includes('tokens:sign')) this.keys.allowSigningKeyUse(fn.role, 'sign');
      else if (spec.grants.includes('tokens:verify')) this.keys.allowSigningKeyUse(fn.role, 'verify');
      if (spec.grants.includes('sms:send')) {
        Validations.of(fn.role).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'sns:Publish to a phone number has no resource ARN, so IAM requires "*"; a Deny on every SNS topic and ' +
            'endpoint ARN in the same policy keeps the function from publishing anywhere but to phone numbers.',
        });
      }
      functions.set(spec.name, fn);
    }
    this.functions = functions;

    const fallback = functions.get(FALLBACK_FUNCTION);
    if (fallback === undefined) throw new Error(`The fallback function ${FALLBACK_FUNCTION} was not built`);
    this.api = new SignetHttpApi(this, 'Api', {
      stage: config.stage,
      allowedOrigins: allowedOrigins(config.app.clients),
      routes: ROUTES.map((spec) => {
        const fn = functions.get(spec.name);
        if (fn === undefined) throw new Error(`The function for route ${spec.name} was not built`);
        return { spec, function: fn.function };
      }),
      fallback: fallback.function,
      throttle: config.infra.throttle,
      logRetention,
      removalPolicy,
    });

    // The page signs in as the stage's first app client.
    const pageClient = config.app.clients[0];
    if (pageClient === undefined) throw new Error(`Stage ${config.stage} has no app client for the page`);
    this.page = new SignetPage(this, 'Page', {
      stage: config.stage,
      httpApi: this.api.api,
      clientId: pageClient.id,
      removalPolicy,
      logRetention,
      originVerify,
    });

    const taskFunction = (name: string): NodejsFunction => {
      const fn = functions.get(name);
      if (fn === undefined) throw new Error(`The function for task ${name} was not built`);
      return fn.function;
    };
    const schedules = new Map<string, Rule>();
    for (const task of TASKS) {
      if (task.trigger.kind !== 'schedule') continue;
      const rule = new Rule(this, `Schedule-${task.name}`, {
        description: `Signet: runs the ${task.name} function (cron ${task.trigger.cron.minute} ${task.trigger.cron.hour} * * ? *, UTC)`,
        schedule: Schedule.cron(task.trigger.cron),
      });
      rule.addTarget(new LambdaFunction(taskFunction(task.name), { retryAttempts: 2 }));
      schedules.set(task.name, rule);
    }
    this.schedules = schedules;

    // Operators attach this policy to their role or group: invoking the admin function is the only
    // way in (no function URL, no API route), and CloudTrail records who did.
    const adminFunctions = TASKS.filter((task) => task.trigger.kind === 'iam-invoke').map((task) =>
      taskFunction(task.name),
    );
    this.adminInvokePolicy = new ManagedPolicy(this, 'AdminInvokePolicy', {
      description: `Signet ${config.stage}: may invoke the admin function (legal holds, disclosures, audit log)`,
      statements: [
        new PolicyStatement({
          sid: 'InvokeSignetAdmin',
          actions: ['lambda:InvokeFunction'],
          resources: adminFunctions.map((fn) => fn.functionArn),
        }),
      ],
    });

    this.alarms = new SignetAlarms(this, 'Alarms', { alarmEmail: config.infra.alarmEmail, removalPolicy });
    this.alarms.add('ApiServerErrors', {
      metric: this.api.httpStage.metricServerError({ statistic: 'Sum' }),
      threshold: 1,
      description: 'The API answered 5xx in the last 5 minutes.',
    });
    for (const [name, fn] of functions) {
      this.alarms.add(`Fn-${name}-Errors`, {
        metric: fn.function.metricErrors({ statistic: 'Sum' }),
        threshold: 1,
        description: `The ${name} function failed (uncaught error or timeout) in the last 5 minutes.`,
      });
      this.alarms.add(`Fn-${name}-Throttles`, {
        metric: fn.function.metricThrottles({ statistic: 'Sum' }),
        threshold: 1,
        description: `Lambda throttled the ${name} function (concurrency limit) in the last 5 minutes.`,
      });
    }
    for (const task of TASKS) {
      if (task.trigger.kind === 'table-stream') {
        this.events.forwardFrom(this.table.table, taskFunction(task.name), this.alarms);
      }
    }
    this.alarms.addSmsSpend(config.app.sms.monthlySpendLimitUsd);
    this.alarms.addSmsDailyBudget(config.app.sms.dailyBudget);
    this.alarms.addSmsCountryRefused();
    this.alarms.addSmsFailures();
    this.alarms.addEmailHealth(config.app.email.configurationSet, SES_DIMENSION);

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the Signet API', value: this.api.url });
    new CfnOutput(this, 'PageUrl', {
      description: 'The page (Create account); the API answers on the same origin under /v1 and /.well-known',
      value: this.page.url,
    });
    new CfnOutput(this, 'TableName', {
      description: 'The registration table',
      value: this.table.table.tableName,
    });
    new CfnOutput(this, 'AdminFunctionName', {
      description: 'Invoke with an AdminCommand JSON (aws lambda invoke); needs AdminInvokePolicyArn',
      value: taskFunction('admin').functionName,
    });
    new CfnOutput(this, 'AdminInvokePolicyArn', {
      description: 'Attach to the operators who may invoke the admin function',
      value: this.adminInvokePolicy.managedPolicyArn,
    });
    new CfnOutput(this, 'EventBusName', {
      description: 'Lifecycle events (source signet): add rules for your app on this bus',
      value: this.events.bus.eventBusName,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Alarm notifications (confirm the e-mail subscription)',
      value: this.alarms.topic.topicArn,
    });
    new CfnOutput(this, 'SesIdentity', {
      description: 'SES identity to verify before sending',
      value: this.messaging.identity.emailIdentityName,
    });
  }
}

/**
 * Builds a stage's stack in an app and registers cdk-nag on the app: what infra/app.ts runs for
 * `cdk synth|deploy -c stage=…`, and what the tests synthesize.
 */
const addSignetStage = (app: App, config: DeployedStageConfig, projectRoot?: string): SignetStack => {
  const stack = new SignetStack(app, stackName(config.stage), {
    config,
    ...(projectRoot === undefined ? {} : { projectRoot }),
  });
  addNagChecks(app);
  return stack;
};

export { addSignetStage, PROJECT_ROOT, SignetStack, stackName };
