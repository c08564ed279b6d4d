// test/integration/local: the SMS gateway (infra/local/sms-gateway.ts) through the real SNS client.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InvalidParameterException,
  ListTopicsCommand,
  PublishCommand,
  SNSClient,
  SNSServiceException,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmsGateway, type SmsGateway } from '../../../infra/local/sms-gateway.js';
import { readSms } from '../../helpers/local-servers.js';

const snsClient = (endpoint: string): SNSClient =>
  new SNSClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

describe('Function: startSmsGateway', () => {
  let dataDir: string;
  let gateway: SmsGateway;
  let sns: SNSClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'signet-sms-'));
    gateway = await startSmsGateway({ port: 0, outboxFile: join(dataDir, 'sms-outbox.jsonl') });
    sns = snsClient(gateway.url);
  });

  afterAll(async () => {
    sns.destroy();
    await gateway.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('records a Publish to a phone number with exactly the fields the outbox promises', async () => {
    // Prepare
    const before = Date.now();

    // Act
    const response = await sns.send(
      new PublishCommand({
        PhoneNumber: '+447700900123',
        Message: 'Your Signet code is 123456 & expires soon',
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      }),
    );

    // Assess
    expect(response.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const messages = await readSms(gateway.url);
    const record = messages.find((message) => message.messageId === response.MessageId);
    expect(record).toEqual({
      messageId: response.MessageId,
      phoneNumber: '+447700900123',
      message: 'Your Signet code is 123456 & expires soon',
      at: expect.any(String),
    });
    expect(Object.keys(record ?? {}).sort()).toEqual(['at', 'message', 'messageId', 'phoneNumber']);
    expect(new Date(record?.at ?? '').toISOString()).toBe(record?.at);
    expect(Date.parse(record?.at ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(gateway.messages()).toContainEqual(record);
  });

  it('keeps the outbox oldest first', async () => {
    // Act
    const first = await sns.send(new PublishCommand({ PhoneNumber: '+14155550100', Message: 'first' }));
    const second = await sns.send(new PublishCommand({ PhoneNumber: '+14155550100', Message: 'second' }));

    // Assess
    const ids = (await readSms(gateway.url)).map((message) => message.messageId);
    expect(ids.indexOf(first.MessageId ?? '')).toBeLessThan(ids.indexOf(second.MessageId ?? ''));
  });

  it('delivers the sms entry of a JSON message structure', async () => {
    // Act
    const response = await sns.send(
      new PublishCommand({
        PhoneNumber: '+447700900124',
        MessageStructure: 'json',
        Message: JSON.stringify({ default: 'default text', sms: 'sms text' }),
      }),
    );

    // Assess
    expect(gateway.messages().find((message) => message.messageId === response.MessageId)?.message).toBe(
      'sms text',
    );
  });

  it('refuses a Publish to a topic with a typed InvalidParameterException and records nothing', async () => {
    // Prepare
    const count = gateway.messages().length;

    // Act
    const error = await sns
      .send(new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-2:000000000000:topic', Message: 'hello' }))
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect((error as InvalidParameterException).$metadata.httpStatusCode).toBe(400);
    expect((error as InvalidParameterException).$fault).toBe('client');
    expect(gateway.messages()).toHaveLength(count);
  });

  it('refuses a number that is not E.164 and an empty message with InvalidParameterException', async () => {
    // Act
    const badNumber = await sns
      .send(new PublishCommand({ PhoneNumber: '07700 900123', Message: 'hello' }))
      .catch((caught: unknown) => caught);
    const emptyMessage = await sns
      .send(new PublishCommand({ PhoneNumber: '+447700900123', Message: '' }))
      .catch((caught: unknown) => caught);

    // Assess
    expect(badNumber).toBeInstanceOf(InvalidParameterException);
    expect((badNumber as Error).message).not.toContain('900123');
    expect(emptyMessage).toBeInstanceOf(InvalidParameterException);
  });

  it('answers any other action with an InvalidAction service exception', async () => {
    // Act
    const error = await sns.send(new ListTopicsCommand({})).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(SNSServiceException);
    expect((error as SNSServiceException).name).toBe('InvalidAction');
    expect((error as SNSServiceException).$metadata.httpStatusCode).toBe(400);
  });

  it('answers an unsigned request with MissingAuthenticationToken (403)', async () => {
    // Act
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=Publish&Version=2010-03-31&PhoneNumber=%2B447700900123&Message=hi',
    });

    // Assess
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>MissingAuthenticationToken</Code>');
  });

  it('escapes what it received on the HTML page', async () => {
    // Prepare
    await sns.send(
      new PublishCommand({
        PhoneNumber: '+447700900125',
        Message: '<script>alert("x")</script> & <b>bold</b>',
      }),
    );

    // Act
    const response = await fetch(gateway.url);
    const html = await response.text();

    // Assess
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain(
      '&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#60;b&#62;bold&#60;/b&#62;',
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>bold</b>');
  });

  it('appends to the outbox file (mode 0600) and reloads it after a restart', async () => {
    // Prepare
    const outboxFile = join(dataDir, 'restart.jsonl');
    const first = await startSmsGateway({ port: 0, outboxFile });
    const client = snsClient(first.url);
    const sent = await client.send(
      new PublishCommand({ PhoneNumber: '+33612345678', Message: 'before restart' }),
    );
    client.destroy();
    await first.close();

    // Act
    const second = await startSmsGateway({ port: 0, outboxFile });
    const messages = await readSms(second.url);
    await second.close();

    // Assess
    expect(messages).toEqual([
      {
        messageId: sent.MessageId,
        phoneNumber: '+33612345678',
        message: 'before restart',
        at: expect.any(String),
      },
    ]);
    expect((await stat(outboxFile)).mode & 0o777).toBe(0o600);
    expect((await readFile(outboxFile, 'utf8')).trim().split('\n')).toHaveLength(1);
  });
});
