// test/unit/adapters/sns: the texter's refusal outside sms.allowedCountries, with the SNS client mocked
// (aws-sdk-client-mock): no Publish for a refused number, and the exact parameters of those that are sent.
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SmsCountryRefusedError } from '../../../../shared/adapters/sns/errors.js';
import { createSnsTexter } from '../../../../shared/adapters/sns/sns-texter.js';
import type { PhoneNumber } from '../../../../shared/domain/types.js';
import type { MetricName } from '../../../../shared/observability/metrics.js';

const sns = mockClient(SNSClient);

/** A texter for GB and US on the mocked client, and the metrics it emitted. */
const texterFor = () => {
  const metrics: { name: MetricName; value: number }[] = [];
  const texter = createSnsTexter({
    client: new SNSClient({ region: 'eu-west-2' }),
    senderId: 'Signet',
    allowedCountries: ['GB', 'US'],
    metrics: (name, value) => metrics.push({ name, value }),
  });
  return { texter, metrics };
};

afterEach(() => {
  sns.reset();
});

describe('Function: createSnsTexter', () => {
  describe('Method: send', () => {
    it('refuses a number outside sms.allowedCountries: no Publish, one SmsCountryRefused, an error without the number', async () => {
      // Prepare
      sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
      const { texter, metrics } = texterFor();

      // Act
      const refusals = await Promise.all(
        ['+61491570156', '+33612345678', '+447700900123'].map((to) =>
          texter.send({ to: to as PhoneNumber, text: 'Signet code: 123456.' }).then(
            () => undefined,
            (error: unknown) => error,
          ),
        ),
      );

      // Assess
      expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
      for (const error of refusals) {
        expect(error).toBeInstanceOf(SmsCountryRefusedError);
        expect(String((error as Error).message)).not.toMatch(/\d{6}/);
      }
      expect(metrics).toEqual([
        { name: 'SmsCountryRefused', value: 1 },
        { name: 'SmsCountryRefused', value: 1 },
        { name: 'SmsCountryRefused', value: 1 },
      ]);
    });

    it('publishes a number of an allowed country with exactly these parameters', async () => {
      // Prepare
      sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
      const { texter, metrics } = texterFor();

      // Act
      await texter.send({ to: '+447400123456' as PhoneNumber, text: 'Signet code: 123456.' });
      await texter.send({ to: '+12025550123' as PhoneNumber, text: 'Signet code: 654321.' });

      // Assess
      expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
        {
          PhoneNumber: '+447400123456',
          Message: 'Signet code: 123456.',
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'Signet' },
          },
        },
        {
          PhoneNumber: '+12025550123',
          Message: 'Signet code: 654321.',
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'Signet' },
          },
        },
      ]);
      expect(metrics).toEqual([]);
    });
  });
});
