// test/infra: the token-signing keys and CORS of every stage. The signing key is an asymmetric ECC_NIST_P256
// SIGN_VERIFY key; only the routes that issue tokens may Sign with it, the Bearer routes and the JWKS only read
// its public key, and every other function nothing; the stack can hold a next and a previous key, all
// published, the current one signing. The HTTP API allows exactly the stage's client origins, named headers,
// no credentials; prod allows no wildcard (a synth-time throw) and only https origins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { corsPreflightFor } from '../../infra/constructs/signet-http-api.js';
import { FALLBACK_FUNCTION, ROUTES, TASKS, type Grant } from '../../infra/route-infra.js';
import { addSignetStage } from '../../infra/signet-stack.js';
import { loadStageConfig, STAGE_CONFIGS } from '../../infra/stages.js';
import { allowedOrigins, STAGES, type StageName } from '../../shared/config/settings.js';
import {
  cdkJsonContext,
  stageOf,
  synthesizeStages,
  type SynthesizedStage,
  type SynthesizedStages,
} from './synth.js';

type Json = Record<string, unknown>;
interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const ALL_FUNCTIONS: ReadonlyArray<readonly [string, readonly Grant[]]> = [
  ...ROUTES.map((route) => [route.name, route.grants] as const),
  [FALLBACK_FUNCTION, []],
  ...TASKS.map((task) => [task.name, task.grants] as const),
];
const TOKEN_ISSUERS = ['sessions', 'sessions-refresh', 'me-password'];
const BEARER_ROUTES = [
  'me-get',
  'me-patch',
  'me-delete',
  'me-contact',
  'me-contact-confirm',
  'me-password',
  'me-consent',
  'me-sessions-revoke-all',
];

const logicalId = (s: SynthesizedStage, construct: { node: { defaultChild?: unknown } }): string =>
  s.stack.getLogicalId(construct.node.defaultChild as CfnElement);
const referencedId = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const { Ref: ref, 'Fn::GetAtt': getAtt } = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return ref ?? getAtt?.[0];
};
const resources = (template: Template, type: string) =>
  template.findResources(type) as Record<string, { Properties?: Json }>;

/** KMS actions a function's role may call on the signing key, from its IAM policies. */
const kmsActionsOnSigningKey = (s: SynthesizedStage, name: string): string[] => {
  const fn = s.stack.functions.get(name);
  if (fn === undefined) throw new Error(`No function ${name}`);
  const roleId = logicalId(s, fn.role);
  const keyId = logicalId(s, s.stack.keys.signingKey);
  return Object.values(resources(s.template, 'AWS::IAM::Policy'))
    .filter((policy) =>
      asList(policy.Properties?.['Roles'] as unknown[]).some((role) => referencedId(role) === roleId),
    )
    .flatMap((policy) => (policy.Properties?.['PolicyDocument'] as { Statement: Statement[] }).Statement)
    .filter(
      (statement) =>
        statement.Effect === 'Allow' && asList(statement.Resource).some((r) => referencedId(r) === keyId),
    )
    .flatMap((statement) => asList(statement.Action))
    .sort();
};

