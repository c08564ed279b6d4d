// test/integration/adapters/ses: the SES v2 mailer through the real SDK client against aws-ses-v2-local,
// started here on a free port; what the server stored (GET /store) is what SES would have sent.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import sesLocal from 'aws-ses-v2-local';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSesV2Mailer } from '../../../../shared/adapters/ses/sesv2-mailer.js';
import type { EmailAddress } from '../../../../shared/domain/types.js';

interface StoredEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: string[]; readonly cc: string[]; readonly bcc: string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
}

// aws-ses-v2-local is CommonJS: Node's own loader hands its exports object to a default import,
// vitest's interop hands the function itself. Accept either.
type StartSesLocal = typeof sesLocal.default;
const startSesLocal: StartSesLocal =
  typeof sesLocal === 'function' ? (sesLocal as unknown as StartSesLocal) : sesLocal.default;

const FROM = 'no-reply@signet.example';

let server: Server;
let url: string;
let client: SESv2Client;

const storedEmails = async (): Promise<StoredEmail[]> => {
  const response = await fetch(`${url}/store`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
};

beforeAll(async () => {
  server = await startSesLocal({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new SESv2Client({
    endpoint: url,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

beforeEach(async () => {
  await fetch(`${url}/clear-store`, { method: 'POST' });
});

afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe('Function: createSesV2Mailer', () => {
  it('sends one email with the exact sender, recipient, subject, text and HTML', async () => {
    // Prepare
    const mailer = createSesV2Mailer({ client, fromAddress: FROM });
    const html =
      '<!DOCTYPE html>\n<html lang="en"><body><p>Your code is <b>123456</b> &amp; works once.</p></body></html>\n';

    // Act
    await mailer.send({
      to: 'ada@example.com' as EmailAddress,
      subject: 'Your Signet verification code',
      text: 'Your code is 123456.\n\nIt works once.\n',
      html,
    });

    // Assess
    const emails = await storedEmails();
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      from: FROM,
      destination: { to: ['ada@example.com'], cc: [], bcc: [] },
      subject: 'Your Signet verification code',
      body: { text: 'Your code is 123456.\n\nIt works once.\n', html },
    });
  });

  it('keeps Chinese subjects and bodies intact (UTF-8 end to end)', async () => {
    // Prepare
    const mailer = createSesV2Mailer({ client, fromAddress: FROM });

    // Act
    await mailer.send({
      to: 'wei@example.cn' as EmailAddress,
      subject: '您的 Signet 验证码',
      text: '请使用以下验证码完成 Signet 账户注册：\n\n654321\n',
      html: '<p>请使用以下验证码完成 Signet 账户注册：</p><p>654321</p>',
    });

    // Assess
    const [email] = await storedEmails();
    expect(email?.destination.to).toEqual(['wei@example.cn']);
    expect(email?.subject).toBe('您的 Signet 验证码');
    expect(email?.body.text).toBe('请使用以下验证码完成 Signet 账户注册：\n\n654321\n');
    expect(email?.body.html).toBe('<p>请使用以下验证码完成 Signet 账户注册：</p><p>654321</p>');
  });

  it('names the configuration set and UTF-8 charsets on the wire when one is configured', async () => {
    // Prepare
    const observed = new SESv2Client({
      endpoint: url,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const bodies: unknown[] = [];
    observed.middlewareStack.add(
      (next) => async (args) => {
        const { body } = args.request as { body?: unknown };
        bodies.push(JSON.parse(body instanceof Uint8Array ? new TextDecoder().decode(body) : String(body)));
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordRequestBody' },
    );
    const mailer = createSesV2Mailer({ client: observed, fromAddress: FROM, configurationSet: 'signet-dev' });

    // Act
    await mailer.send({ to: 'ada@example.com' as EmailAddress, subject: 's', text: 't', html: '<p>h</p>' });

    // Assess
    expect(bodies).toEqual([
      {
        FromEmailAddress: FROM,
        Destination: { ToAddresses: ['ada@example.com'] },
        ConfigurationSetName: 'signet-dev',
        Content: {
          Simple: {
            Subject: { Data: 's', Charset: 'UTF-8' },
            Body: { Text: { Data: 't', Charset: 'UTF-8' }, Html: { Data: '<p>h</p>', Charset: 'UTF-8' } },
          },
        },
      },
    ]);
    expect(await storedEmails()).toHaveLength(1);
    observed.destroy();
  });

  it('rejects when SES does not take the message', async () => {
    // Prepare: SES refuses a send without a sender.
    const mailer = createSesV2Mailer({ client, fromAddress: '' });

    // Act
    const sending = mailer.send({
      to: 'ada@example.com' as EmailAddress,
      subject: 's',
      text: 't',
      html: 'h',
    });

    // Assess
    await expect(sending).rejects.toThrow();
    expect(await storedEmails()).toEqual([]);
  });
});
