// test/infra: the page in AWS, for every stage: a private, encrypted, SSL-only bucket read by CloudFront through
// Origin Access Control; the API under the same distribution at /v1/* and /.well-known/* (no caching, every
// method, the viewer's headers but Host); the page's security headers; the built page deployed with an
// invalidation; its address an output. The API behaviours alone run the viewer-address function, and the API
// origin alone presents the origin-verify secret, which reaches the distribution and the HTTP functions (never
// the tasks) as a dynamic reference to a generated secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { VIEWER_IP_FUNCTION_CODE } from '../../infra/constructs/signet-page.js';
import { TASKS } from '../../infra/route-infra.js';
import { ENV } from '../../shared/config/env.js';
import { ORIGIN_VERIFY_HEADER, VIEWER_IP_HEADER } from '../../shared/http/caller-ip.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/page/security-headers.js';
import { STAGES } from '../../shared/config/settings.js';
import { stageOf, synthesizeStages, type SynthesizedStages } from './synth.js';

/** AWS's ids of the managed policies the API behaviours use. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

type Json = Record<string, unknown>;

interface ViewerRequestEvent {
  readonly viewer: { readonly ip: string };
  readonly request: { headers: Record<string, { value: string; multiValue?: { value: string }[] }> };
}

/** The viewer-request function's handler, evaluated as CloudFront would call it. */
const viewerIpHandler = new Function(`${VIEWER_IP_FUNCTION_CODE}\nreturn handler;`)() as (
  event: ViewerRequestEvent,
) => ViewerRequestEvent['request'];

describe('CloudFront Function: viewer address', () => {
  it.each(['203.0.113.7', '2001:db8::17'])("sets %s, the viewer's address, in x-signet-viewer-ip", (ip) => {
    // Act
    const request = viewerIpHandler({ viewer: { ip }, request: { headers: { accept: { value: '*/*' } } } });

    // Assess
    expect(request.headers[VIEWER_IP_HEADER]).toEqual({ value: ip });
    expect(request.headers.accept).toEqual({ value: '*/*' });
  });

  it('replaces whatever the viewer sent under that name, one value or several', () => {
    // Prepare
    const forged = {
      value: '192.0.2.1',
      multiValue: [{ value: '192.0.2.1' }, { value: '192.0.2.2' }],
    };

    // Act
    const request = viewerIpHandler({
      viewer: { ip: '203.0.113.7' },
      request: { headers: { [VIEWER_IP_HEADER]: forged } },
    });

    // Assess
    expect(request.headers[VIEWER_IP_HEADER]).toEqual({ value: '203.0.113.7' });
  });
});

