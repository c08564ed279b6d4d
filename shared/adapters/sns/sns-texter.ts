// shared/adapters/sns: the Texter port on Amazon SNS (Publish straight to a phone number). The caller
// builds the SNSClient once per container (shared/adapters/wiring/courier.ts) and passes it in; locally its
// endpoint points at the SMS gateway of infra/local. Errors propagate: the courier turns them into safe ones.
import { PublishCommand } from '@aws-sdk/client-sns';
import type { MessageAttributeValue, SNSClient } from '@aws-sdk/client-sns';
import type { Texter } from '../../domain/ports.js';

interface SnsTexterOptions {
  readonly client: SNSClient;
  /** Alphanumeric sender id, where the destination country supports one. */
  readonly senderId?: string;
  /** E.164 origination number (long code, toll-free or 10DLC), where the destination requires one. */
  readonly originationNumber?: string;
}

const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

/**
 * @example
 * const texter = createSnsTexter({ client: new SNSClient({}), senderId: settings.sms.senderId });
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
  return {
    send: async ({ to, text: message }) => {
      await options.client.send(
        new PublishCommand({ PhoneNumber: to, Message: message, MessageAttributes: attributes }),
      );
    },
  };
};

export { createSnsTexter };
export type { SnsTexterOptions };
