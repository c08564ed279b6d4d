// test/infra: infra/signet-stack.ts. Each security property of the deployed stack, asserted on the
// synthesized template of every stage, both ways where it differs by stage. Bundling is skipped here
// (the template is the same apart from asset hashes); test/infra/app.test.ts synthesizes the real
// bundles through the CDK CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { ACCESS_LOG_FIELDS } from '../../infra/constructs/signet-http-api.js';
import { FALLBACK_FUNCTION, ROUTES, TASKS, type Grant } from '../../infra/route-infra.js';
import { requestLogging } from '../../infra/constructs/request-logging.js';
import { AUDIT_PARTITION } from '../../shared/adapters/dynamodb/dynamodb-audit-log.js';
import { readAppSettings } from '../../shared/config/env.js';
import { STAGES, type StageName } from '../../shared/config/settings.js';
import { stageOf, synthesizeStages, type SynthesizedStage, type SynthesizedStages } from './synth.js';

type Json = Record<string, unknown>;
interface CfnResource {
  Type: string;
  Properties?: Json;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/**
 * What each grant must amount to, written out here rather than imported, so that a change to the
 * mapping in infra/constructs/grants.ts shows up as a failing expectation. `action@resource`.
 */
const EXPECTED_BY_GRANT: Record<Grant, string[]> = {
  // No statement until the token-signing KMS key is in the stack.
  'table:read': [
    'dynamodb:GetItem@table',
    'dynamodb:ConditionCheckItem@table',
    'kms:Decrypt@storageKey',
    'kms:DescribeKey@storageKey',
  ],
  'table:write': [
    'dynamodb:PutItem@table',
    'dynamodb:UpdateItem@table',
    'dynamodb:DeleteItem@table',
    'dynamodb:ConditionCheckItem@table',
    'kms:Decrypt@storageKey',
    'kms:DescribeKey@storageKey',
    'kms:Encrypt@storageKey',
    'kms:GenerateDataKey@storageKey',
  ],
  'table:query': ['dynamodb:Query@table', 'kms:Decrypt@storageKey', 'kms:DescribeKey@storageKey'],
  'table:scan': ['dynamodb:Scan@table', 'kms:Decrypt@storageKey', 'kms:DescribeKey@storageKey'],
  // Allows nothing: it lifts the Deny of PutItem on the audit partition (see the audit log test).
  'audit:append': [],
  // The function's own Idempotency-Key records (pk IDEMPOTENCY#<function>: the grants test checks the condition).
  'idempotency:records': [
    'dynamodb:DeleteItem@table',
    'dynamodb:GetItem@table',
    'dynamodb:PutItem@table',
    'dynamodb:UpdateItem@table',
  ],
  'keys:generate': ['kms:GenerateDataKey@dataKey'],
  'keys:decrypt': ['kms:Decrypt@dataKey'],
  'secrets:read': ['secretsmanager:GetSecretValue@secret', 'kms:Decrypt@storageKey'],
  'email:send': ['ses:SendEmail@ses'],
  'sms:send': ['sns:Publish@*'],
  'tokens:verify': ['kms:GetPublicKey@signingKey'],
  'tokens:sign': ['kms:Sign@signingKey', 'kms:GetPublicKey@signingKey'],
  // The stream's ARN is an attribute of the table.
  'stream:read': [
    'dynamodb:DescribeStream@table',
    'dynamodb:GetRecords@table',
    'dynamodb:GetShardIterator@table',
    'kms:Decrypt@storageKey',
  ],
  'outbox:expire': [
    'dynamodb:UpdateItem@table',
    'kms:Decrypt@storageKey',
    'kms:DescribeKey@storageKey',
    'kms:Encrypt@storageKey',
    'kms:GenerateDataKey@storageKey',
  ],
  'events:publish': ['events:PutEvents@bus'],
};
/** What the stream's on-failure destination adds to the function it serves. */
const ON_FAILURE_ACTIONS = [
  'sqs:GetQueueAttributes@failures',
  'sqs:GetQueueUrl@failures',
  'sqs:SendMessage@failures',
];
const LOG_ACTIONS = ['logs:CreateLogStream@ownLogGroup', 'logs:PutLogEvents@ownLogGroup'];

/** Every function the stack builds, with all it is granted: routes (with infra's additions), fallback, tasks. */
const ALL_FUNCTIONS: ReadonlyArray<readonly [string, readonly Grant[]]> = [
  ...ROUTES.map((route) => [route.name, route.grants] as const),
  [FALLBACK_FUNCTION, []],
  ...TASKS.map((task) => [task.name, task.grants] as const),
];
const FUNCTION_NAMES = ALL_FUNCTIONS.map(([name]) => name);
const grantsOf = (name: string): readonly Grant[] => ALL_FUNCTIONS.find(([n]) => n === name)?.[1] ?? [];
const hashes = (name: string): boolean =>
  [...ROUTES, ...TASKS].find((spec) => spec.name === name)?.hashes ?? false;

const resourcesOf = (synthesized: SynthesizedStage, type: string): Record<string, CfnResource> =>
  synthesized.template.findResources(type) as Record<string, CfnResource>;

const logicalId = (synthesized: SynthesizedStage, construct: { node: { defaultChild?: unknown } }): string =>
  synthesized.stack.getLogicalId(construct.node.defaultChild as CfnElement);

const resourceOf = (synthesized: SynthesizedStage, id: string): CfnResource => {
  const resource = (synthesized.template.toJSON() as { Resources: Record<string, CfnResource> }).Resources[
    id
  ];
  if (resource === undefined) throw new Error(`No resource ${id}`);
  return resource;
};

const routeFunction = (synthesized: SynthesizedStage, name: string) => {
  const fn = synthesized.stack.functions.get(name);
  if (fn === undefined) throw new Error(`No function ${name}`);
  return fn;
};

/** The id a Ref or Fn::GetAtt points at, if the value is one. */
const referencedId = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const { Ref: ref, 'Fn::GetAtt': getAtt } = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return ref ?? getAtt?.[0];
};

