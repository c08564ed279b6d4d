// infra/constructs: the HTTP API. One route per ROUTES entry, `$default` to the fallback function (the
// product's own 404/405 JSON), stage-wide and per-route throttling, and access logs that record who
// called what and how it went, never a body, query string or path. CORS for the stage's clients' origins:
// API Gateway answers preflights itself and adds the allow-origin headers to every answer, errors included.
import { Duration, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type { CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  type CorsPreflightOptions,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_POLICY, type RouteSpec } from '../route-infra.js';

/**
 * The access log line. Request id, time, route key (the matched template, `$default` for unknown
 * paths), status, latencies, source IP and the integration error. Deliberately absent: the path
 * (an unknown path can carry anything a caller typed), query string, user agent and any body.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  sourceIp: '$context.identity.sourceIp',
  protocol: '$context.protocol',
} as const;

export interface SignetHttpApiProps {
  readonly stage: string;
  /** Browser origins CORS allows: the union of the clients' allowedOrigins (none: no CORS at all). */
  readonly allowedOrigins: readonly string[];
  readonly routes: ReadonlyArray<{ readonly spec: RouteSpec; readonly function: IFunction }>;
  /** Behind `$default`. */
  readonly fallback: IFunction;
  /** Stage-wide limits (requests per second, burst). */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The HTTP API's CORS configuration for a stage's origins, or none when no client calls from a browser.
 * @throws Error at synth for a wildcard origin in prod (the settings schema refuses one in any stage).
 */
const corsPreflightFor = (stage: string, origins: readonly string[]): CorsPreflightOptions | undefined => {
  if (stage === 'prod' && origins.some((origin) => origin.includes('*'))) {
    throw new Error('The prod HTTP API must not allow a wildcard CORS origin: list each client origin');
  }
  if (origins.length === 0) return undefined;
  return {
    allowOrigins: [...origins],
    allowMethods: CORS_POLICY.allowMethods.map((method) => CorsHttpMethod[method]),
    allowHeaders: [...CORS_POLICY.allowHeaders],
    exposeHeaders: [...CORS_POLICY.exposeHeaders],
    maxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
    allowCredentials: false,
  };
};

/** The `METHOD /path` key API Gateway uses for a route and for its route settings. */
const routeKey = (spec: RouteSpec): string => `${spec.method} ${spec.path}`;

/**
 * @example
 * ```ts
 * const api = new SignetHttpApi(this, 'Api', { stage: 'dev', routes, fallback, throttle, … });
 * new CfnOutput(this, 'ApiUrl', { value: api.url });
 * ```
 */
class SignetHttpApi extends Construct {
  public readonly api: HttpApi;
  public readonly httpStage: HttpStage;
  public readonly accessLogs: LogGroup;

  public constructor(scope: Construct, id: string, props: SignetHttpApiProps) {
    super(scope, id);
    const corsPreflight = corsPreflightFor(props.stage, props.allowedOrigins);

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `signet-${props.stage}`,
      description: 'Signet registration API (v1)',
      createDefaultStage: false,
      ...(corsPreflight === undefined ? {} : { corsPreflight }),
      defaultIntegration: new HttpLambdaIntegration('Fallback', props.fallback),
    });
    for (const { spec, function: fn } of props.routes) {
      this.api.addRoutes({
        path: spec.path,
        methods: [HttpMethod[spec.method]],
        integration: new HttpLambdaIntegration(`${spec.name}-integration`, fn),
      });
    }

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    this.httpStage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      autoDeploy: true,
      throttle: props.throttle,
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    // Per-route limits: the L2 stage has stage-wide throttling only. RouteSettings is a raw JSON map in
    // CloudFormation, so its keys are written as CloudFormation spells them.
    const cfnStage = this.httpStage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      props.routes.map(({ spec }) => [
        routeKey(spec),
        { ThrottlingRateLimit: spec.throttle.rateLimit, ThrottlingBurstLimit: spec.throttle.burstLimit },
      ]),
    );
    // Route settings name routes by key: the routes must exist before the stage refers to them.
    cfnStage.node.addDependency(this.api);

    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'No API Gateway authorizer by design: registration, sign-in and password reset are for people without a ' +
        "token, and the owner's routes verify their Bearer token (ES256 under a published key by kid, issuer, client audience and azp, expiry, " +
        'token generation) in the function. Abuse is bounded by stage and per-route throttling, per-contact and ' +
        'per-account limits and attempt-capped one-time codes.',
    });
  }

  /** The stage's invoke URL. */
  public get url(): string {
    return this.httpStage.url;
  }
}

export { ACCESS_LOG_FIELDS, corsPreflightFor, routeKey, SignetHttpApi };
