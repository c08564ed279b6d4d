// test/integration/adapters/sns: the SNS texter through the real SDK client against the local SMS gateway
// (infra/local/sms-gateway.ts), which answers Publish as SNS does and lists what it received.
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmsGateway } from '../../../../infra/local/sms-gateway.js';
import type { SmsGateway } from '../../../../infra/local/sms-gateway.js';
import { createSnsTexter } from '../../../../shared/adapters/sns/sns-texter.js';
import type { PhoneNumber } from '../../../../shared/domain/types.js';

interface ReceivedSms {
  readonly messageId: string;
  readonly phoneNumber: string;
  readonly message: string;
  readonly at: string;
}

let gateway: SmsGateway;

const newClient = (): SNSClient =>
  new SNSClient({
    endpoint: gateway.url,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

/** What the gateway received for one number, read over HTTP as any other client would. */
const receivedBy = async (phoneNumber: string): Promise<ReceivedSms[]> => {
  const response = await fetch(`${gateway.url}/messages`);
  expect(response.status).toBe(200);
  const { messages } = (await response.json()) as { messages: ReceivedSms[] };
  return messages.filter((message) => message.phoneNumber === phoneNumber);
};

/** A client that also records the form parameters of each request it sends. */
const observedClient = (): { client: SNSClient; requests: URLSearchParams[] } => {
  const client = newClient();
  const requests: URLSearchParams[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const { body } = args.request as { body?: unknown };
      requests.push(
        new URLSearchParams(body instanceof Uint8Array ? new TextDecoder().decode(body) : String(body)),
      );
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordRequestBody' },
  );
  return { client, requests };
};

/** The message attributes of an awsQuery Publish, as name → string value. */
const attributesOf = (params: URLSearchParams): Record<string, string> => {
  const attributes: Record<string, string> = {};
  for (let entry = 1; params.has(`MessageAttributes.entry.${entry}.Name`); entry += 1) {
    const prefix = `MessageAttributes.entry.${entry}`;
    expect(params.get(`${prefix}.Value.DataType`)).toBe('String');
    attributes[params.get(`${prefix}.Name`) ?? ''] = params.get(`${prefix}.Value.StringValue`) ?? '';
  }
  return attributes;
};

beforeAll(async () => {
  gateway = await startSmsGateway({ port: 0 });
});

afterAll(async () => {
  await gateway?.close();
});

describe('Function: createSnsTexter', () => {
  it('texts the exact message to the exact number', async () => {
    // Prepare
    const client = newClient();
    const texter = createSnsTexter({ allowedCountries: ['GB', 'US', 'CN', 'DE', 'FR'], client });

    // Act
    await texter.send({
      to: '+447400900123' as PhoneNumber,
      text: 'Signet code: 123456. Valid 10 min. Never share it.',
    });

    // Assess
    const received = await receivedBy('+447400900123');
    expect(received).toHaveLength(1);
    expect(received[0]?.message).toBe('Signet code: 123456. Valid 10 min. Never share it.');
    client.destroy();
  });

  it('keeps a Chinese text intact', async () => {
    // Prepare
    const client = newClient();
    const texter = createSnsTexter({ allowedCountries: ['GB', 'US', 'CN', 'DE', 'FR'], client });

    // Act
    await texter.send({
      to: '+8613800138000' as PhoneNumber,
      text: '【Signet】验证码：654321，10分钟内有效。请勿告诉他人。',
    });

    // Assess
    const received = await receivedBy('+8613800138000');
    expect(received.map((sms) => sms.message)).toEqual([
      '【Signet】验证码：654321，10分钟内有效。请勿告诉他人。',
    ]);
    client.destroy();
  });

  it('marks every text transactional, and sends no sender id or origination number unless configured', async () => {
    // Prepare
    const { client, requests } = observedClient();
    const texter = createSnsTexter({ allowedCountries: ['GB', 'US', 'CN', 'DE', 'FR'], client });

    // Act
    await texter.send({
      to: '+12025550123' as PhoneNumber,
      text: 'Signet code: 111111. Valid 10 min. Never share it.',
    });

    // Assess
    expect(requests).toHaveLength(1);
    expect(requests[0]?.get('Action')).toBe('Publish');
    expect(requests[0]?.get('PhoneNumber')).toBe('+12025550123');
    expect(attributesOf(requests[0] ?? new URLSearchParams())).toEqual({
      'AWS.SNS.SMS.SMSType': 'Transactional',
    });
    expect(await receivedBy('+12025550123')).toHaveLength(1);
    client.destroy();
  });

  it('sends the configured sender id and origination number', async () => {
    // Prepare
    const { client, requests } = observedClient();
    const texter = createSnsTexter({ allowedCountries: ['GB', 'US', 'CN', 'DE', 'FR'], client, senderId: 'Signet', originationNumber: '+18005550199' });

    // Act
    await texter.send({
      to: '+33612345678' as PhoneNumber,
      text: 'Signet code: 222222. Valid 10 min. Never share it.',
    });

    // Assess
    expect(attributesOf(requests[0] ?? new URLSearchParams())).toEqual({
      'AWS.SNS.SMS.SMSType': 'Transactional',
      'AWS.SNS.SMS.SenderID': 'Signet',
      'AWS.MM.SMS.OriginationNumber': '+18005550199',
    });
    expect((await receivedBy('+33612345678')).map((sms) => sms.message)).toEqual([
      'Signet code: 222222. Valid 10 min. Never share it.',
    ]);
    client.destroy();
  });

  it('rejects when SNS does not take the message', async () => {
    // Prepare
    const client = newClient();
    const texter = createSnsTexter({ allowedCountries: ['GB', 'US', 'CN', 'DE', 'FR'], client });

    // Act
    // A GB number (so the country check lets it through) that is not E.164, which SNS refuses.
    const sending = texter.send({ to: '+44 7400 900123' as PhoneNumber, text: 'Signet code: 333333.' });

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(await receivedBy('+44 7400 900123')).toEqual([]);
    client.destroy();
  });
});