describe('Token-signing keys and CORS', () => {
  let synthesized: SynthesizedStages;

  beforeAll(() => {
    synthesized = synthesizeStages(STAGES, { bundle: false });
  });

  afterAll(() => synthesized.cleanup());

  describe.each(STAGES)('Stage: %s', (stage: StageName) => {
    const get = (): SynthesizedStage => stageOf(synthesized, stage);

    it('signs tokens with an asymmetric ECC_NIST_P256 SIGN_VERIFY key, its ARN given to the functions', () => {
      // Prepare
      const s = get();
      const key = s.template.toJSON().Resources[logicalId(s, s.stack.keys.signingKey)] as {
        Properties: Json;
      };

      // Assess
      expect(key.Properties).toMatchObject({
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        EnableKeyRotation: false,
      });
      const sessions = s.stack.functions.get('sessions');
      const env = (
        s.template.toJSON().Resources[logicalId(s, sessions?.function as never)] as {
          Properties: { Environment: { Variables: Json } };
        }
      ).Properties.Environment.Variables;
      expect(referencedId(env['SIGNET_SIGNING_KEY_ARN'])).toBe(logicalId(s, s.stack.keys.signingKey));
      expect(env['SIGNET_VERIFY_KEY_ARNS']).toBe('');
    });

    it('lets only the routes that issue tokens Sign; Bearer routes and the JWKS only read the public key; others nothing', () => {
      // Prepare
      const s = get();

      // Assess
      for (const [name] of ALL_FUNCTIONS) {
        const actions = kmsActionsOnSigningKey(s, name);
        if (TOKEN_ISSUERS.includes(name)) expect(actions, name).toEqual(['kms:GetPublicKey', 'kms:Sign']);
        else if (BEARER_ROUTES.includes(name) || name === 'jwks')
          expect(actions, name).toEqual(['kms:GetPublicKey']);
        else expect(actions, name).toEqual([]);
      }
    });

    it("names the signing roles in the key's own policy, Sign only for ECDSA_SHA_256 over a digest", () => {
      // Prepare
      const s = get();
      const key = s.template.toJSON().Resources[logicalId(s, s.stack.keys.signingKey)] as {
        Properties: { KeyPolicy: { Statement: Statement[] } };
      };
      const roleOf = (name: string) => logicalId(s, s.stack.functions.get(name)?.role as never);

      // Act
      const signers = key.Properties.KeyPolicy.Statement.filter((statement) =>
        asList(statement.Action).includes('kms:Sign'),
      );
      const readers = key.Properties.KeyPolicy.Statement.filter((statement) =>
        asList(statement.Action).includes('kms:GetPublicKey'),
      );

      // Assess
      expect(
        signers
          .map((statement) => referencedId(statement.Condition?.['ArnEquals']?.['aws:PrincipalArn']))
          .sort(),
      ).toEqual(TOKEN_ISSUERS.map(roleOf).sort());
      for (const statement of signers) {
        expect(statement.Condition?.['StringEquals']).toEqual({
          'kms:SigningAlgorithm': 'ECDSA_SHA_256',
          'kms:MessageType': 'DIGEST',
        });
      }
      expect(
        readers
          .map((statement) => referencedId(statement.Condition?.['ArnEquals']?.['aws:PrincipalArn']))
          .sort(),
      ).toEqual([...new Set([...TOKEN_ISSUERS, ...BEARER_ROUTES, 'jwks'])].map(roleOf).sort());
    });

    it("allows exactly the stage's client origins, the named headers, no credentials, a 10-minute preflight cache", () => {
      // Prepare
      const s = get();
      const [api] = Object.values(resources(s.template, 'AWS::ApiGatewayV2::Api'));

      // Assess
      expect(api?.Properties?.['CorsConfiguration']).toEqual({
        AllowOrigins: allowedOrigins(s.config.app.clients),
        AllowMethods: ['DELETE', 'GET', 'PATCH', 'POST'],
        AllowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        ExposeHeaders: ['retry-after', 'idempotent-replayed'],
        MaxAge: 600,
        AllowCredentials: false,
      });
      for (const origin of allowedOrigins(s.config.app.clients)) expect(origin).not.toContain('*');
      if (stage === 'prod')
        for (const origin of allowedOrigins(s.config.app.clients)) expect(origin).toMatch(/^https:\/\//);
    });
  });

  it('publishes a next and a previous key beside the current one, which alone signs', () => {
    // Prepare
    const base = STAGE_CONFIGS.dev;
    const config = loadStageConfig('dev', {
      ...STAGE_CONFIGS,
      dev: { ...base, infra: { ...base.infra, signingKeys: { current: 'k2', next: 'k3', previous: 'k1' } } },
    });
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });

    // Act
    const stack = addSignetStage(app, config);
    const template = Template.fromStack(stack);

    // Assess
    const signing = Object.entries(resources(template, 'AWS::KMS::Key')).filter(
      ([, key]) => key.Properties?.['KeyUsage'] === 'SIGN_VERIFY',
    );
    expect(signing).toHaveLength(3);
    expect(stack.keys.publishedSigningKeys.map((key) => key.node.id)).toEqual([
      'TokenSigningKey-k2',
      'TokenSigningKey-k3',
      'TokenSigningKey-k1',
    ]);
    expect(stack.keys.signingKey.node.id).toBe('TokenSigningKey-k2');
    const sessions = stack.functions.get('sessions');
    const env = (
      template.toJSON().Resources[stack.getLogicalId(sessions?.function.node.defaultChild as CfnElement)] as {
        Properties: { Environment: { Variables: Json } };
      }
    ).Properties.Environment.Variables;
    expect(JSON.stringify(env['SIGNET_VERIFY_KEY_ARNS'])).toContain('TokenSigningKeyk3');
    expect(JSON.stringify(env['SIGNET_VERIFY_KEY_ARNS'])).toContain('TokenSigningKeyk1');
  });

  it('throws at synth for a wildcard origin in prod, and builds no CORS where no client calls from a browser', () => {
    // Act
    const wildcard = () => corsPreflightFor('prod', ['*']);
    const none = corsPreflightFor('dev', []);

    // Assess
    expect(wildcard).toThrow('must not allow a wildcard CORS origin');
    expect(none).toBeUndefined();
  });

  it('refuses a deployed stage without https issuer, without its own clients, or prod with an http origin', () => {
    // Prepare
    const { dev, prod } = STAGE_CONFIGS;
    const withApp = (stage: 'dev' | 'prod', app: Json) => ({
      ...STAGE_CONFIGS,
      [stage]: { ...STAGE_CONFIGS[stage], app: { ...STAGE_CONFIGS[stage].app, ...app } },
    });
    const { clients: _clients, ...devAppWithoutClients } = dev.app;

    // Act
    const httpIssuer = () =>
      loadStageConfig('dev', withApp('dev', { session: { issuer: 'http://api.dev.signet.example' } }));
    const noClients = () =>
      loadStageConfig('dev', { ...STAGE_CONFIGS, dev: { ...dev, app: devAppWithoutClients } });
    const prodHttp = () =>
      loadStageConfig(
        'prod',
        withApp('prod', {
          clients: [{ id: 'web-app', name: 'Web', allowedOrigins: ['http://app.signet.example'] }],
        }),
      );
    const prodWildcard = () =>
      loadStageConfig(
        'prod',
        withApp('prod', { clients: [{ id: 'web-app', name: 'Web', allowedOrigins: ['*'] }] }),
      );
    const trailingSlash = () =>
      loadStageConfig('prod', withApp('prod', { session: { issuer: `${prod.app.session?.issuer ?? ''}/` } }));

    // Assess
    expect(httpIssuer).toThrow('app.session.issuer: must be https');
    expect(noClients).toThrow('app.clients: required for a deployed stage');
    expect(prodHttp).toThrow('prod allows https origins only');
    expect(prodWildcard).toThrow('app.clients.0.allowedOrigins.0');
    expect(trailingSlash).toThrow('session.issuer');
  });
});
