// test/integration/domain/courier: the courier on both real adapters, through the real SDK clients, to
// aws-ses-v2-local and the local SMS gateway: what a user would receive, byte for byte.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import sesLocal from 'aws-ses-v2-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmsGateway } from '../../../../infra/local/sms-gateway.js';
import type { SmsGateway } from '../../../../infra/local/sms-gateway.js';
import { createSesV2Mailer } from '../../../../shared/adapters/ses/sesv2-mailer.js';
import { createSnsTexter } from '../../../../shared/adapters/sns/sns-texter.js';
import type { MessageNotSentError } from '../../../../shared/domain/courier/message-courier.js';
import { createMessageCourier } from '../../../../shared/domain/courier/message-courier.js';
import { DeliveryUnavailableError } from '../../../../shared/domain/errors.js';
import type { Courier } from '../../../../shared/domain/ports.js';
import type { EmailAddress, PhoneNumber } from '../../../../shared/domain/types.js';

// aws-ses-v2-local is CommonJS: Node's own loader hands its exports object to a default import,
// vitest's interop hands the function itself. Accept either.
type StartSesLocal = typeof sesLocal.default;
const startSesLocal: StartSesLocal =
  typeof sesLocal === 'function' ? (sesLocal as unknown as StartSesLocal) : sesLocal.default;

const FROM = 'no-reply@signet.example';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

