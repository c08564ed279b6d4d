// infra/constructs: how codes leave the system. The SES sender identity and configuration set (events
// to CloudWatch, TLS required, bounces and complaints suppressed) and the account's SNS SMS settings
// (transactional, spend limit, sender id), which no CloudFormation resource covers: a scoped
// AwsCustomResource calls SetSMSAttributes.
import { CfnOutput, Duration, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  CloudWatchDimensionSource,
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EasyDkimSigningKeyLength,
  DkimIdentity,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/**
 * - `address`: an email-address identity; SES mails a link that someone must click. Enough for dev.
 * - `domain`: the sender's domain with Easy DKIM (2048-bit); its CNAME records are stack outputs and
 *   must be added to DNS. Needed for deliverability in staging and prod.
 */
export type EmailIdentityKind = 'address' | 'domain';

/** The CloudWatch dimension SES events are published under (SES's own auto-tag). */
const SES_DIMENSION = 'ses:configuration-set';

/** SES event types published as CloudWatch metrics. */
const SES_EVENTS = [
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.REJECT,
  EmailSendingEvent.RENDERING_FAILURE,
] as const;

export interface SignetMessagingProps {
  readonly fromAddress: string;
  readonly configurationSetName: string;
  readonly identityKind: EmailIdentityKind;
  readonly sms: {
    readonly senderId?: string;
    readonly monthlySpendLimitUsd: number;
  };
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * @example
 * ```ts
 * const messaging = new SignetMessaging(this, 'Messaging', { fromAddress, configurationSetName, … });
 * messaging.emailIdentityArns; // what ses:SendEmail is granted on
 * ```
 */
class SignetMessaging extends Construct {
  public readonly configurationSet: ConfigurationSet;
  public readonly identity: EmailIdentity;
  /** ARNs SES may authorise a send from the sender address against: the address and its domain. */
  public readonly emailIdentityArns: readonly string[];
  public readonly configurationSetArn: string;
  public readonly configurationSetName: string;

  public constructor(scope: Construct, id: string, props: SignetMessagingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const domain = props.fromAddress.slice(props.fromAddress.lastIndexOf('@') + 1);
    this.configurationSetName = props.configurationSetName;

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      // Codes are secrets: never hand them to a receiving server that will not take TLS.
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.configurationSet.addEventDestination('CloudWatch', {
      destination: EventDestination.cloudWatchDimensions([
        {
          name: SES_DIMENSION,
          source: CloudWatchDimensionSource.MESSAGE_TAG,
          defaultValue: props.configurationSetName,
        },
      ]),
      events: [...SES_EVENTS],
    });

    this.identity = new EmailIdentity(this, 'Identity', {
      identity: props.identityKind === 'domain' ? Identity.domain(domain) : Identity.email(props.fromAddress),
      configurationSet: this.configurationSet,
      ...(props.identityKind === 'domain'
        ? { dkimIdentity: DkimIdentity.easyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT) }
        : {}),
    });
    if (props.identityKind === 'domain') {
      this.identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `DkimRecord${index + 1}`, {
          description: `SES Easy DKIM: add this CNAME to the DNS of ${domain}`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    }

    const identityArn = (name: string): string =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    this.emailIdentityArns = [identityArn(props.fromAddress), identityArn(domain)];
    this.configurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: props.configurationSetName,
    });

    this.applySmsSettings(props);
  }

  /** SNS SetSMSAttributes for the account: transactional, the stage's spend limit and sender id. */
  private applySmsSettings(props: SignetMessagingProps): void {
    const attributes: Record<string, string> = {
      DefaultSMSType: 'Transactional',
      MonthlySpendLimit: String(props.sms.monthlySpendLimitUsd),
      ...(props.sms.senderId === undefined ? {} : { DefaultSenderID: props.sms.senderId }),
    };
    const call = {
      service: 'SNS',
      action: 'SetSMSAttributes',
      parameters: { attributes },
      physicalResourceId: PhysicalResourceId.of('signet-sms-settings'),
    };

    const logGroup = new LogGroup(this, 'SmsSettingsLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const role = new Role(this, 'SmsSettingsRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Signet: applies the account SNS SMS settings at deploy',
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'OwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    const settings = new AwsCustomResource(this, 'SmsSettings', {
      resourceType: 'Custom::SignetSmsSettings',
      onCreate: call,
      onUpdate: call,
      // On delete the account keeps its SMS settings: other stacks in the account may rely on them.
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] }),
      ]),
      role,
      logGroup,
      installLatestAwsSdk: false,
      timeout: Duration.minutes(2),
    });
    Validations.of(settings).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'sns:SetSMSAttributes is an account-level call with no resource ARN (IAM supports only "*"); the ' +
        'deploy-time function may make this one call and write to its own log group, nothing else.',
    });
  }
}

export { SES_DIMENSION, SES_EVENTS, SignetMessaging };