/** Allow statements of every IAM policy attached to a role. */
const roleStatements = (synthesized: SynthesizedStage, roleId: string): Statement[] =>
  Object.values(resourcesOf(synthesized, 'AWS::IAM::Policy'))
    .filter((policy) =>
      asList(policy.Properties?.['Roles'] as unknown[]).some((role) => referencedId(role) === roleId),
    )
    .flatMap((policy) => (policy.Properties?.['PolicyDocument'] as { Statement: Statement[] }).Statement);

/** A function's allowed `action@resource` pairs, resources named by role in the stack. */
const grantedPairs = (synthesized: SynthesizedStage, name: string): string[] => {
  const fn = routeFunction(synthesized, name);
  const { stack } = synthesized;
  const names = new Map<string, string>([
    [logicalId(synthesized, stack.table.table), 'table'],
    [logicalId(synthesized, stack.keys.storageKey), 'storageKey'],
    [logicalId(synthesized, stack.keys.dataKey), 'dataKey'],
    [logicalId(synthesized, stack.keys.rootSecret), 'secret'],
    [logicalId(synthesized, stack.keys.signingKey), 'signingKey'],
    [logicalId(synthesized, fn.logGroup), 'ownLogGroup'],
    [logicalId(synthesized, stack.events.bus), 'bus'],
    [logicalId(synthesized, stack.events.failures), 'failures'],
  ]);
  const nameOf = (resource: unknown): string => {
    if (resource === '*') return '*';
    const id = referencedId(resource);
    if (id !== undefined) return names.get(id) ?? `other:${id}`;
    const text = JSON.stringify(resource);
    return text.includes(':ses:') ? 'ses' : `other:${text}`;
  };
  const pairs = roleStatements(synthesized, logicalId(synthesized, fn.role))
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) =>
      asList(statement.Action).flatMap((action) =>
        asList(statement.Resource).map((r) => `${action}@${nameOf(r)}`),
      ),
    );
  return [...new Set(pairs)].sort();
};

