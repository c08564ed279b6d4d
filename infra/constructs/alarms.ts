// infra/constructs: what wakes someone up. One KMS-encrypted, TLS-only SNS topic mailed to the stage's
// alarm address, and alarms on API 5xx, function errors and throttles, SMS spend, the daily SMS budget,
// refused countries and delivery failures, and SES bounces, complaints, rejects and rendering failures.
import { Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { METRIC_NAMES, METRICS_NAMESPACE } from '../../shared/observability/metrics.js';
import { keyAdministration } from './signet-keys.js';

/** Share of the monthly SMS spend limit at which the spend alarm fires. */
const SMS_SPEND_ALARM_SHARE = 0.8;
/** Share of the stage's daily SMS budget (sms.dailyBudget) at which the budget alarm fires. */
const SMS_BUDGET_ALARM_SHARE = 0.8;

export interface SignetAlarmsProps {
  readonly alarmEmail: string;
  readonly removalPolicy: RemovalPolicy;
}

export interface AlarmSpec {
  readonly metric: IMetric;
  readonly threshold: number;
  readonly description: string;
  /** Default: at or above the threshold. */
  readonly comparison?: ComparisonOperator;
  readonly evaluationPeriods?: number;
}

/**
 * @example
 * ```ts
 * const alarms = new SignetAlarms(this, 'Alarms', { alarmEmail, removalPolicy });
 * alarms.add('ApiServerErrors', { metric: stage.metricServerError(), threshold: 1, description: '…' });
 * ```
 */
class SignetAlarms extends Construct {
  public readonly topic: Topic;
  public readonly alarms: Alarm[] = [];

  public constructor(scope: Construct, id: string, props: SignetAlarmsProps) {
    super(scope, id);
    const key = new Key(this, 'TopicKey', {
      description: 'Signet: encrypts the alarm topic',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
      policy: new PolicyDocument({
        statements: [
          keyAdministration(),
          // CloudWatch publishes alarm notifications to the encrypted topic as the service.
          new PolicyStatement({
            sid: 'CloudWatchAlarmsPublish',
            principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
            actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
            resources: ['*'],
            conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
          }),
        ],
      }),
    });
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Signet alarms',
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
  }

  /** Adds an alarm that notifies the topic; missing data counts as fine (no traffic, no alarm). */
  public add(id: string, spec: AlarmSpec): Alarm {
    const alarm = new Alarm(this, id, {
      metric: spec.metric,
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      comparisonOperator: spec.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: spec.description,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }

  /** Month-to-date SMS spend (account-wide, USD) reaching a share of the limit. */
  public addSmsSpend(monthlySpendLimitUsd: number): Alarm {
    return this.add('SmsSpend', {
      metric: new Metric({
        namespace: 'AWS/SNS',
        metricName: 'SMSMonthToDateSpentUSD',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      threshold: monthlySpendLimitUsd * SMS_SPEND_ALARM_SHARE,
      description: `SMS spend this month has reached ${SMS_SPEND_ALARM_SHARE * 100}% of the ${monthlySpendLimitUsd} USD limit; at the limit SNS stops sending codes.`,
    });
  }

  /**
   * The day's SMS count (SmsSentToday, emitted by the SMS path with each SMS it counts) reaching a share of
   * `sms.dailyBudget`; past the budget codes go by email only.
   */
  public addSmsDailyBudget(dailyBudget: number): Alarm {
    const threshold = Math.ceil(dailyBudget * SMS_BUDGET_ALARM_SHARE);
    return this.add('SmsDailyBudget', {
      metric: new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: METRIC_NAMES.smsSentToday,
        statistic: 'Maximum',
        period: Duration.minutes(5),
      }),
      threshold,
      description: `${threshold} SMS sent today: ${SMS_BUDGET_ALARM_SHARE * 100}% of the daily budget of ${dailyBudget} (sms.dailyBudget); past it codes are sent by email only (503 sms_unavailable for SMS).`,
    });
  }

  /** The texter refused a number outside sms.allowedCountries: a path let through what the schemas refuse. */
  public addSmsCountryRefused(): Alarm {
    return this.add('SmsCountryRefused', {
      metric: new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: METRIC_NAMES.smsCountryRefused,
        statistic: 'Sum',
        period: Duration.minutes(15),
      }),
      threshold: 1,
      description:
        'The SMS adapter refused to text a number outside sms.allowedCountries; the request schemas should have refused it first.',
    });
  }

  /** SMS to phone numbers that SNS could not deliver. */
  public addSmsFailures(): Alarm {
    return this.add('SmsDeliveryFailures', {
      metric: new Metric({
        namespace: 'AWS/SNS',
        metricName: 'NumberOfNotificationsFailed',
        dimensionsMap: { PhoneNumber: 'PhoneNumberDirect' },
        statistic: 'Sum',
        period: Duration.minutes(15),
      }),
      threshold: 5,
      description:
        'Five or more SMS codes failed to deliver in 15 minutes (carrier blocks, opted-out or invalid numbers, spend limit).',
    });
  }

  /** SES bounce and complaint rates (account reputation) and the configuration set's rejects and rendering failures. */
  public addEmailHealth(configurationSetName: string, dimension: string): Alarm[] {
    const reputation = (metricName: string): Metric =>
      new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Average', period: Duration.hours(1) });
    const events = (metricName: string): Metric =>
      new Metric({
        namespace: 'AWS/SES',
        metricName,
        dimensionsMap: { [dimension]: configurationSetName },
        statistic: 'Sum',
        period: Duration.minutes(15),
      });
    return [
      this.add('EmailBounceRate', {
        metric: reputation('Reputation.BounceRate'),
        threshold: 0.05,
        description:
          'SES bounce rate is 5% or more: SES reviews accounts at 5% and may pause sending at 10%.',
      }),
      this.add('EmailComplaintRate', {
        metric: reputation('Reputation.ComplaintRate'),
        threshold: 0.001,
        description:
          'SES complaint rate is 0.1% or more: SES reviews accounts at 0.1% and may pause sending at 0.5%.',
      }),
      this.add('EmailRejects', {
        metric: events('Reject'),
        threshold: 1,
        description: 'SES rejected a message (virus scan or suppression) in the last 15 minutes.',
      }),
      this.add('EmailRenderingFailures', {
        metric: events('RenderingFailure'),
        threshold: 1,
        description: 'SES could not render a message in the last 15 minutes.',
      }),
    ];
  }
}

export { SignetAlarms, SMS_BUDGET_ALARM_SHARE, SMS_SPEND_ALARM_SHARE };
