// infra/constructs: the page in AWS. A private S3 bucket (encrypted, SSL only, no public access) holds the built
// page (shared/page, built at synth); one CloudFront distribution serves it through Origin Access Control, and
// the HTTP API under the same origin at /v1/* and /.well-known/* (no caching, every method, the viewer's headers
// but Host), so the page calls the API on its own origin. A response headers policy adds the page's security
// headers (shared/page/security-headers.ts), the same ones infra/local sends.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  type CfnBucket,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DockerImage } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { buildPageSync, PAGE_SOURCE } from '../../shared/page/build.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/page/security-headers.js';

export interface SignetPageProps {
  readonly stage: string;
  /** The HTTP API the distribution sends /v1/* and /.well-known/* to. */
  readonly httpApi: IHttpApi;
  /** The app client the page signs in as. */
  readonly clientId: string;
  readonly removalPolicy: RemovalPolicy;
  /** Retention of the deployment function's logs. */
  readonly logRetention: RetentionDays;
}

/** The API's paths on the page's origin. */
const API_PATH_PATTERNS = ['/v1/*', '/.well-known/*'] as const;

/**
 * @example
 * ```ts
 * const page = new SignetPage(this, 'Page', { stage: 'dev', httpApi: api.api, clientId: 'web-app', removalPolicy });
 * new CfnOutput(this, 'PageUrl', { value: page.url });
 * ```
 */
class SignetPage extends Construct {
  public readonly bucket: Bucket;
  public readonly distribution: Distribution;
  public readonly headers: ResponseHeadersPolicy;
  public readonly deployment: BucketDeployment;

  public constructor(scope: Construct, id: string, props: SignetPageProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      removalPolicy: props.removalPolicy,
    });

    this.headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `signet-${props.stage}-page`,
      comment: 'Signet page: strict CSP, no referrer, nosniff, no framing, HSTS',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });

    const api: BehaviorOptions = {
      origin: new HttpOrigin(`${props.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      }),
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      // Nothing of the API is cached at the edge; with caching off, this managed policy forwards every viewer
      // header but Host (API Gateway answers only to its own), Authorization, Idempotency-Key and Content-Type
      // included, and every query string.
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      compress: false,
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Signet ${props.stage}: the page and the API on one origin`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      enableIpv6: true,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
      },
      additionalBehaviors: Object.fromEntries(API_PATH_PATTERNS.map((pattern) => [pattern, api])),
    });

    // The page, built at synth from shared/page for this stage's client id (no Docker: esbuild runs here).
    const built = new Asset(this, 'Built', {
      path: PAGE_SOURCE,
      bundling: {
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim'),
        local: {
          tryBundle: (outputDir) => {
            buildPageSync({ outDir: outputDir, clientId: props.clientId });
            return true;
          },
        },
      },
    });

    // The deployment function's own role, with exactly what it does and no AWS managed policy: read this
    // asset, write and prune this bucket, invalidate this distribution, write its own logs. It is handed to
    // BucketDeployment as immutable, so that CDK's broader default grants are not added to it.
    const logs = new LogGroup(this, 'DeploymentLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const deployRole = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Signet ${props.stage}: copies the built page into its bucket at deploy time`,
    });
    const statements = [
      new PolicyStatement({
        sid: 'OwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logs.logGroupArn],
      }),
      new PolicyStatement({
        sid: 'ReadBuiltPage',
        actions: ['s3:GetObject'],
        resources: [built.bucket.arnForObjects(built.s3ObjectKey)],
      }),
      new PolicyStatement({
        sid: 'ListPageBucket',
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
      new PolicyStatement({
        sid: 'WritePageObjects',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [this.bucket.arnForObjects('*')],
      }),
      new PolicyStatement({
        sid: 'InvalidatePage',
        actions: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
        resources: [
          stack.formatArn({
            service: 'cloudfront',
            region: '',
            resource: 'distribution',
            resourceName: this.distribution.distributionId,
          }),
        ],
      }),
    ];
    for (const statement of statements) deployRole.addToPrincipalPolicy(statement);

    this.deployment = new BucketDeployment(this, 'Deployment', {
      sources: [Source.bucket(built.bucket, built.s3ObjectKey)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
      // In a stage that is torn down, the deployment empties the bucket first so that it can be deleted.
      retainOnDelete: props.removalPolicy !== RemovalPolicy.DESTROY,
      // Revalidated at every load: a deploy reaches every browser at once (the files are small and compressed).
      cacheControl: [CacheControl.fromString('no-cache')],
      memoryLimit: 256,
      role: deployRole.withoutPolicyUpdates(),
      logGroup: logs,
    });

    // CDK's one deployment function per stack (a singleton at the stack's root), run at deploy time only.
    const deployer = stack.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (deployer !== undefined) {
      Validations.of(deployer).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          "The BucketDeployment function's runtime is chosen by aws-cdk-lib and moves with it; it runs at deploy time only.",
      });
    }
    Validations.of(deployRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>/*]`,
      reason:
        'The deployment writes and prunes the objects of the page bucket, whose names are the built files.',
    });

    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'No server access logs: the bucket is read only by CloudFront (Origin Access Control), and logs would hold requester addresses outside the retention rules.',
    });

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: the page is for whoever the operator serves; the API applies its own country rules to phones.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF web ACL by default: the API throttles per stage and per route and bounds every contact, account and code; an operator may attach one (webAclId) where traffic calls for it.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The stage has no custom domain yet, so the distribution uses the default *.cloudfront.net certificate, whose TLS floor CloudFront sets; minimumProtocolVersion (TLSv1.2_2021) applies once a domain and an ACM certificate are configured.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'No CloudFront access logs: they would hold every viewer IP address and path outside the retention rules; the API keeps its own access logs with a retention period.',
      },
    );
  }

  /** The page's address, and the API's base URL on the same origin. */
  public get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}

export { API_PATH_PATTERNS, SignetPage };
