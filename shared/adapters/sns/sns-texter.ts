// shared/adapters/sns: the Texter port on Amazon SNS (Publish straight to a phone number). The caller
// builds the SNSClient once per container (shared/adapters/wiring/courier.ts) and passes it in; locally its
// endpoint points at the SMS gateway of infra/local. Errors propagate: the courier turns them into safe ones.
// A second line of defence behind the request schemas: a number outside sms.allowedCountries is never sent.
import { PublishCommand } from '@aws-sdk/client-sns';
import type { MessageAttributeValue, SNSClient } from '@aws-sdk/client-sns';
import { phoneRegion } from '../../domain/contact/phone.js';
import type { Texter } from '../../domain/ports.js';
import { emfSink, METRIC_NAMES, type MetricSink } from '../../observability/metrics.js';
import { SmsCountryRefusedError } from './errors.js';

interface SnsTexterOptions {
  readonly client: SNSClient;
  /** Alphanumeric sender id, where the destination country supports one. */
  readonly senderId?: string;
  /** E.164 origination number (long code, toll-free or 10DLC), where the destination requires one. */
  readonly originationNumber?: string;
  /** ISO 3166-1 alpha-2 countries that may be texted (settings.sms.allowedCountries); any other is refused. */
  readonly allowedCountries: readonly string[];
  /** Where the refusal metric goes; defaults to EMF on stdout. */
  readonly metrics?: MetricSink;
}

const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

/**
 * @example
 * const texter = createSnsTexter({ client: new SNSClient({}), allowedCountries: settings.sms.allowedCountries });
 * @throws SmsCountryRefusedError from `send` for a number of another country (and counts SmsCountryRefused).
 */
const createSnsTexter = (options: SnsTexterOptions): Texter => {
  // Codes are transactional: SNS routes them for reliability rather than cost.
  const attributes: Record<string, MessageAttributeValue> = {
    'AWS.SNS.SMS.SMSType': text('Transactional'),
  };
  if (options.senderId !== undefined) attributes['AWS.SNS.SMS.SenderID'] = text(options.senderId);
  if (options.originationNumber !== undefined) {
    attributes['AWS.MM.SMS.OriginationNumber'] = text(options.originationNumber);
  }
  const allowed = new Set(options.allowedCountries);
  const metrics = options.metrics ?? emfSink;
  return {
    send: async ({ to, text: message }) => {
      if (!allowed.has(phoneRegion(to) ?? '')) {
        metrics(METRIC_NAMES.smsCountryRefused, 1);
        throw new SmsCountryRefusedError();
      }
      await options.client.send(
        new PublishCommand({ PhoneNumber: to, Message: message, MessageAttributes: attributes }),
      );
    },
  };
};

export { createSnsTexter };
export type { SnsTexterOptions };