describe('Construct: SignetPage', () => {
  let synthesized: SynthesizedStages;

  beforeAll(() => {
    synthesized = synthesizeStages(STAGES, { bundle: false });
  });

  afterAll(() => synthesized?.cleanup());

  describe.each(STAGES)('stage %s', (stage) => {
    it('keeps the page in a private, encrypted bucket that refuses plain HTTP', () => {
      // Prepare
      const { template } = stageOf(synthesized, stage);

      // Assess
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({
              Effect: 'Allow',
              Action: 's3:GetObject',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
            }),
          ]),
        },
      });
      template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: {
          OriginAccessControlOriginType: 's3',
          SigningBehavior: 'always',
          SigningProtocol: 'sigv4',
        },
      });
    });

    it('serves the API on the same origin at /v1/* and /.well-known/*, uncached, every method, Host left out', () => {
      // Prepare
      const { template } = stageOf(synthesized, stage);
      const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution')) as Json[];
      const config = (distribution?.Properties as Json).DistributionConfig as Json;
      const behaviours = config.CacheBehaviors as Json[];

      // Assess
      expect(config.DefaultRootObject).toBe('index.html');
      expect(behaviours.map((behaviour) => behaviour.PathPattern)).toEqual(['/v1/*', '/.well-known/*']);
      for (const behaviour of behaviours) {
        expect(behaviour).toMatchObject({
          CachePolicyId: CACHING_DISABLED,
          OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
          ViewerProtocolPolicy: 'https-only',
          AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        });
      }
      const origins = config.Origins as Json[];
      const api = origins.find((origin) => origin.Id === behaviours[0]?.TargetOriginId);
      expect(JSON.stringify(api?.DomainName)).toContain('.execute-api.');
      expect(api?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
      expect(config.DefaultCacheBehavior).toMatchObject({
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
      });
      expect((config.DefaultCacheBehavior as Json).ResponseHeadersPolicyId).toEqual({
        Ref: expect.any(String),
      });
    });

    it("adds the page's security headers to its files", () => {
      // Prepare
      const { template } = stageOf(synthesized, stage);

      // Assess
      template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: {
          SecurityHeadersConfig: {
            ContentSecurityPolicy: { ContentSecurityPolicy: CONTENT_SECURITY_POLICY, Override: true },
            ContentTypeOptions: { Override: true },
            FrameOptions: { FrameOption: 'DENY', Override: true },
            ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
            StrictTransportSecurity: Match.objectLike({ Override: true }),
          },
        },
      });
      expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'self'/);
      expect(CONTENT_SECURITY_POLICY).toMatch(/frame-ancestors 'none'/);
      expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval/);
    });

    it('gives the deployment function a role of its own: no managed policy, no wildcard action, one distribution', () => {
      // Prepare
      const { template, stack } = stageOf(synthesized, stage);
      const roleId = stack.resolve((stack.page.node.findChild('DeploymentRole') as Role).roleName) as {
        Ref: string;
      };
      const role = template.findResources('AWS::IAM::Role')[roleId.Ref] as Json;
      const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Json[];
      const own = policies.filter((policy) =>
        JSON.stringify((policy.Properties as Json).Roles).includes(roleId.Ref),
      );
      const statements = own.flatMap(
        (policy) => ((policy.Properties as Json).PolicyDocument as { Statement: Json[] }).Statement,
      );

      // Assess
      expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
      expect(statements.map((statement) => statement.Sid).sort()).toEqual([
        'InvalidatePage',
        'ListPageBucket',
        'OwnLogGroup',
        'ReadBuiltPage',
        'WritePageObjects',
      ]);
      for (const statement of statements) {
        expect(statement.Effect).toBe('Allow');
        for (const action of [statement.Action].flat() as string[]) expect(action).not.toContain('*');
        expect(statement.Resource).not.toBe('*');
      }
      template.hasResourceProperties('AWS::Lambda::Function', {
        Role: { 'Fn::GetAtt': [roleId.Ref, 'Arn'] },
        MemorySize: 256,
      });
    });

    it('runs the viewer-address function on the API behaviours only, as a viewer request', () => {
      // Prepare
      const { template, stack } = stageOf(synthesized, stage);
      const functions = template.findResources('AWS::CloudFront::Function');
      const functionId = stack.getLogicalId(stack.page.viewerIp.node.defaultChild as CfnElement);
      const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution')) as Json[];
      const config = (distribution?.Properties as Json).DistributionConfig as Json;

      // Assess
      expect(Object.keys(functions)).toEqual([functionId]);
      expect(functions[functionId]?.Properties).toMatchObject({
        AutoPublish: true,
        FunctionCode: VIEWER_IP_FUNCTION_CODE,
        FunctionConfig: { Runtime: 'cloudfront-js-2.0' },
      });
      for (const behaviour of config.CacheBehaviors as Json[]) {
        expect(behaviour.FunctionAssociations).toEqual([
          { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
        ]);
      }
      expect(config.DefaultCacheBehavior).not.toHaveProperty('FunctionAssociations');
    });

    it('presents a generated secret to the API origin alone, as a dynamic reference, and to the HTTP functions alone', () => {
      // Prepare
      const { template, stack } = stageOf(synthesized, stage);
      const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution')) as Json[];
      const config = (distribution?.Properties as Json).DistributionConfig as Json;
      const apiOriginId = (config.CacheBehaviors as Json[])[0]?.TargetOriginId;
      const origins = config.Origins as Json[];
      const secretId = stack.getLogicalId(
        stack.node.findChild('OriginVerify').node.defaultChild as CfnElement,
      );
      const dynamicReference = {
        'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']],
      };
      const lambdas = template.findResources('AWS::Lambda::Function') as Record<string, { Properties: Json }>;
      const envOf = (construct: Construct): Json | undefined =>
        (
          lambdas[stack.getLogicalId(construct.node.defaultChild as CfnElement)]?.Properties
            .Environment as Json
        )?.Variables as Json | undefined;
      const taskNames = new Set(TASKS.map((task) => task.name));

      // Assess
      template.hasResource('AWS::SecretsManager::Secret', {
        Properties: Match.objectLike({
          GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
        }),
      });
      const secret = template.findResources('AWS::SecretsManager::Secret')[secretId];
      expect(secret?.Properties).not.toHaveProperty('SecretString');
      expect(
        (secret?.Properties as { GenerateSecretString: { PasswordLength: number } }).GenerateSecretString
          .PasswordLength,
      ).toBeGreaterThanOrEqual(48);
      for (const origin of origins) {
        if (origin.Id === apiOriginId) {
          expect(origin.OriginCustomHeaders).toEqual([
            { HeaderName: ORIGIN_VERIFY_HEADER, HeaderValue: dynamicReference },
          ]);
        } else {
          expect(origin).not.toHaveProperty('OriginCustomHeaders');
        }
      }
      expect(stack.functions.size).toBeGreaterThan(taskNames.size);
      for (const [name, fn] of stack.functions) {
        const variables = envOf(fn.function);
        if (taskNames.has(name)) expect(variables, name).not.toHaveProperty(ENV.originVerify);
        else expect(variables?.[ENV.originVerify], name).toEqual(dynamicReference);
      }
    });

    it('deploys the built page with an invalidation, and outputs its address', () => {
      // Prepare
      const { template } = stageOf(synthesized, stage);

      // Assess
      template.hasResourceProperties('Custom::CDKBucketDeployment', {
        DistributionPaths: ['/*'],
        Prune: true,
        SystemMetadata: { 'cache-control': 'no-cache' },
      });
      template.hasOutput('PageUrl', {
        Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }]] },
      });
    });
  });
});