interface StoredEmail {
  readonly from: string;
  readonly destination: { readonly to: string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
}

let sesServer: Server;
let sesUrl: string;
let gateway: SmsGateway;
let ses: SESv2Client;
let sns: SNSClient;
let courier: Courier;

const emailsTo = async (address: string): Promise<StoredEmail[]> => {
  const { emails } = (await (await fetch(`${sesUrl}/store`)).json()) as { emails: StoredEmail[] };
  return emails.filter((email) => email.destination.to.includes(address));
};

const textsTo = async (phoneNumber: string): Promise<string[]> => {
  const { messages } = (await (await fetch(`${gateway.url}/messages`)).json()) as {
    messages: { phoneNumber: string; message: string }[];
  };
  return messages.filter((sms) => sms.phoneNumber === phoneNumber).map((sms) => sms.message);
};

/** A port nothing listens on. */
const closedPort = async (): Promise<number> => {
  const server = await startSesLocal({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

beforeAll(async () => {
  sesServer = await startSesLocal({ host: '127.0.0.1', port: 0 });
  sesUrl = `http://127.0.0.1:${(sesServer.address() as AddressInfo).port}`;
  gateway = await startSmsGateway({ port: 0 });
  ses = new SESv2Client({ endpoint: sesUrl, region: 'eu-west-2', credentials, maxAttempts: 1 });
  sns = new SNSClient({ endpoint: gateway.url, region: 'eu-west-2', credentials, maxAttempts: 1 });
  courier = createMessageCourier({
    mailer: createSesV2Mailer({ client: ses, fromAddress: FROM }),
    texter: createSnsTexter({ allowedCountries: ['GB', 'US', 'CN', 'DE', 'FR'], client: sns, senderId: 'Signet' }),
  });
});

afterAll(async () => {
  ses?.destroy();
  sns?.destroy();
  await gateway?.close();
  await new Promise<void>((resolve) => (sesServer ? sesServer.close(() => resolve()) : resolve()));
});

describe('Function: createMessageCourier (on SES v2 and SNS)', () => {
  it('emails a registration code that arrives with its code, in English', async () => {
    // Act
    await courier.sendCode(
      { channel: 'email', email: 'ada@example.com' as EmailAddress },
      { purpose: 'registration', code: '418203', expiresInMinutes: 10 },
      'en',
    );

    // Assess
    const emails = await emailsTo('ada@example.com');
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(email?.from).toBe(FROM);
    expect(email?.destination.to).toEqual(['ada@example.com']);
    expect(email?.subject).toBe('Your Signet verification code');
    expect(email?.body.text).toContain('Use this code to finish creating your Signet account:\n\n418203\n\n');
    expect(email?.body.text).toContain('The code works once, for 10 minutes.');
    expect(email?.body.html).toContain('<html lang="en">');
    expect(email?.body.html).toMatch(/<p style="[^"]*">418203<\/p>/);
  });

  it('texts a registration code that arrives exactly as written, in Chinese', async () => {
    // Act
    await courier.sendCode(
      { channel: 'sms', phone: '+8613800138000' as PhoneNumber },
      { purpose: 'registration', code: '770145', expiresInMinutes: 10, accountName: 'li.lei' },
      'zh-CN',
    );

    // Assess
    expect(await textsTo('+8613800138000')).toEqual([
      '【Signet】770145是创建账户li.lei的验证码，10分钟内有效，勿告诉他人。',
    ]);
  });

  it('texts a registration code in English, exactly as written', async () => {
    // Act
    await courier.sendCode(
      { channel: 'sms', phone: '+447400900123' as PhoneNumber },
      { purpose: 'registration', code: '123456', expiresInMinutes: 10, accountName: 'ada.lovelace' },
      'en',
    );

    // Assess
    expect(await textsTo('+447400900123')).toEqual([
      'Signet code: 123456 to finish creating the account ada.lovelace. Valid 10 min. Never share it.',
    ]);
  });

  it('emails the owner of a taken address a notice that carries no code', async () => {
    // Act
    await courier.sendNotice(
      { channel: 'email', email: 'owner@example.org' as EmailAddress },
      'registration_attempt',
      'zh-CN',
    );

    // Assess
    const [email] = await emailsTo('owner@example.org');
    expect(email?.subject).toBe('有人尝试使用您的邮箱地址注册');
    expect(email?.body.text).toContain('有人（可能是您本人）尝试使用此邮箱地址注册 Signet 账户。');
    expect(email?.body.text).not.toMatch(/\d{4,}/);
  });

  it('answers DeliveryUnavailableError, naming neither number nor code, when SNS refuses the text', async () => {
    // Act
    const sending = courier.sendCode(
      // A GB number (the texter's country check lets it through), not E.164: SNS refuses it, as it would a
      // number it cannot deliver to.
      { channel: 'sms', phone: '+44 7400 900999' as PhoneNumber },
      { purpose: 'registration', code: '909090', expiresInMinutes: 10 },
      'en',
    );

    // Assess
    const error: unknown = await sending.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(DeliveryUnavailableError);
    expect((error as MessageNotSentError).channel).toBe('sms');
    expect((error as MessageNotSentError).providerErrorName).toBe('InvalidParameterException');
    const views = `${inspect(error)}\n${JSON.stringify(error)}`;
    expect(views).not.toContain('7400 900999');
    expect(views).not.toContain('909090');
  });

  it('answers DeliveryUnavailableError, without the address, when SES cannot be reached', async () => {
    // Prepare
    const unreachable = new SESv2Client({
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      region: 'eu-west-2',
      credentials,
      maxAttempts: 1,
    });
    const offline = createMessageCourier({
      mailer: createSesV2Mailer({ client: unreachable, fromAddress: FROM }),
      texter: createSnsTexter({ allowedCountries: ['GB', 'US', 'CN', 'DE', 'FR'], client: sns }),
    });

    // Act
    const error: unknown = await offline
      .sendCode(
        { channel: 'email', email: 'grace@example.com' as EmailAddress },
        { purpose: 'password_reset', code: '565656', expiresInMinutes: 10 },
        'en',
      )
      .catch((thrown: unknown) => thrown);

    // Assess
    expect(error).toBeInstanceOf(DeliveryUnavailableError);
    expect((error as MessageNotSentError).channel).toBe('email');
    const views = `${inspect(error)}\n${JSON.stringify(error)}`;
    expect(views).not.toContain('grace@example.com');
    expect(views).not.toContain('565656');
    unreachable.destroy();
  });
});