describe('Class: SignetStack', () => {
  let synthesized: SynthesizedStages;

  beforeAll(() => {
    synthesized = synthesizeStages(STAGES, { bundle: false });
  });

  afterAll(() => synthesized.cleanup());

  describe.each(STAGES)('Stage: %s', (stage: StageName) => {
    const get = (): SynthesizedStage => stageOf(synthesized, stage);

    it('names the stack after the stage and deploys to the configured account and region', () => {
      // Prepare
      const { stack, config } = get();

      // Assess
      expect(stack.stackName).toBe(`signet-${stage}`);
      expect([stack.account, stack.region]).toEqual([config.account, config.region]);
    });

    it('encrypts the table with the customer-managed storage key', () => {
      // Prepare
      const s = get();

      // Assess
      s.template.hasResourceProperties('AWS::DynamoDB::Table', {
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [logicalId(s, s.stack.keys.storageKey), 'Arn'] },
        },
      });
    });

    it('builds the table from the shared definition: on-demand, no secondary index, point-in-time recovery, TTL on expiresAt', () => {
      // Prepare
      const { template } = get();

      // Assess
      template.resourceCountIs('AWS::DynamoDB::Table', 1);
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: Match.absent(),
      });
    });

    it('rotates every symmetric KMS key; the asymmetric token-signing key rotates by the runbook instead', () => {
      // Prepare
      const keys = Object.values(resourcesOf(get(), 'AWS::KMS::Key'));
      const signing = keys.filter((key) => key.Properties?.['KeyUsage'] === 'SIGN_VERIFY');
      const symmetric = keys.filter((key) => key.Properties?.['KeyUsage'] !== 'SIGN_VERIFY');

      // Assess
      expect(symmetric.length).toBe(3);
      for (const key of symmetric) expect(key.Properties?.['EnableKeyRotation']).toBe(true);
      expect(signing.length).toBe(1);
      // KMS cannot rotate an asymmetric key: README, "Rotating the signing key".
      for (const key of signing) expect(key.Properties?.['EnableKeyRotation']).toBe(false);
    });

    it('names every action in every key policy (no kms:* or GenerateDataKey*), and lets the account use the storage key only through DynamoDB and Secrets Manager', () => {
      // Prepare
      const s = get();
      const policyOf = (id: string): Statement[] =>
        (resourceOf(s, id).Properties?.['KeyPolicy'] as { Statement: Statement[] }).Statement;

      // Act
      const storage = policyOf(logicalId(s, s.stack.keys.storageKey));
      const all = Object.keys(resourcesOf(s, 'AWS::KMS::Key')).flatMap(policyOf);

      // Assess
      for (const statement of all) {
        for (const action of asList(statement.Action)) expect(action).not.toContain('*');
      }
      const usage = storage.filter((statement) =>
        asList(statement.Action).some((action) =>
          /^kms:(Encrypt|Decrypt|ReEncrypt|GenerateDataKey|CreateGrant)/.test(action),
        ),
      );
      expect(usage).toHaveLength(1);
      expect(usage[0]?.Condition?.['StringEquals']).toEqual({
        'kms:CallerAccount': s.config.account,
        'kms:ViaService': [
          `dynamodb.${s.config.region}.amazonaws.com`,
          `secretsmanager.${s.config.region}.amazonaws.com`,
        ],
      });
    });

    it('lets only the functions whose routes need it use the data key, with an account id context', () => {
      // Prepare
      const s = get();
      const policy = resourceOf(s, logicalId(s, s.stack.keys.dataKey)).Properties?.['KeyPolicy'] as {
        Statement: Statement[];
      };
      const usage = /^kms:(Encrypt|Decrypt|ReEncrypt|GenerateDataKey|CreateGrant)/;
      const rolesFor = (grant: Grant): string[] =>
        FUNCTION_NAMES.filter((name) => grantsOf(name).includes(grant)).map((name) =>
          logicalId(s, routeFunction(s, name).role),
        );

      // Act
      const users = policy.Statement.filter((statement) =>
        asList(statement.Action).some((a) => usage.test(a)),
      );

      // Assess
      for (const statement of policy.Statement) {
        for (const action of asList(statement.Action)) expect(action).not.toContain('*');
      }
      const byAction = (action: string) =>
        users
          .filter((statement) => asList(statement.Action).includes(action))
          .map((statement) => {
            expect(statement.Condition?.['Null']).toEqual({ 'kms:EncryptionContext:accountId': 'false' });
            return referencedId(statement.Condition?.['ArnEquals']?.['aws:PrincipalArn']);
          });
      expect(byAction('kms:GenerateDataKey')).toEqual(rolesFor('keys:generate'));
      expect(byAction('kms:Decrypt')).toEqual(rolesFor('keys:decrypt'));
      expect(users.length).toBe(rolesFor('keys:generate').length + rolesFor('keys:decrypt').length);
    });

    it('generates the HMAC root secret in Secrets Manager, so it never appears in the template', () => {
      // Prepare
      const s = get();
      const secrets = resourcesOf(s, 'AWS::SecretsManager::Secret');
      const root = secrets[logicalId(s, s.stack.keys.rootSecret)];

      // Assess: the root secret, and the page's origin-verify secret (test/infra/page.test.ts).
      expect(Object.keys(secrets).length).toBe(2);
      expect(root?.Properties).toMatchObject({
        GenerateSecretString: {
          SecretStringTemplate: '{}',
          GenerateStringKey: 'rootSecret',
          PasswordLength: 64,
          ExcludePunctuation: true,
        },
        KmsKeyId: { 'Fn::GetAtt': [logicalId(s, s.stack.keys.storageKey), 'Arn'] },
      });
      expect(root?.Properties).not.toHaveProperty('SecretString');
    });

    it('runs one arm64 Node.js 24 function per route, one for $default, the admin function and the sweeper', () => {
      // Prepare
      const s = get();

      // Assess
      expect([...s.stack.functions.keys()].sort()).toEqual([...FUNCTION_NAMES].sort());
      expect(FUNCTION_NAMES).toEqual(expect.arrayContaining(['admin', 'sweeper']));
      for (const [name, fn] of s.stack.functions) {
        expect(resourceOf(s, logicalId(s, fn.function)).Properties).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          MemorySize: hashes(name) ? s.config.infra.hashingFunctionMemoryMb : s.config.infra.functionMemoryMb,
          Timeout: TASKS.find((task) => task.name === name)?.timeoutSeconds ?? 10,
          LoggingConfig: { LogGroup: { Ref: logicalId(s, fn.logGroup) } },
        });
      }
    });

    it('gives every function its runtime settings, which the shared schema reads back unchanged', () => {
      // Prepare
      const s = get();
      const { stack } = s;

      for (const fn of stack.functions.values()) {
        // Act
        const variables = (
          resourceOf(s, logicalId(s, fn.function)).Properties?.['Environment'] as { Variables: Json }
        ).Variables;

        // Assess
        expect(readAppSettings({ SIGNET_SETTINGS: variables['SIGNET_SETTINGS'] as string })).toEqual(
          s.config.app,
        );
        expect(variables).toMatchObject({
          SIGNET_TABLE_NAME: { Ref: logicalId(s, stack.table.table) },
          SIGNET_KEY_MODE: 'kms',
          SIGNET_KMS_KEY_ARN: { 'Fn::GetAtt': [logicalId(s, stack.keys.dataKey), 'Arn'] },
          SIGNET_SECRET_ARN: { Ref: logicalId(s, stack.keys.rootSecret) },
          POWERTOOLS_SERVICE_NAME: 'signet',
          ...requestLogging(s.config.infra.requestLogSampleRate),
        });
        // Source maps are read when a stack is formatted (shared/observability/mapped-stacks.ts), not at each init.
        expect(variables).not.toHaveProperty('NODE_OPTIONS');
      }
    });

    it.each(ALL_FUNCTIONS)('grants the %s function exactly what it lists: %j', (name, grants) => {
      // Prepare
      const streamed = TASKS.find((task) => task.name === name)?.trigger.kind === 'table-stream';
      const expected = [
        ...new Set([
          ...LOG_ACTIONS,
          ...grants.flatMap((grant) => EXPECTED_BY_GRANT[grant]),
          ...(streamed ? ON_FAILURE_ACTIONS : []),
        ]),
      ].sort();

      // Act
      const granted = grantedPairs(get(), name);

      // Assess
      expect(granted).toEqual(expected);
    });

    it('gives the admin function and the sweeper exactly the DynamoDB actions their adapters send', () => {
      // Prepare: shared/adapters/dynamodb (admin store, audit log, owner store; retention store).
      const dynamodb = (name: string) =>
        grantedPairs(get(), name)
          .filter((pair) => pair.startsWith('dynamodb:'))
          .map((pair) => pair.replace('@table', ''));

      // Assess: a transaction is authorised per item action; nothing on an index.
      expect(dynamodb('admin')).toEqual([
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ]);
      expect(dynamodb('sweeper')).toEqual([
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:Scan',
        'dynamodb:UpdateItem',
      ]);
      expect(grantedPairs(get(), 'sweeper')).not.toContain('secretsmanager:GetSecretValue@secret');
      expect(grantedPairs(get(), 'admin')).toContain('secretsmanager:GetSecretValue@secret');
    });

    it("denies every function another route's Idempotency-Key records, and lets a route's function use its own", () => {
      // Prepare
      const s = get();
      const tableId = logicalId(s, s.stack.table.table);

      for (const [name, grants] of ALL_FUNCTIONS) {
        // Act
        const statements = roleStatements(s, logicalId(s, routeFunction(s, name).role)).filter((statement) =>
          asList(statement.Resource).some((resource) => referencedId(resource) === tableId),
        );
        const deny = statements.find((statement) => statement.Sid === 'OtherIdempotencyRecordsNever');
        const allow = statements.find((statement) => statement.Sid === 'IdempotencyRecords');

        // Assess
        expect(deny?.Effect, name).toBe('Deny');
        expect(deny?.Condition?.['ForAnyValue:StringLike'], name).toEqual({ 'dynamodb:LeadingKeys': ['IDEMPOTENCY#*'] });
        if (grants.includes('idempotency:records')) {
          expect(allow?.Condition, name).toEqual({
            'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [`IDEMPOTENCY#${name}`] },
          });
          expect(deny?.Condition?.['ForAllValues:StringNotEquals'], name).toEqual({
            'dynamodb:LeadingKeys': [`IDEMPOTENCY#${name}`],
          });
        } else {
          expect(allow, name).toBeUndefined();
        }
      }
    });

    it('keeps the audit log append-only in IAM: every function is denied changing or deleting an AUDIT item', () => {
      // Prepare
      const s = get();
      const tableId = logicalId(s, s.stack.table.table);

      for (const [name, grants] of ALL_FUNCTIONS) {
        // Act
        const guards = roleStatements(s, logicalId(s, routeFunction(s, name).role)).filter(
          (statement) =>
            statement.Effect === 'Deny' &&
            statement.Sid !== 'OtherIdempotencyRecordsNever' &&
            asList(statement.Resource).some((resource) => referencedId(resource) === tableId),
        );

        // Assess
        expect(guards, name).toHaveLength(1);
        const [guard] = guards;
        expect(guard?.Condition, name).toEqual({
          'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': [AUDIT_PARTITION] },
        });
        const denied = asList(guard?.Action ?? []);
        expect(denied, name).toEqual(
          expect.arrayContaining([
            'dynamodb:UpdateItem',
            'dynamodb:DeleteItem',
            'dynamodb:BatchWriteItem',
            'dynamodb:PartiQLUpdate',
            'dynamodb:PartiQLDelete',
          ]),
        );
        // Only the functions that write audit entries may add one (a conditional PutItem).
        expect(denied.includes('dynamodb:PutItem'), name).toBe(!grants.includes('audit:append'));
      }
      expect(
        ALL_FUNCTIONS.filter(([, grants]) => grants.includes('audit:append'))
          .map(([name]) => name)
          .sort(),
      ).toEqual(['admin', 'sweeper']);
    });

    it('runs the sweeper on a daily EventBridge schedule, and nothing else on one', () => {
      // Prepare
      const s = get();
      const rules = Object.values(resourcesOf(s, 'AWS::Events::Rule'));
      const sweeper = routeFunction(s, 'sweeper');

      // Assess
      expect(rules).toHaveLength(1);
      expect(rules[0]?.Properties).toMatchObject({
        ScheduleExpression: 'cron(17 3 * * ? *)',
        State: 'ENABLED',
        Targets: [
          expect.objectContaining({ Arn: { 'Fn::GetAtt': [logicalId(s, sweeper.function), 'Arn'] } }),
        ],
      });
      s.template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        FunctionName: { 'Fn::GetAtt': [logicalId(s, sweeper.function), 'Arn'] },
      });
    });

    it('reaches the admin function only by IAM: no route, no URL, no resource policy, and a policy for operators', () => {
      // Prepare
      const s = get();
      const admin = logicalId(s, routeFunction(s, 'admin').function);
      const permissions = Object.values(resourcesOf(s, 'AWS::Lambda::Permission'));

      // Assess
      expect(Object.keys(s.template.findResources('AWS::Lambda::Url'))).toEqual([]);
      expect(permissions.filter((p) => referencedId(p.Properties?.['FunctionName']) === admin)).toEqual([]);
      expect(
        Object.values(resourcesOf(s, 'AWS::ApiGatewayV2::Integration')).filter(
          (integration) => referencedId(integration.Properties?.['IntegrationUri']) === admin,
        ),
      ).toEqual([]);
      s.template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: [
            {
              Sid: 'InvokeSignetAdmin',
              Effect: 'Allow',
              Action: 'lambda:InvokeFunction',
              Resource: { 'Fn::GetAtt': [admin, 'Arn'] },
            },
          ],
        },
      });
      s.template.hasOutput('AdminFunctionName', { Value: { Ref: admin } });
      s.template.hasOutput('AdminInvokePolicyArn', { Value: Match.anyValue() });
    });

    it('allows no wildcard action anywhere, and Resource "*" only where SNS has no ARN', () => {
      // Prepare
      const policies = [
        ...Object.values(resourcesOf(get(), 'AWS::IAM::Policy')),
        ...Object.values(resourcesOf(get(), 'AWS::IAM::ManagedPolicy')),
      ];
      const statements = policies.flatMap(
        (policy) => (policy.Properties?.['PolicyDocument'] as { Statement: Statement[] }).Statement,
      );

      // Assess
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        for (const action of asList(statement.Action)) expect(action).not.toContain('*');
        if (statement.Effect === 'Allow' && asList(statement.Resource).includes('*')) {
          expect(['sns:Publish', 'sns:SetSMSAttributes']).toContain(statement.Action);
        }
      }
      for (const role of Object.values(resourcesOf(get(), 'AWS::IAM::Role'))) {
        expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
      }
    });

    it('denies the SMS-sending functions any topic or endpoint', () => {
      // Prepare
      const s = get();

      for (const [name] of ALL_FUNCTIONS.filter(([, grants]) => grants.includes('sms:send'))) {
        // Act
        const denies = roleStatements(s, logicalId(s, routeFunction(s, name).role)).filter(
          (statement) =>
            statement.Effect === 'Deny' && asList(statement.Action).some((a) => a.startsWith('sns:')),
        );

        // Assess
        expect(denies).toEqual([
          expect.objectContaining({
            Action: 'sns:Publish',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] },
          }),
        ]);
      }
    });

    it('routes each v1 path to its function and every other request to the fallback', () => {
      // Prepare
      const s = get();
      const routes = Object.values(resourcesOf(s, 'AWS::ApiGatewayV2::Route'));
      const integrations = resourcesOf(s, 'AWS::ApiGatewayV2::Integration');
      const targetFunction = (routeKey: string): string | undefined => {
        const route = routes.find((r) => r.Properties?.['RouteKey'] === routeKey);
        const integrationId =
          JSON.stringify(route?.Properties?.['Target']).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
        return referencedId(integrations[integrationId]?.Properties?.['IntegrationUri']);
      };

      // Assess
      expect(routes.map((r) => r.Properties?.['RouteKey']).sort()).toEqual(
        [...ROUTES.map((r) => `${r.method} ${r.path}`), '$default'].sort(),
      );
      for (const route of ROUTES) {
        expect(targetFunction(`${route.method} ${route.path}`)).toBe(
          logicalId(s, routeFunction(s, route.name).function),
        );
      }
      expect(targetFunction('$default')).toBe(logicalId(s, routeFunction(s, FALLBACK_FUNCTION).function));
    });

    it('throttles the stage as configured and each route as ROUTES says', () => {
      // Prepare
      const { template, config } = get();

      // Assess
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: Match.objectLike({
          ThrottlingRateLimit: config.infra.throttle.rateLimit,
          ThrottlingBurstLimit: config.infra.throttle.burstLimit,
        }),
        RouteSettings: Object.fromEntries(
          ROUTES.map((r) => [
            `${r.method} ${r.path}`,
            { ThrottlingRateLimit: r.throttle.rateLimit, ThrottlingBurstLimit: r.throttle.burstLimit },
          ]),
        ),
      });
    });

    it('logs API access as JSON without bodies, query strings, paths or user agents', () => {
      // Prepare
      const s = get();
      const [stageResource] = Object.values(resourcesOf(s, 'AWS::ApiGatewayV2::Stage'));
      const settings = stageResource?.Properties?.['AccessLogSettings'] as {
        DestinationArn: unknown;
        Format: string;
      };

      // Act
      const format = JSON.parse(settings.Format) as Record<string, string>;

      // Assess
      expect(referencedId(settings.DestinationArn)).toBe(logicalId(s, s.stack.api.accessLogs));
      expect(format).toEqual(ACCESS_LOG_FIELDS);
      expect(format['requestId']).toBe('$context.requestId');
      expect(settings.Format).not.toMatch(
        /\$context\.path|\$request\.|querystring|body|userAgent|\$context\.authorizer/i,
      );
    });

    it('keeps every log group for the stage retention period', () => {
      // Prepare
      const { template, config } = get();
      const groups = Object.values(
        template.findResources('AWS::Logs::LogGroup') as Record<string, CfnResource>,
      );

      // Assess
      // Routes, fallback, admin, sweeper, API access logs, SMS settings function, the page's deployment function.
      expect(groups.length).toBe(ROUTES.length + 1 + TASKS.length + 3);
      for (const group of groups)
        expect(group.Properties?.['RetentionInDays']).toBe(config.infra.logRetentionDays);
    });

    it('alarms on API 5xx, on errors and throttles of every function, on SMS spend, the daily SMS budget at 80%, refused countries and failures, and on email health', () => {
      // Prepare
      const s = get();
      const alarms = Object.values(resourcesOf(s, 'AWS::CloudWatch::Alarm')).map(
        (alarm) => alarm.Properties ?? {},
      );
      const named = (namespace: string, metric: string) =>
        alarms.filter((alarm) => alarm['Namespace'] === namespace && alarm['MetricName'] === metric);
      const topicId = logicalId(s, s.stack.alarms.topic);

      // Assess
      expect(named('AWS/ApiGateway', '5xx')).toHaveLength(1);
      expect(named('AWS/Lambda', 'Errors')).toHaveLength(s.stack.functions.size);
      expect(named('AWS/Lambda', 'Throttles')).toHaveLength(s.stack.functions.size);
      expect(named('AWS/SNS', 'SMSMonthToDateSpentUSD')).toEqual([
        expect.objectContaining({ Threshold: s.config.app.sms.monthlySpendLimitUsd * 0.8 }),
      ]);
      expect(named('Signet', 'SmsSentToday')).toEqual([
        expect.objectContaining({
          Threshold: Math.ceil(s.config.app.sms.dailyBudget * 0.8),
          Statistic: 'Maximum',
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
        }),
      ]);
      expect(named('Signet', 'SmsCountryRefused')).toEqual([
        expect.objectContaining({ Threshold: 1, Statistic: 'Sum' }),
      ]);
      expect(named('AWS/SNS', 'NumberOfNotificationsFailed')).toEqual([
        expect.objectContaining({ Dimensions: [{ Name: 'PhoneNumber', Value: 'PhoneNumberDirect' }] }),
      ]);
      for (const metric of [
        'Reputation.BounceRate',
        'Reputation.ComplaintRate',
        'Reject',
        'RenderingFailure',
      ]) {
        expect(named('AWS/SES', metric)).toHaveLength(1);
      }
      for (const alarm of alarms) expect(alarm['AlarmActions']).toEqual([{ Ref: topicId }]);
    });

    it('sends alarms to a KMS-encrypted, TLS-only topic mailed to the alarm address', () => {
      // Prepare
      const { template, config } = get();

      // Assess
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: config.infra.alarmEmail,
      });
    });

    it('creates the SES configuration set the functions name, requiring TLS and publishing failures to CloudWatch', () => {
      // Prepare
      const { template, config } = get();

      // Assess
      template.hasResourceProperties('AWS::SES::ConfigurationSet', {
        Name: config.app.email.configurationSet,
        DeliveryOptions: { TlsPolicy: 'REQUIRE' },
        ReputationOptions: { ReputationMetricsEnabled: true },
      });
      template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
        EventDestination: Match.objectLike({
          Enabled: true,
          MatchingEventTypes: Match.arrayWith(['bounce', 'complaint', 'reject', 'renderingFailure']),
          CloudWatchDestination: Match.anyValue(),
        }),
      });
    });

    it('makes SMS transactional with the stage spend limit and sender id', () => {
      // Prepare
      const { template, config } = get();
      const [settings] = Object.values(
        template.findResources('Custom::SignetSmsSettings') as Record<string, CfnResource>,
      );

      // Act
      const call = JSON.parse(settings?.Properties?.['Create'] as string) as {
        action: string;
        parameters: { attributes: Record<string, string> };
      };

      // Assess
      expect(call.action).toBe('SetSMSAttributes');
      expect(call.parameters.attributes).toEqual({
        DefaultSMSType: 'Transactional',
        MonthlySpendLimit: String(config.app.sms.monthlySpendLimitUsd),
        DefaultSenderID: config.app.sms.senderId,
      });
    });

    it('outputs the API URL, the table name and the event bus', () => {
      // Prepare
      const { template } = get();

      // Assess
      template.hasOutput('ApiUrl', { Value: Match.anyValue() });
      template.hasOutput('TableName', { Value: Match.anyValue() });
      template.hasOutput('EventBusName', { Value: Match.anyValue() });
    });

    it('forwards new outbox items from the table stream to the signet-<stage> bus, reporting partial batch failures', () => {
      // Prepare
      const s = get();
      const forwarder = routeFunction(s, 'events-forwarder');
      const tableId = logicalId(s, s.stack.table.table);
      const queueId = logicalId(s, s.stack.events.failures);
      const mappings = Object.values(resourcesOf(s, 'AWS::Lambda::EventSourceMapping'));

      // Assess: a stream of new images; one filtered mapping, on the forwarder only.
      expect(resourceOf(s, tableId).Properties?.['StreamSpecification']).toEqual({ StreamViewType: 'NEW_IMAGE' });
      s.template.hasResourceProperties('AWS::Events::EventBus', { Name: `signet-${stage}` });
      expect(mappings).toHaveLength(1);
      expect(mappings[0]?.Properties).toMatchObject({
        FunctionName: { Ref: logicalId(s, forwarder.function) },
        EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 10,
        ParallelizationFactor: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRetryAttempts: 20,
        MaximumRecordAgeInSeconds: 86_400,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
        FilterCriteria: {
          Filters: [
            {
              Pattern: JSON.stringify({
                eventName: ['INSERT'],
                dynamodb: { Keys: { pk: { S: [{ prefix: 'OUTBOX#' }] } } },
              }),
            },
          ],
        },
      });
      // The failures queue: encrypted, TLS only; an alarm on it and on the forwarder's lag.
      expect(resourceOf(s, queueId).Properties).toMatchObject({ SqsManagedSseEnabled: true });
      s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Threshold: 1,
      });
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'IteratorAge',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(s, forwarder.function) } }],
      });
    });

    it('lets only the forwarder put events, on its bus only, and update only outbox items', () => {
      // Prepare
      const s = get();
      const forwarder = routeFunction(s, 'events-forwarder');
      const statements = roleStatements(s, logicalId(s, forwarder.role));

      // Assess
      for (const name of FUNCTION_NAMES) {
        const puts = grantedPairs(s, name).filter((pair) => pair.startsWith('events:'));
        expect(puts, name).toEqual(name === 'events-forwarder' ? ['events:PutEvents@bus'] : []);
      }
      expect(statements.find((statement) => asList(statement.Action).includes('dynamodb:UpdateItem'))).toMatchObject({
        Effect: 'Allow',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['OUTBOX#*'] } },
      });
      expect(
        (resourceOf(s, logicalId(s, forwarder.function)).Properties?.['Environment'] as { Variables: Json })
          .Variables['SIGNET_EVENT_BUS_NAME'],
      ).toEqual({ Ref: logicalId(s, s.stack.events.bus) });
    });
  });

  describe('Function: requestLogging', () => {
    it('writes every request line at rate 1, and samples them at WARN below it', () => {
      // Assess
      expect(requestLogging(1)).toEqual({ POWERTOOLS_LOG_LEVEL: 'INFO' });
      expect(requestLogging(0.01)).toEqual({ POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_LOGGER_SAMPLE_RATE: '0.01' });
      expect(requestLogging(0)).toEqual({ POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_LOGGER_SAMPLE_RATE: '0' });
    });

    it('samples the request lines of prod and staging, and keeps them all in dev', () => {
      // Assess
      expect(stageOf(synthesized, 'dev').config.infra.requestLogSampleRate).toBe(1);
      expect(stageOf(synthesized, 'staging').config.infra.requestLogSampleRate).toBeLessThan(1);
      expect(stageOf(synthesized, 'prod').config.infra.requestLogSampleRate).toBeLessThan(1);
    });
  });

  describe('Stage: prod', () => {
    it('protects the table from deletion and retains every stateful resource', () => {
      // Prepare
      const s = stageOf(synthesized, 'prod');
      const retained = [
        s.stack.table.table,
        s.stack.keys.storageKey,
        s.stack.keys.dataKey,
        s.stack.keys.rootSecret,
        s.stack.api.accessLogs,
        ...[...s.stack.functions.values()].map((fn) => fn.logGroup),
      ];

      // Assess
      s.template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
      for (const construct of retained) {
        expect(resourceOf(s, logicalId(s, construct))).toMatchObject({
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
        });
      }
      expect(s.stack.terminationProtection).toBe(true);
    });

    it('sends from its DKIM-signed domain and outputs the DNS records to add', () => {
      // Prepare
      const { template, config } = stageOf(synthesized, 'prod');

      // Assess
      template.hasResourceProperties('AWS::SES::EmailIdentity', {
        EmailIdentity: config.app.email.fromAddress.split('@')[1],
        DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
        ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
      });
      expect(Object.keys(template.findOutputs('*')).filter((key) => key.includes('DkimRecord'))).toHaveLength(
        3,
      );
    });
  });

  describe.each(['dev', 'staging'] as const)('Stage: %s', (stage) => {
    it('lets a teardown delete the table and every stateful resource', () => {
      // Prepare
      const s = stageOf(synthesized, stage);
      const deleted = [s.stack.table.table, s.stack.keys.rootSecret, s.stack.api.accessLogs];

      // Assess
      s.template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
      for (const construct of deleted) {
        expect(resourceOf(s, logicalId(s, construct)).DeletionPolicy).toBe('Delete');
      }
      for (const key of [s.stack.keys.storageKey, s.stack.keys.dataKey]) {
        const resource = resourceOf(s, logicalId(s, key));
        expect(resource.DeletionPolicy).toBe('Delete');
        expect(resource.Properties?.['PendingWindowInDays']).toBe(7);
      }
      expect(s.stack.terminationProtection).toBe(false);
    });
  });

  describe('Stage: dev', () => {
    it('sends from a verified address, with no DNS records to add', () => {
      // Prepare
      const { template, config } = stageOf(synthesized, 'dev');

      // Assess
      template.hasResourceProperties('AWS::SES::EmailIdentity', {
        EmailIdentity: config.app.email.fromAddress,
      });
      expect(Object.keys(template.findOutputs('*')).filter((key) => key.includes('DkimRecord'))).toHaveLength(
        0,
      );
    });
  });
});
