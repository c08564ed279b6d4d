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
}

/** The wildcard findings cdk-nag reports on CDK's BucketDeployment role, as it names them. */
const deployerWildcards = (stack: Stack, bucket: Bucket): string[] => [
  ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map(
    (action) => `Action::${action}`,
  ),
  'Resource::*',
  `Resource::<${stack.getLogicalId(bucket.node.defaultChild as CfnBucket)}.Arn>/*`,
  `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${stack.account}-${stack.region}/*`,
];

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
      autoDeleteObjects: props.removalPolicy === RemovalPolicy.DESTROY,
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
    const built = Source.asset(PAGE_SOURCE, {
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
    this.deployment = new BucketDeployment(this, 'Deployment', {
      sources: [built],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
      // Revalidated at every load: a deploy reaches every browser at once (the files are small and compressed).
      cacheControl: [CacheControl.fromString('no-cache')],
      memoryLimit: 256,
    });

    // CDK's one deployment function per stack (a singleton at the stack's root) copies the built page from the
    // asset bucket into this bucket and invalidates the distribution, at deploy time only.
    const deployer = stack.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (deployer !== undefined) {
      Validations.of(deployer).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            "CDK's BucketDeployment function writes its logs with the AWS managed AWSLambdaBasicExecutionRole; it runs at deploy time only.",
        },
        ...deployerWildcards(stack, this.bucket).map((finding) => ({
          id: `AwsSolutions-IAM5[${finding}]`,
          reason:
            "CDK's BucketDeployment grants: read the page's asset in the CDK asset bucket, write and prune this page bucket's objects (s3 action groups on them), and create invalidations, which take no narrower resource than *.",
        })),
        {
          id: 'AwsSolutions-L1',
          reason:
            "The BucketDeployment function's runtime is chosen by aws-cdk-lib and moves with it; it runs at deploy time only.",
        },
      );
    }

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
