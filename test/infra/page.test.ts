// test/infra: the page in AWS, for every stage: a private, encrypted, SSL-only bucket read by CloudFront through
// Origin Access Control; the API under the same distribution at /v1/* and /.well-known/* (no caching, every
// method, the viewer's headers but Host); the page's security headers; the built page deployed with an
// invalidation; its address an output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { CONTENT_SECURITY_POLICY } from '../../shared/page/security-headers.js';
import { STAGES } from '../../shared/config/settings.js';
import { stageOf, synthesizeStages, type SynthesizedStages } from './synth.js';

/** AWS's ids of the managed policies the API behaviours use. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

type Json = Record<string, unknown>;

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
